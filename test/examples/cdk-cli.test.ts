import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { codeBlocksOf, ROOT } from '../docs/markdown';

/**
 * The examples as a user runs them: `cd examples && npx cdk synth`, through the real cdk CLI and
 * examples/cdk.json, offline and without AWS credentials. Slower than the other example tests
 * (one synthesis of every example in a child process, about 10 s of CPU), because it is the
 * only test of the CLI path: cdk.json, ts-node, the app's entry point, stage stack selectors.
 */
const EXAMPLES = path.join(ROOT, 'examples');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');

/** An environment with no AWS credentials, no telemetry, no version check and no network lookups. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AWS_|CDK_)/.test(name)) delete env[name];
  }
  return {
    ...env,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    // A shard assignment that does not match teams.yaml fails synthesis instead of being rewritten.
    CI: 'true',
  };
}

function cdk(args: string[]): string {
  return execFileSync(CDK, [...args, '--no-notices'], { cwd: EXAMPLES, env: offlineEnv(), encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The stacks `cdk ls` prints, by their paths. */
function listed(output: string): string[] {
  return output.split('\n').map(l => l.trim()).filter(l => l !== '').map(l => l.split(' ')[0]);
}

describe('examples/ through the cdk CLI', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-cdk-'));
  cdk(['synth', '--quiet', '--output', outdir]);
  const shards: Record<string, string[][]> = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'teams.shards.json'), 'utf-8')).targets;
  const shardPaths = (target: string) => shards[target].map((_, i) => `Vending/${target}/Shard${String(i).padStart(2, '0')}`);

  test('cdk synth synthesizes every example stack from examples/cdk.json', () => {
    const all = listed(cdk(['ls', '--app', outdir]));
    expect(all).toEqual([
      'BedrockPerServiceProfiles', 'BedrockInvocationLogging', 'BedrockAttributionWorkloads', 'BedrockAttributionBilling',
      ...shardPaths('prod-us'), ...shardPaths('prod-eu'),
    ]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
    expect(manifest.artifacts.BedrockPerServiceProfiles.environment).toBe('aws://unknown-account/us-east-1');
    expect(fs.existsSync(path.join(outdir, 'BedrockPerServiceProfiles.bedrock-cost.md'))).toBe(true);
  });

  test.each([
    ['README.md'],
    ['docs/vending.md'],
    ['examples/README.md'],
  ])("the vending deploy selector documented in %s selects exactly one target's shard stacks", file => {
    const selectors = codeBlocksOf(file).flatMap(b => [...b.code.matchAll(/cdk deploy '(Vending\/[^']+)'/g)].map(m => m[1]));
    const inProse = [...fs.readFileSync(path.join(ROOT, file), 'utf-8').matchAll(/`cdk deploy '([^']+)'`/g)].map(m => m[1]);
    const documented = [...selectors, ...inProse];
    expect(documented).toEqual(['Vending/prod-us/*']);
    expect(listed(cdk(['ls', '--app', outdir, documented[0]]))).toEqual(shardPaths('prod-us'));
  });
});
