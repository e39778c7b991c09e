/**
 * Integration test: per-service profiles called through their ARNs by the role they were granted
 * to, with Converse and ConverseStream, for an in-Region copy and a US cross-Region copy of
 * Amazon Nova Micro; then CloudWatch must show both calls under the `ModelId` dimension value that
 * `metricsDimension` picks. Run against an account: see docs/integration-tests.md.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { assertionStack, INTEG_REGION, isMain } from './integ-helpers';
import { BedrockModelId, CostAllocatedProfile, CrossRegionGeo, ProfileSource } from '../../src';

/**
 * Calls Bedrock through the profile as the function's role, and returns the outcome instead of
 * throwing, so a failed assertion shows the error (AccessDeniedException: ...). `windowStart` and
 * `windowEnd` bound the hour the call's metrics fall in.
 */
const INVOKER_CODE = `
const { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } = require('@aws-sdk/client-bedrock-runtime');
const client = new BedrockRuntimeClient({});
exports.handler = async (event) => {
  const minute = Math.floor(Date.now() / 60000) * 60000;
  const window = { windowStart: new Date(minute - 60000).toISOString(), windowEnd: new Date(minute + 3540000).toISOString() };
  const request = {
    modelId: process.env.PROFILE_ARN,
    messages: [{ role: 'user', content: [{ text: 'Reply with the single word: ok' }] }],
    inferenceConfig: { maxTokens: 10 },
  };
  try {
    let text = '';
    if (event.api === 'ConverseStream') {
      const response = await client.send(new ConverseStreamCommand(request));
      for await (const item of response.stream) text += (item.contentBlockDelta && item.contentBlockDelta.delta.text) || '';
    } else {
      const response = await client.send(new ConverseCommand(request));
      text = response.output.message.content.map((c) => c.text || '').join('');
    }
    return { api: event.api, outcome: text.length > 0 ? 'answered' : 'empty answer', ...window };
  } catch (e) {
    return { api: event.api, outcome: e.name + ': ' + e.message, ...window };
  }
};
`;

export function buildPerServiceProfileInteg(): { app: App; stack: Stack; integ: IntegTest; profiles: CostAllocatedProfile[] } {
  const app = new App();
  const stack = new Stack(app, 'CostProfilesIntegPerService', { env: { region: INTEG_REGION } });
  const profiles = [
    new CostAllocatedProfile(stack, 'InRegion', {
      source: ProfileSource.foundationModel(BedrockModelId.AMAZON_NOVA_MICRO),
      costAllocationTags: { Service: 'integ-in-region' },
    }),
    new CostAllocatedProfile(stack, 'UsCrossRegion', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.AMAZON_NOVA_MICRO),
      costAllocationTags: { Service: 'integ-us-cross-region' },
    }),
  ];

  const integ = new IntegTest(app, 'PerServiceProfile', { testCases: [stack], regions: [INTEG_REGION], assertionStack: assertionStack(app, 'PerServiceProfile') });
  for (const profile of profiles) {
    const name = profile.node.id;
    // The service's role: it may write its own logs, and invoke through its own profile only.
    const role = new iam.Role(stack, `${name}Caller`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Calls Bedrock through the ${name} profile in an integration test`,
    });
    profile.grantInvoke(role);
    const logGroup = new logs.LogGroup(stack, `${name}CallerLogs`, { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
    logGroup.grantWrite(role);
    const caller = new lambda.Function(stack, `${name}CallerFunction`, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(INVOKER_CODE),
      role,
      logGroup,
      timeout: Duration.seconds(60),
      environment: { PROFILE_ARN: profile.profileArn },
    });

    const calls = ['Converse', 'ConverseStream'].map(api => {
      const call = integ.assertions.invokeFunction({ functionName: caller.functionName, payload: JSON.stringify({ api }) });
      call.assertAtPath('Payload.outcome', ExpectedResult.exact('answered'));
      return call;
    });
    calls[0].next(calls[1]);

    // Both calls went through the profile: CloudWatch counts 2 invocations, in the hour of the
    // calls, under the dimension value the profile's metrics use.
    const invocations = profile.metricInvocations();
    const metrics = integ.assertions.awsApiCall('CloudWatch', 'getMetricData', {
      StartTime: calls[0].getAttString('Payload.windowStart'),
      EndTime: calls[0].getAttString('Payload.windowEnd'),
      MetricDataQueries: [{
        Id: 'invocations',
        MetricStat: {
          Metric: {
            Namespace: invocations.namespace,
            MetricName: invocations.metricName,
            Dimensions: Object.entries(invocations.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: 3600,
          Stat: 'Sum',
        },
      }],
    });
    metrics.expect(ExpectedResult.objectLike({ MetricDataResults: [{ Id: 'invocations', Values: [2] }] }));
    // Metrics arrive a few minutes after the calls.
    calls[1].next(metrics.waitForAssertions({ totalTimeout: Duration.minutes(20), interval: Duration.minutes(1) }));
    // The profile is an application inference profile of the account, with the source's model.
    integ.assertions.awsApiCall('Bedrock', 'getInferenceProfile', { inferenceProfileIdentifier: profile.profileId }).expect(ExpectedResult.objectLike({ type: 'APPLICATION', status: 'ACTIVE' }));
  }
  return { app, stack, integ, profiles };
}

if (isMain(module)) {
  buildPerServiceProfileInteg().app.synth();
}
