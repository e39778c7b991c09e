/**
 * The per-service scenario of the cost-allocation blog post (seed 003): two services share
 * Claude 3.5 Sonnet v2 in us-west-2, each through its own application inference profile
 * tagged Service=service-1 / service-2, so the bill splits per service. A third profile copies
 * the US cross-Region profile of Claude 3.5 Haiku.
 *
 * Run offline, without AWS credentials:  npm run example
 * Deploy (credentials needed):            cd examples && npx cdk deploy
 */
import * as path from 'path';
import { App, Aspects, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  BedrockModelId,
  CostAllocatedProfile,
  CrossRegionGeo,
  ProfileSource,
  RequiredTagsPolicy,
} from '../src';

/** One stack per service team or platform account, holding its tagged profiles. */
export class PerServiceProfilesStack extends Stack {
  public readonly service1: CostAllocatedProfile;
  public readonly service2: CostAllocatedProfile;
  public readonly batchSummaries: CostAllocatedProfile;
  public readonly service1Caller: iam.Role;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    const sonnetV2 = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);

    this.service1 = new CostAllocatedProfile(this, 'Service1', {
      source: sonnetV2,
      description: 'service1 profile',
      costAllocationTags: { Service: 'service-1' },
      ssmParameterPrefix: '/bedrock/profiles/service-1',
      stackOutputs: true,
    });

    this.service2 = new CostAllocatedProfile(this, 'Service2', {
      source: sonnetV2,
      description: 'service2 profile',
      costAllocationTags: { Service: 'service-2' },
      ssmParameterPrefix: '/bedrock/profiles/service-2',
      stackOutputs: true,
    });

    // Copies the system profile us.anthropic.claude-3-5-haiku-20241022-v1:0, so requests may
    // run in any US Region; the grant covers all of them.
    this.batchSummaries = new CostAllocatedProfile(this, 'BatchSummaries', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU),
      costAllocationTags: { Service: 'batch-summaries' },
      ssmParameterPrefix: '/bedrock/profiles/batch-summaries',
    });

    // service-1's workload runs as this role (a Lambda function, say): it may invoke (and
    // stream) through its own profile only, and read the profile to learn the model behind it.
    this.service1Caller = new iam.Role(this, 'Service1Caller', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs service-1 inference through its cost-allocated Bedrock profile',
    });
    this.service1.grantInvoke(this.service1Caller);
    this.service1.grantGetProfile(this.service1Caller);
  }
}

/** Builds the example app: one stack in us-west-2, checked by cdk-nag and a tag policy. */
export function buildPerServiceApp(outdir?: string): { app: App; stack: PerServiceProfilesStack } {
  const app = new App({ outdir });
  // The platform team requires a Service tag on every profile in the app.
  RequiredTagsPolicy.apply(app, { tagKeys: ['Service'] });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const stack = new PerServiceProfilesStack(app, 'BedrockPerServiceProfiles', {
    // The account stays a deploy-time token, so synthesis needs no credentials.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-west-2' },
  });
  return { app, stack };
}

if (require.main === module) {
  const outdir = process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out');
  const { app, stack } = buildPerServiceApp(outdir);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName);
  console.log(`Synthesized ${stack.stackName} (${stack.region}) to ${path.relative(process.cwd(), template.templateFullPath)}`);
  for (const profile of [stack.service1, stack.service2, stack.batchSummaries]) {
    console.log(`  ${profile.node.id}: ${profile.profileName} <- ${profile.geoPrefix ? `${profile.geoPrefix}.` : ''}${profile.modelId}` +
      ` (Regions: ${profile.destinationRegions.join(', ')})`);
  }
}
