/**
 * A platform team vends tagged Bedrock profiles to twenty product teams from one config
 * (examples/teams.yaml) into two accounts and Regions: one CDK stage per target, teams
 * sharded over stacks, the shard assignment kept in examples/teams.shards.json.
 *
 * Synthesize offline:  npx ts-node --project examples/tsconfig.json examples/platform-vending.ts
 * Deploy one target:   cd examples && npx cdk deploy 'Vending/prod-us/*'   (app.ts holds all examples)
 */
import * as path from 'path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformVending, VendingConfiguration } from '../src';

/** Where the example keeps the teams' shards (commit it: teams never move between stacks). */
export const SHARD_ASSIGNMENT_FILE = path.join(__dirname, 'teams.shards.json');

export function buildPlatformVendingApp(options: { outdir?: string; shardAssignmentFile?: string } = {}) {
  const app = new App({ outdir: options.outdir });
  return { app, vending: addPlatformVending(app, options.shardAssignmentFile) };
}

/** Adds the vending of examples/teams.yaml to an app, as `Vending/<target>/Shard<NN>` stacks. */
export function addPlatformVending(app: App, shardAssignmentFile: string = SHARD_ASSIGNMENT_FILE): PlatformVending {
  const vending = new PlatformVending(app, 'Vending', {
    config: VendingConfiguration.fromFile(path.join(__dirname, 'teams.yaml')),
    shardAssignmentFile,
    // CI sets CI=true: a stale assignment file then fails synthesis instead of being rewritten.
    updateShardAssignment: process.env.CI !== 'true',
    // Small shards, to show the sharding with twenty teams (the default is 480 resources).
    maxResourcesPerStack: 150,
  });
  // Aspects do not cross stage boundaries: check each stage.
  for (const stage of vending.stages) {
    Aspects.of(stage).add(new AwsSolutionsChecks({ verbose: true }));
  }
  return vending;
}

if (require.main === module) {
  const { app, vending } = buildPlatformVendingApp({ outdir: process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out') });
  app.synth();
  for (const stack of vending.stacks) {
    console.log(`${stack.node.path}: ${stack.stackName} (${stack.account}/${stack.region})`);
  }
}
