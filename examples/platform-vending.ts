/**
 * A platform team vends tagged Bedrock profiles to twenty product teams from one config
 * (examples/teams.yaml) into two accounts and Regions: one CDK stage per target, teams
 * sharded over stacks, the shard assignment kept in examples/teams.shards.json.
 *
 * Synthesize offline:  npx ts-node --project examples/tsconfig.json examples/platform-vending.ts
 * Deploy one target:   cd examples && npx cdk deploy 'prod-us/*' --app 'npx ts-node platform-vending.ts'
 */
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformVending, VendingConfiguration } from '../src';

export function buildPlatformVendingApp(options: { outdir?: string; shardAssignmentFile?: string } = {}) {
  const app = new App({ outdir: options.outdir });
  const vending = new PlatformVending(app, 'Vending', {
    config: VendingConfiguration.fromFile(path.join(__dirname, 'teams.yaml')),
    shardAssignmentFile: options.shardAssignmentFile ?? path.join(__dirname, 'teams.shards.json'),
    // CI sets CI=true: a stale assignment file then fails synthesis instead of being rewritten.
    updateShardAssignment: process.env.CI !== 'true',
    // Small shards, to show the sharding with twenty teams (the default is 480 resources).
    maxResourcesPerStack: 150,
  });
  // Aspects do not cross stage boundaries: check each stage.
  for (const stage of vending.stages) {
    Aspects.of(stage).add(new AwsSolutionsChecks({ verbose: true }));
  }
  return { app, vending };
}

if (require.main === module) {
  const { app, vending } = buildPlatformVendingApp({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') });
  app.synth();
  for (const stack of vending.stacks) {
    console.log(`${stack.node.path}: ${stack.stackName} (${stack.account}/${stack.region})`);
  }
}
