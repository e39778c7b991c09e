import { Template } from 'aws-cdk-lib/assertions';
import { buildInvocationLoggingInteg, OURS_LOG_GROUP, OURS_STACK, PREVIOUS_LOG_GROUP } from './integ.invocation-logging';
import { buildPerServiceProfileInteg } from './integ.per-service-profile';
import { buildSpendAlertsInteg } from './integ.spend-alerts';
import { expectClean } from '../helpers/synth';

/**
 * The integration test apps are held to the bar of every other template (registry schemas,
 * cdk-nag, alert delivery), and what their assertions rely on is checked here, offline; the
 * snapshots themselves are checked by integ-runner (npm run integ).
 */

/**
 * The SDK calls of an assertion stack, in order of definition: the API and its parameters
 * (integ-tests-alpha encodes each parameter value as JSON; tokens stay as they are).
 */
function sdkCalls(template: Template): Array<{ api: string; parameters: Record<string, unknown> }> {
  const decode = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return Object.values<any>(template.toJSON().Resources)
    .filter(r => String(r.Type).startsWith('Custom::DeployAssert@SdkCall'))
    .map(r => ({
      api: `${r.Properties.service}.${r.Properties.api}`,
      parameters: Object.fromEntries(Object.entries(r.Properties.parameters ?? {}).map(([k, v]) => [k, decode(v)])),
    }));
}

describe('integ.per-service-profile', () => {
  const { app, stack, profiles } = buildPerServiceProfileInteg();
  const checked = expectClean(app);
  const assertions = Template.fromJSON(checked.find(c => c.stack.stackName === 'PerServiceProfileAssertions')!.template);

  test('each profile has a caller allowed to invoke and stream through it, and only it', () => {
    const template = Template.fromStack(stack);
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy'));
    for (const profile of profiles) {
      const logicalId = stack.getLogicalId(profile.node.defaultChild as any);
      const own = policies.filter(p => JSON.stringify(p.Properties.Roles).includes(`${profile.node.id}Caller`));
      expect(own).toHaveLength(1);
      const document = JSON.stringify(own[0].Properties.PolicyDocument);
      expect(document).toContain('bedrock:InvokeModelWithResponseStream');
      expect(document).toContain(logicalId);
      const others = profiles.filter(p => p !== profile).map(p => stack.getLogicalId(p.node.defaultChild as any));
      for (const other of others) expect(document).not.toContain(other);
    }
  });

  test('Converse and ConverseStream for each profile, then GetMetricData under the dimension metricsDimension picks', () => {
    const calls = sdkCalls(assertions);
    const invoked = calls.filter(c => c.api === 'Lambda.invoke').map(c => JSON.parse(c.parameters.Payload as string).api);
    expect(invoked).toEqual(['Converse', 'ConverseStream', 'Converse', 'ConverseStream']);
    const metricQueries = calls.filter(c => c.api === 'CloudWatch.getMetricData').map(c => JSON.stringify(c.parameters));
    expect(metricQueries).toHaveLength(2);
    for (const [i, profile] of profiles.entries()) {
      const dimension = profile.metricInvocations().dimensions!.ModelId;
      // The dimension value is the profile's ARN (the default), imported from the test stack.
      expect(dimension).toBe(profile.profileArn);
      expect(metricQueries[i]).toMatch(/Name.{0,8}ModelId.{0,12}Value/);
      expect(metricQueries[i]).toContain(`${stack.getLogicalId(profile.node.defaultChild as any)}InferenceProfileArn`);
    }
  });
});

describe('integ.spend-alerts', () => {
  const { app, stack } = buildSpendAlertsInteg();
  const checked = expectClean(app);

  test('the test queue is subscribed to the alert topic with raw delivery', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true });
  });

  test('the alarm is forced into ALARM, then the queue is read until its notification arrives', () => {
    const calls = sdkCalls(Template.fromJSON(checked.find(c => c.stack.stackName === 'SpendAlertsAssertions')!.template)).map(c => c.api);
    expect(calls).toEqual(expect.arrayContaining(['CloudWatch.setAlarmState', 'SQS.receiveMessage', 'Budgets.describeSubscribersForNotification', 'SNS.getTopicAttributes']));
  });
});

describe('integ.invocation-logging', () => {
  const { app, previous, ours } = buildInvocationLoggingInteg();
  const checked = expectClean(app);
  const assertionTemplate = checked.find(c => c.stack.stackName === 'InvocationLoggingAssertions')!.template;

  test('our logging takes over the previous configuration, in a stack deployed after it', () => {
    expect(ours.dependencies).toContain(previous);
    Template.fromStack(ours).resourceCountIs('Custom::BedrockInvocationLogging', 1);
    expect(JSON.stringify(Template.fromStack(ours).toJSON())).toContain(OURS_LOG_GROUP);
    expect(JSON.stringify(Template.fromStack(previous).toJSON())).toContain(PREVIOUS_LOG_GROUP);
  });

  test('the assertions import nothing from the stack they delete, so CloudFormation can delete it', () => {
    expect(Template.fromStack(ours).toJSON().Outputs ?? {}).toEqual({});
    expect(JSON.stringify(assertionTemplate)).not.toContain('Fn::ImportValue');
    const calls = sdkCalls(Template.fromJSON(assertionTemplate));
    expect(calls.map(c => c.api)).toEqual([
      'Bedrock.getModelInvocationLoggingConfiguration', 'CloudFormation.deleteStack', 'Bedrock.getModelInvocationLoggingConfiguration',
    ]);
    expect(calls[1].parameters).toEqual({ StackName: OURS_STACK });
  });
});
