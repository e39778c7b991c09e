import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { AlertTarget, BedrockModelId, CostAllocatedProfile, CrossRegionGeo, ProfileBudget, ProfileSource } from '../../src';

export type Variant = 'before' | 'after';

/**
 * A pull request's two cloud assemblies, with today's pricing dimensions: service tiers, global
 * and regional rates, 1-hour cache writes, long context, and stale prices. Synthesized from real
 * constructs with the embedded catalog; every price date is pinned, so the output is the same on
 * any day (docs/cli.md shows it).
 *
 * Synthesizes one side into a fresh directory, and returns it.
 */
export function synthDiffScenario(variant: Variant): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `diff-${variant}-`));
  const app = new App({ outdir });
  const after = variant === 'after';
  const virginia = new Stack(app, 'Virginia', { env: { region: 'us-east-1' } });
  const chat = new CostAllocatedProfile(virginia, 'Chat', {
    // us. → global.: the global rate, and long context from the after side on.
    source: ProfileSource.crossRegion(after ? CrossRegionGeo.GLOBAL : CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_6),
    costAllocationTags: { Service: 'chat' },
    pricesAsOf: '2026-12-01',
    expectedUsage: {
      daysPerMonth: 30, requestsPerDay: 10000, inputTokensPerRequest: 2000, outputTokensPerRequest: 300, longContextShare: after ? 0.1 : 0,
    },
  });
  new CostAllocatedProfile(virginia, 'Agent', {
    source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, BedrockModelId.ANTHROPIC_CLAUDE_FABLE_5_1),
    costAllocationTags: { Service: 'agent' },
    pricesAsOf: '2026-12-01',
    // 5-minute cache writes → 1-hour ones
    expectedUsage: {
      daysPerMonth: 30,
      requestsPerDay: 1000,
      inputTokensPerRequest: 20000,
      outputTokensPerRequest: 1000,
      cacheReadShare: 0.5,
      cacheWriteShare: after ? 0 : 0.1,
      cacheWrite1hShare: after ? 0.1 : 0,
    },
  });
  new CostAllocatedProfile(virginia, 'Legacy', {
    // The same cost, priced as of a later date: its 2025 prices become stale.
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_HAIKU),
    costAllocationTags: { Service: 'legacy' },
    pricesAsOf: after ? '2026-12-01' : '2025-03-01',
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 2000, outputTokensPerRequest: 300 },
  });
  new ProfileBudget(virginia, 'ChatBudget', { profiles: [chat], tagKey: 'Service', alertTargets: [AlertTarget.email('chat@example.com')] });
  const ohio = new Stack(app, 'Ohio', { env: { region: 'us-east-2' } });
  new CostAllocatedProfile(ohio, 'Lite', {
    // Standard only → half flex, a tenth priority
    source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.AMAZON_NOVA_2_LITE),
    costAllocationTags: { Service: 'lite' },
    pricesAsOf: '2026-12-01',
    expectedUsage: {
      daysPerMonth: 30,
      requestsPerDay: 10000,
      inputTokensPerRequest: 2000,
      outputTokensPerRequest: 300,
      serviceTier: after ? { flex: 0.5, priority: 0.1 } : undefined,
    },
  });
  app.synth();
  return outdir;
}
