/**
 * The per-service scenario of AWS's cost-allocation blog post: two services share Claude Sonnet
 * 4.6 from us-east-1 (the US cross-Region profile), each through its own application inference
 * profile tagged Service=service-1 / service-2, so the bill splits per service. A third profile
 * copies the global cross-Region profile of Claude Haiku 4.5 and sends most of its requests as
 * batch jobs (batch is priced at the global rate). Each profile carries its expected traffic:
 * budgets derive their limits from that forecast, a spend alarm watches service-1 by the
 * minute, and synthesis writes the cost estimate into the cloud assembly.
 *
 * Run offline, without AWS credentials:  npm run example
 * Deploy (credentials needed):            cd examples && npx cdk deploy BedrockPerServiceProfiles
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  BedrockModelId,
  CostAlertTopic,
  CostAllocatedProfile,
  CrossRegionGeo,
  ProfileBudget,
  ProfileSource,
  ProfileSpendAlarm,
  RequiredTagsPolicy,
} from '../src';

/** One stack per service team or platform account, holding its tagged profiles. */
/** Properties of the example stack. */
export interface PerServiceProfilesStackProps extends StackProps {
  /** Who gets the cost alerts. */
  readonly alertEmail?: string;
}

export class PerServiceProfilesStack extends Stack {
  public readonly service1: CostAllocatedProfile;
  public readonly service2: CostAllocatedProfile;
  public readonly batchSummaries: CostAllocatedProfile;
  public readonly service1Caller: iam.Role;
  public readonly alerts: CostAlertTopic;

  constructor(scope: Construct, id: string, props: PerServiceProfilesStackProps = {}) {
    super(scope, id, props);

    // Requests may run in any US Region; the grant covers all of them.
    const sonnet = ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_6);

    this.service1 = new CostAllocatedProfile(this, 'Service1', {
      source: sonnet,
      description: 'service1 profile',
      costAllocationTags: { Service: 'service-1' },
      ssmParameterPrefix: '/bedrock/profiles/service-1',
      stackOutputs: true,
      expectedUsage: {
        daysPerMonth: 30,
        requestsPerDay: 20000,
        inputTokensPerRequest: 1200,
        outputTokensPerRequest: 250,
        cacheReadShare: 0.4,
        cacheWriteShare: 0.05,
        monthlyGrowth: 0.05,
      },
    });

    this.service2 = new CostAllocatedProfile(this, 'Service2', {
      source: sonnet,
      description: 'service2 profile',
      costAllocationTags: { Service: 'service-2' },
      ssmParameterPrefix: '/bedrock/profiles/service-2',
      stackOutputs: true,
      expectedUsage: { daysPerMonth: 30, requestsPerDay: 3000, inputTokensPerRequest: 4000, outputTokensPerRequest: 800 },
    });

    // Copies the system profile global.anthropic.claude-haiku-4-5-20251001-v1:0: requests may
    // run in any commercial Region, at the global rate.
    this.batchSummaries = new CostAllocatedProfile(this, 'BatchSummaries', {
      source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5),
      costAllocationTags: { Service: 'batch-summaries' },
      ssmParameterPrefix: '/bedrock/profiles/batch-summaries',
      expectedUsage: { daysPerMonth: 30, requestsPerDay: 50000, inputTokensPerRequest: 3000, outputTokensPerRequest: 300, batchShare: 0.8 },
    });

    // One topic for every cost alert; its subscribers confirm by email.
    this.alerts = new CostAlertTopic(this, 'CostAlerts', { emails: [props.alertEmail ?? 'finops@example.com'] });

    // A budget per service, filtered by its tag; limit = forecast + 20%, rounded up to the cent.
    // Budgets are the bill, but refresh only a few times a day...
    for (const profile of [this.service1, this.service2, this.batchSummaries]) {
      new ProfileBudget(this, `${profile.node.id}Budget`, { profiles: [profile], alertTargets: [this.alerts.asAlertTarget()] });
    }
    // ...so the biggest spender also gets an alarm on its estimated spend rate, within minutes.
    new ProfileSpendAlarm(this, 'Service1SpendRate', { profile: this.service1, alertTargets: [this.alerts.asAlertTarget()] });

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

/** Builds the example app: one stack in us-east-1, checked by cdk-nag and a tag policy. */
export function buildPerServiceApp(outdir?: string): { app: App; stack: PerServiceProfilesStack } {
  const app = new App({ outdir });
  // The platform team requires a Service tag on every profile in the app.
  RequiredTagsPolicy.apply(app, { tagKeys: ['Service'] });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const stack = new PerServiceProfilesStack(app, 'BedrockPerServiceProfiles', {
    // The account stays a deploy-time token, so synthesis needs no credentials.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
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
  // The cost estimate synthesis wrote next to the template (bedrock-cost report prints it too).
  console.log(`\n${fs.readFileSync(path.join(assembly.directory, `${stack.artifactId}.bedrock-cost.md`), 'utf-8')}`);
}
