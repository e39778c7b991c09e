/**
 * Three kinds of attribution in one app (docs/attribution.md): a tagged profile for the search
 * team's assistant, the same tags on the IAM roles that call Bedrock (so Cost Explorer shows
 * their spend as `iamPrincipal/Team` too, whichever model id they call), and, in the
 * management (payer) account, the billed truth: a CUR 2.0 export queried with Athena, per
 * profile tag, per principal tag and against the forecast this app synthesizes.
 *
 * Synthesize offline:  npx ts-node --project examples/tsconfig.json examples/attribution-stack.ts
 * Deploy:              cd examples && npx cdk deploy BedrockAttributionWorkloads BedrockAttributionBilling
 *
 * In an organization the billing stack belongs to the management account: give it that
 * account's id (and deploy it with that account's credentials).
 */
import * as path from 'path';
import { App, Aspects, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  BedrockCostDataExport,
  BedrockModelId,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAllocationTagActivation,
  CrossRegionGeo,
  PrincipalCostTags,
  ProfileBudget,
  ProfileSource,
} from '../src';

const TEAM_TAGS = { Team: 'search', CostCenter: 'CC-1000' };

/** The search team's workload account: a profile, its caller role, and an existing role tagged. */
export class AttributionWorkloadsStack extends Stack {
  public readonly assistant: CostAllocatedProfile;
  public readonly assistantRole: iam.Role;
  public readonly indexerTags: PrincipalCostTags;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.assistant = new CostAllocatedProfile(this, 'Assistant', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_6),
      costAllocationTags: { ...TEAM_TAGS, Service: 'search-assistant' },
      ssmParameterPrefix: '/bedrock/profiles/search-assistant',
      expectedUsage: { daysPerMonth: 30, requestsPerDay: 8000, inputTokensPerRequest: 600, outputTokensPerRequest: 300 },
    });

    // The assistant's role may invoke through the profile only, and carries the profile's tags:
    // its calls show under the profile's tags and under iamPrincipal/<key> alike.
    this.assistantRole = new iam.Role(this, 'AssistantRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the search assistant through its cost-allocated Bedrock profile',
    });
    this.assistant.grantInvoke(this.assistantRole, { tagGrantee: true });

    // A role made outside this app (a batch indexer) calls models directly: only its principal
    // tags attribute that spend. A custom resource tags it, and untags it when the stack goes.
    this.indexerTags = new PrincipalCostTags(this, 'IndexerTags', {
      costAllocationTags: TEAM_TAGS,
      roleNames: ['search-indexer'],
    });

    // The team's budget on the principal tag: every call its roles make, profile or not.
    const alerts = new CostAlertTopic(this, 'CostAlerts', { emails: ['search-leads@example.com'] });
    new ProfileBudget(this, 'SearchCallersBudget', {
      principals: [this.indexerTags],
      tagKey: 'Team',
      limitUsd: '3000',
      alertTargets: [alerts.asAlertTarget()],
    });
  }
}

/** The management (payer) account, us-east-1: tag activation and the CUR 2.0 export. */
export class AttributionBillingStack extends Stack {
  public readonly activation: CostAllocationTagActivation;
  public readonly dataExport: BedrockCostDataExport;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const principalKey = PrincipalCostTags.costAllocationKey('Team');
    this.activation = new CostAllocationTagActivation(this, 'CostTags', {
      tagKeys: ['Team', 'CostCenter', 'Service', principalKey, PrincipalCostTags.costAllocationKey('CostCenter')],
    });
    // The forecast-vs-actual query compares with the cost reports this app writes at synthesis.
    this.dataExport = new BedrockCostDataExport(this, 'Cur', {
      profileTagKeys: ['Team', 'Service'],
      principalTagKeys: ['Team'],
      billingPeriodsFrom: '2026-01',
    });
  }
}

/** Adds the two stacks to an app (which checks them with cdk-nag). */
export function addAttributionStacks(app: App): { workloads: AttributionWorkloadsStack; billing: AttributionBillingStack } {
  // The accounts stay deploy-time tokens, so synthesis needs no credentials.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' };
  return {
    workloads: new AttributionWorkloadsStack(app, 'BedrockAttributionWorkloads', { env }),
    billing: new AttributionBillingStack(app, 'BedrockAttributionBilling', { env }),
  };
}

/** Builds the example on its own: the two stacks, checked by cdk-nag. */
export function buildAttributionApp(outdir?: string) {
  const app = new App({ outdir });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, ...addAttributionStacks(app) };
}

if (require.main === module) {
  const { app, workloads, billing } = buildAttributionApp(process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out'));
  app.synth();
  console.log(`Synthesized ${workloads.stackName} and ${billing.stackName}`);
  for (const [name, query] of Object.entries(billing.dataExport.namedQueries)) {
    console.log(`  Athena named query ${name}: ${query.name}`);
  }
}
