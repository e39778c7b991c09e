import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alertDelivery } from './alert-delivery';
import { synthChecked, undeliverableAlerts } from './synth';
import {
  AlertTarget,
  AnomalyAlertFrequency,
  BedrockModelId,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAnomalyAlert,
  ProfileBudget,
  ProfileSource,
  ProfileSpendAlarm,
} from '../../src';

/** The checker itself: it must fail on each way an alert can be dropped, or it proves nothing. */

function env(app = new App(), id = 'Svc') {
  const s = new Stack(app, id, { env: { region: 'us-west-2' } });
  const profile = new CostAllocatedProfile(s, 'P', {
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    costAllocationTags: { Service: 'svc' },
    pricesAsOf: '2025-03-01',
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 },
  });
  return { app, s, profile };
}

function plainAlarm(s: Stack, topic: sns.ITopic): void {
  const alarm = new cloudwatch.Alarm(s, 'Alarm', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/Bedrock', metricName: 'Invocations' }), threshold: 1, evaluationPeriods: 1,
  });
  alarm.addAlarmAction(new SnsAction(topic));
}

function check(app: App) {
  return alertDelivery(synthChecked(app));
}

/** A topic whose policy allows Budgets only: what CostAlertTopic was before alarms were allowed. */
function budgetsOnlyTopic(s: Stack, masterKey?: kms.IKey): sns.Topic {
  const topic = new sns.Topic(s, 'T', { enforceSSL: true, masterKey });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
    actions: ['SNS:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': s.account } },
  }));
  return topic;
}

describe('alertDelivery', () => {
  test('CostAlertTopic carries every publisher: alarm, budget and anomaly routes all pass', () => {
    const { app, s, profile } = env();
    const alerts = new CostAlertTopic(s, 'Alerts', { encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }) });
    new ProfileSpendAlarm(s, 'Rate', { profile, alertTargets: [alerts.asAlertTarget()] });
    new ProfileBudget(s, 'Budget', { profiles: [profile], alertTargets: [alerts.asAlertTarget()] });
    new CostAnomalyAlert(s, 'Anomaly', { tagKey: 'Service', tagValues: ['svc'], thresholdUsd: '100', frequency: AnomalyAlertFrequency.IMMEDIATE, alertTargets: [alerts.asAlertTarget()] });
    const result = check(app);
    expect(result).toEqual({ routes: 1 + 4 + 1, problems: [], external: [] }); // 1 alarm action, 4 budget notifications, 1 anomaly subscriber
  });

  test('an alarm to a topic that allows only Budgets is caught (the K5 bug)', () => {
    const { app, s } = env();
    plainAlarm(s, budgetsOnlyTopic(s));
    const result = check(app);
    expect(result.routes).toBe(1);
    expect(result.problems).toEqual([expect.stringMatching(/^Svc\/Alarm.*\.AlarmActions -> cloudwatch\.amazonaws\.com: the policy of topic T.* does not allow sns:Publish to cloudwatch\.amazonaws\.com/)]);
  });

  test('a topic without any policy is caught', () => {
    const { app, s } = env();
    plainAlarm(s, new sns.Topic(s, 'T'));
    expect(check(app).problems).toEqual([expect.stringContaining('has no topic policy allowing cloudwatch.amazonaws.com')]);
  });

  test('conditions are evaluated: another account, another Region, another service ARN fail; the TLS deny does not block', () => {
    const cases: Array<[Record<string, any>, boolean]> = [
      [{ StringEquals: { 'aws:SourceAccount': '999999999999' } }, false],
      [{ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:*:alarm:*' } }, false],
      [{ ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::*:*' } }, false],
      [{ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:us-west-2:*:alarm:*' } }, true],
      [{ StringEquals: { 'aws:PrincipalOrgID': 'o-123' } }, false], // a key the publisher does not send
      [{ NumericLessThan: { 'aws:EpochTime': '1' } }, false], // an operator the checker does not know
    ];
    for (const [condition, delivers] of cases) {
      const { app, s } = env();
      const topic = new sns.Topic(s, 'T', { enforceSSL: true });
      topic.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['sns:*'], resources: [topic.topicArn], conditions: condition,
      }));
      plainAlarm(s, topic);
      expect([condition, check(app).problems.length === 0]).toEqual([condition, delivers]);
    }
  });

  test('a Deny for the publisher wins over its Allow', () => {
    const { app, s } = env();
    const topic = new CostAlertTopic(s, 'Alerts').topic;
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'NoAlarms',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['SNS:Publish'],
      resources: ['*'],
      conditions: { StringLike: { 'aws:SourceArn': 'arn:*:cloudwatch:*' } },
    }));
    plainAlarm(s, topic);
    expect(check(app).problems).toEqual([expect.stringContaining('denies sns:Publish to cloudwatch.amazonaws.com (statement NoAlarms)')]);
  });

  test('an encrypted topic whose key policy leaves out the publisher is caught; the AWS managed key always is', () => {
    const first = env();
    plainAlarm(first.s, budgetsOnlyTopicAllowingAlarms(first.s, new kms.Key(first.s, 'Key', { enableKeyRotation: true })));
    expect(check(first.app).problems).toEqual([expect.stringMatching(/the key policy of Key.* does not allow kms:GenerateDataKey to cloudwatch\.amazonaws\.com/)]);

    const second = env();
    plainAlarm(second.s, budgetsOnlyTopicAllowingAlarms(second.s, kms.Alias.fromAliasName(second.s, 'Managed', 'alias/aws/sns')));
    expect(check(second.app).problems).toEqual([expect.stringContaining('encrypted with the AWS managed key alias/aws/sns')]);
  });

  test('a topic in another stack is followed through Fn::ImportValue', () => {
    const app = new App();
    const shared = new Stack(app, 'Shared', { env: { region: 'us-west-2' } });
    const alerts = new CostAlertTopic(shared, 'Alerts');
    const { s } = env(app, 'Consumer');
    plainAlarm(s, alerts.topic);
    const checked = synthChecked(app);
    expect(JSON.stringify(checked.find(c => c.stack === s)!.template)).toContain('Fn::ImportValue');
    expect(alertDelivery(checked)).toEqual({ routes: 1, problems: [], external: [] });
  });

  test('an imported topic is external: accepted with the warning AlertTarget gives, refused without one', () => {
    const { app, s, profile } = env();
    const imported = sns.Topic.fromTopicArn(s, 'Imported', 'arn:aws:sns:us-west-2:123456789012:alerts');
    new ProfileSpendAlarm(s, 'Rate', { profile, alertTargets: [AlertTarget.topic(imported)] });
    const checked = synthChecked(app);
    expect(alertDelivery(checked).external).toEqual([expect.objectContaining({ what: 'topic arn:aws:sns:us-west-2:123456789012:alerts' })]);
    expect(undeliverableAlerts(checked)).toEqual([]);

    const other = env();
    plainAlarm(other.s, sns.Topic.fromTopicArn(other.s, 'Imported', 'arn:aws:sns:us-west-2:123456789012:alerts'));
    expect(undeliverableAlerts(synthChecked(other.app))).toEqual([expect.stringContaining('is outside the app, and synthesis did not warn')]);
  });

  test('a user topic in the stack gets the alarm statement from AlertTarget.topic', () => {
    const { app, s, profile } = env();
    const mine = budgetsOnlyTopic(s);
    new ProfileSpendAlarm(s, 'Rate', { profile, alertTargets: [AlertTarget.topic(mine)] });
    expect(check(app)).toEqual({ routes: 1, problems: [], external: [] });
  });

  test('alarm actions that are not SNS (a Lambda function) are not alert routes', () => {
    const { app, s } = env();
    const alarm = new cloudwatch.Alarm(s, 'Alarm', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/Bedrock', metricName: 'Invocations' }), threshold: 1, evaluationPeriods: 1,
    });
    alarm.addAlarmAction({ bind: () => ({ alarmActionArn: 'arn:aws:lambda:us-west-2:123456789012:function:page-oncall' }) });
    expect(check(app).routes).toBe(0);
  });
});

/** A topic that allows CloudWatch alarms in its policy, encrypted with `key` (whose policy does not). */
function budgetsOnlyTopicAllowingAlarms(s: Stack, key: kms.IKey): sns.Topic {
  const topic = budgetsOnlyTopic(s, key);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')], actions: ['SNS:Publish'], resources: [topic.topicArn],
  }));
  return topic;
}

test('AlertTarget.topic of something that is not a topic is a CostProfilesError, not a TypeError', () => {
  const { s, profile } = env();
  for (const fake of [null, {}, { topicArn: 'arn:aws:sns:us-west-2:123456789012:x' }]) {
    expect(() => new ProfileSpendAlarm(s, `Rate${JSON.stringify(fake)}`, { profile, alertTargets: [AlertTarget.topic(fake as any)] }))
      .toThrow(/alertTargets\[0\] is not an SNS topic/);
  }
});
