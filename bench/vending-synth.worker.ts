/**
 * One measurement of platform vending, in a fresh process: N profiles for N/5 teams of five
 * services (profile, four SSM hand-off parameters, an invoke grant to the team's role, a spend
 * alarm; per team a budget and an alert topic with one email), either through PlatformVending
 * or as the same resources written with raw aws-cdk-lib L1 constructs in the same stage and
 * shard stacks. Then synthesize. Prints one JSON line.
 *
 * Usage: ts-node bench/vending-synth.worker.ts <l2|l1> <profiles> <outdir>
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { VendingConfig } from '../src';

// The compiled lib/ when it is there (npx projen compile), so that neither variant pays for
// ts-node compiling the library during the measurement; else the sources.
const root = path.join(__dirname, '..');
const from = fs.existsSync(path.join(root, 'lib', 'vending', 'platform-vending.js')) ? path.join(root, 'lib') : path.join(root, 'src');
const load = (file: string) => require(path.join(from, file)); // eslint-disable-line @typescript-eslint/no-require-imports
const { PlatformVending, VendingConfiguration } = load('index');
const { assignShards, shardLabel } = load('vending/shard-assignment');
const { teamFootprint } = load('vending/vended-team');
const { planVending } = load('vending/vending-plan');

const [variant, countText, outdir] = process.argv.slice(2);
const count = Number(countText);
const SERVICES_PER_TEAM = 5;
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const TARGET = { name: 'prod', account: '111122223333', region: 'us-east-1' };
const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
/** The metrics the spend alarm reads, by their id in the alarm's expression. */
const TOKEN_METRICS = {
  inputTokens: 'InputTokenCount',
  outputTokens: 'OutputTokenCount',
  cacheReadTokens: 'CacheReadInputTokenCount',
  cacheWriteTokens: 'CacheWriteInputTokenCount',
};

export function benchConfig(profiles: number): VendingConfig {
  return {
    defaults: {
      requiredTags: ['Team', 'CostCenter'],
      pricesAsOf: '2025-03-01',
      budget: { alertEmails: ['finops@example.com'] },
      spendAlarms: process.env.BENCH_NO_ALARMS === undefined,
    },
    targets: [TARGET],
    teams: Array.from({ length: Math.ceil(profiles / SERVICES_PER_TEAM) }, (_, t) => ({
      name: `team-${t}`,
      tags: { Team: `team-${t}`, CostCenter: `CC-${t % 97}` },
      consumers: [`team-${t}-app`],
      services: Array.from({ length: Math.min(SERVICES_PER_TEAM, profiles - t * SERVICES_PER_TEAM) }, (_s, s) => ({
        name: `svc${s}`,
        model: MODEL,
        tags: { Service: `team-${t}-svc${s}` },
        usage: { daysPerMonth: 30, requestsPerDay: 1000 + s, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 },
      })),
    })),
  };
}

/**
 * The same resources as VendedTeam creates, written as L1 with fixed numbers (no pricing),
 * grouped in one construct per team as any code vending 2,000 teams would be.
 */
function l1Team(shard: Stack, team: VendingConfig['teams'][number]): void {
  const stack = new Construct(shard, team.name);
  // Property for property what the L2 side renders (the same template, within a few bytes).
  const partitionArn = (service: string, resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}::${TARGET.account}:${resource}`]] });
  const topic = new sns.CfnTopic(stack, `${team.name}-Topic`, {});
  const publish = (sid: string, service: string, sourceArn: unknown) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'SNS:Publish',
    Resource: topic.ref,
    Condition: { StringEquals: { 'aws:SourceAccount': TARGET.account }, ArnLike: { 'aws:SourceArn': sourceArn } },
  });
  new sns.CfnTopicPolicy(stack, `${team.name}-TopicPolicy`, {
    topics: [topic.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic.ref, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        publish('AllowAwsBudgetsToPublish', 'budgets.amazonaws.com', partitionArn('budgets', '*')),
        publish('AllowCostAnomalyDetectionToPublish', 'costalerts.amazonaws.com', partitionArn('ce', 'anomalysubscription/*')),
        publish('AllowCloudWatchAlarmsToPublish', 'cloudwatch.amazonaws.com',
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:${TARGET.region}:${TARGET.account}:alarm:*`]] }),
      ],
    },
  });
  new sns.CfnSubscription(stack, `${team.name}-Email`, { topicArn: topic.ref, protocol: 'email', endpoint: 'finops@example.com' });
  const statements: unknown[] = [];
  team.services.forEach(service => {
    const modelArn = `arn:aws:bedrock:${TARGET.region}::foundation-model/${MODEL}`;
    const profile = new bedrock.CfnApplicationInferenceProfile(stack, `${team.name}-${service.name}`, {
      inferenceProfileName: `${shard.stackName}-${team.name}-Profile-${service.name}-1234abcd`,
      modelSource: { copyFrom: modelArn },
      tags: Object.entries({ ...team.tags, ...service.tags }).map(([key, value]) => ({ key, value })),
    });
    const handOff = [['profile-arn', profile.attrInferenceProfileArn], ['profile-id', profile.attrInferenceProfileId], ['model-id', MODEL], ['destination-regions', TARGET.region]];
    for (const [suffix, value] of handOff) {
      new ssm.CfnParameter(stack, `${team.name}-${service.name}-${suffix}`, {
        type: suffix === 'destination-regions' ? 'StringList' : 'String',
        name: `/bedrock/profiles/${team.name}/${service.name}/${suffix}`,
        value,
        description: `Bedrock application inference profile ${suffix} (cdk-bedrock-cost-profiles)`,
      });
    }
    statements.push(
      { Effect: 'Allow', Action: INVOKE, Resource: profile.attrInferenceProfileArn },
      { Effect: 'Allow', Action: INVOKE, Resource: modelArn, Condition: { ArnEquals: { 'bedrock:InferenceProfileArn': profile.attrInferenceProfileArn } } },
      { Effect: 'Allow', Action: 'bedrock:GetInferenceProfile', Resource: profile.attrInferenceProfileArn },
    );
    if (process.env.BENCH_NO_ALARMS !== undefined) {
      return;
    }
    new cloudwatch.CfnAlarm(stack, `${team.name}-${service.name}-SpendRate`, {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 0.75,
      treatMissingData: 'notBreaching',
      alarmActions: [topic.ref],
      alarmDescription: `Estimated Bedrock spend of ${stack.node.path}/Profile-${service.name} above 0.75 USD/hour for 15 minutes `
        + '(input, output, cache-read and cache-write tokens x on-demand prices; an estimate, the budget is the bill).',
      metrics: [
        {
          id: 'expr_1',
          expression: '(inputTokens * 0.000003 + outputTokens * 0.000015 + FILL(cacheReadTokens, 0) * 0.0000003 + FILL(cacheWriteTokens, 0) * 0.00000375) * 12',
          label: 'Estimated Bedrock spend, USD per hour',
          returnData: true,
        },
        ...Object.entries(TOKEN_METRICS).map(([id, metricName]) => ({
          id,
          returnData: false,
          metricStat: { metric: { namespace: 'AWS/Bedrock', metricName, dimensions: [{ name: 'ModelId', value: profile.attrInferenceProfileArn }] }, period: 300, stat: 'Sum' },
        })),
      ],
    });
  });
  new iam.CfnPolicy(stack, `${team.name}-ConsumerPolicy`, {
    policyName: `${team.name}-consumer`,
    roles: team.consumers!,
    policyDocument: { Version: '2012-10-17', Statement: statements },
  });
  new budgets.CfnBudget(stack, `${team.name}-Budget`, {
    budget: {
      budgetName: `${shard.stackName}-${team.name}-Budget-1234abcd`,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      budgetLimit: { amount: 1082.16, unit: 'USD' },
      costFilters: { TagKeyValue: [`user:Team$${team.name}`] },
    },
    resourceTags: [{ key: 'ManagedBy', value: 'cdk-bedrock-cost-profiles' }],
    notificationsWithSubscribers: [['ACTUAL', 50], ['ACTUAL', 80], ['ACTUAL', 100], ['FORECASTED', 100]].map(([type, threshold]) => ({
      notification: { notificationType: type as string, comparisonOperator: 'GREATER_THAN', threshold: threshold as number, thresholdType: 'PERCENTAGE' },
      subscribers: [{ subscriptionType: 'EMAIL', address: 'finops@example.com' }],
    })),
  });
}

function l1(app: App, config: VendingConfig): void {
  // Same stage and shard stacks as PlatformVending, from the same (pure) assignment.
  const plan = planVending(VendingConfiguration.fromObject(config));
  const units = plan.teams.map((t: { name: string }) => ({ team: t.name, ...teamFootprint(t) }));
  const { shards } = assignShards(units, undefined, { maxResources: 480, maxBytes: 900_000, fill: 0.8, perStackResources: 1 });
  const stage = new Stage(app, TARGET.name, { env: { account: TARGET.account, region: TARGET.region } });
  const byName = new Map(config.teams.map(t => [t.name, t]));
  shards.forEach((teams: string[], i: number) => {
    const stack = new Stack(stage, `Shard${shardLabel(i)}`, { stackName: `BedrockVending-${TARGET.name}-${shardLabel(i)}` });
    teams.forEach(name => l1Team(stack, byName.get(name)!));
  });
}

if (require.main === module) {
  const config = benchConfig(count);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  // BENCH_TREE_METADATA=false: both variants without tree.json (an option for very large apps).
  const app = new App({ outdir, treeMetadata: process.env.BENCH_TREE_METADATA !== 'false' });
  if (variant === 'l2') {
    new PlatformVending(app, 'Vending', { config: VendingConfiguration.fromObject(config) });
  } else {
    l1(app, config);
  }
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage(c0);
  if (process.env.BENCH_CONSTRUCT_ONLY !== undefined) {
    console.log(JSON.stringify({ variant, constructMs: Number(t1 - t0) / 1e6, constructCpuMs: (c1.user + c1.system) / 1000 }));
    process.exit(0);
  }
  const assembly = app.synth();
  const t2 = process.hrtime.bigint();
  const c2 = process.cpuUsage(c0);
  const nested = assembly.nestedAssemblies[0]?.nestedAssembly ?? assembly;
  const templates = nested.stacks.map(s => fs.statSync(path.join(nested.directory, s.templateFile)).size);
  const resources = nested.stacks.reduce((sum, s) => sum + Object.keys((s.template as { Resources: object }).Resources).length, 0);
  const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
  console.log(JSON.stringify({
    variant,
    profiles: count,
    constructMs: ms(t0, t1),
    synthMs: ms(t1, t2),
    totalMs: ms(t0, t2),
    // CPU time (user + system) of the process: steadier than wall time on a shared machine.
    constructCpuMs: (c1.user + c1.system) / 1000,
    totalCpuMs: (c2.user + c2.system) / 1000,
    stacks: templates.length,
    resources,
    templateBytes: templates.reduce((a, b) => a + b, 0),
    largestTemplateBytes: Math.max(...templates),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    code: from.endsWith('lib') ? 'lib (compiled)' : 'src (ts-node)',
  }));
}
