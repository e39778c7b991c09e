/**
 * Integration test: a budget and a spend alarm of a profile notify a CostAlertTopic, and the
 * alarm's notification really arrives. The alarm is forced into ALARM (SetAlarmState); its
 * action publishes to the topic, which delivers to a test queue. The budget cannot be triggered
 * on demand, so the test reads back its subscriber and the topic policy that lets AWS Budgets
 * publish. Run against an account: see docs/integration-tests.md.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { assertionStack, INTEG_REGION, isMain } from './integ-helpers';
import { BedrockModelId, CostAlertTopic, CostAllocatedProfile, ProfileBudget, ProfileSource, ProfileSpendAlarm } from '../../src';

export function buildSpendAlertsInteg(): { app: App; stack: Stack; integ: IntegTest } {
  const app = new App();
  const stack = new Stack(app, 'CostProfilesIntegSpendAlerts', { env: { region: INTEG_REGION } });
  const profile = new CostAllocatedProfile(stack, 'Alerted', {
    source: ProfileSource.foundationModel(BedrockModelId.AMAZON_NOVA_MICRO),
    costAllocationTags: { Service: 'integ-spend-alerts' },
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 100 },
    // A fixed date: the budget limit and alarm threshold must not change with the calendar, or
    // the snapshot would.
    pricesAsOf: '2026-12-01',
  });
  const alerts = new CostAlertTopic(stack, 'Alerts');
  const budget = new ProfileBudget(stack, 'Budget', { profiles: [profile], alertTargets: [alerts.asAlertTarget()] });
  const alarm = new ProfileSpendAlarm(stack, 'SpendRate', { profile, alertTargets: [alerts.asAlertTarget()] });

  // Stands in for the people subscribed to the topic: raw delivery, so a message is the alarm's JSON.
  const inbox = new sqs.Queue(stack, 'Inbox', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.hours(1),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  NagSuppressions.addResourceSuppressions(inbox, [
    { id: 'AwsSolutions-SQS3', reason: 'The test reads the queue right away; a message it cannot read fails the test, so a dead-letter queue adds nothing.' },
  ]);
  alerts.topic.addSubscription(new subscriptions.SqsSubscription(inbox, { rawMessageDelivery: true }));

  const integ = new IntegTest(app, 'SpendAlerts', { testCases: [stack], regions: [INTEG_REGION], assertionStack: assertionStack(app, 'SpendAlerts') });
  const alarmName = Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
  const setState = integ.assertions.awsApiCall('CloudWatch', 'setAlarmState', {
    AlarmName: alarmName,
    StateValue: 'ALARM',
    StateReason: 'Integration test: does the alarm action reach the topic?',
  });
  const received = integ.assertions.awsApiCall('SQS', 'receiveMessage', { QueueUrl: inbox.queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 });
  received.expect(ExpectedResult.objectLike({
    Messages: Match.arrayWith([Match.objectLike({ Body: Match.serializedJson(Match.objectLike({ AlarmName: alarmName, NewStateValue: 'ALARM' })) })]),
  }));
  setState.next(received.waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) }));

  // The budget notifies the topic at 100% of actual spend, and the topic lets AWS Budgets publish.
  integ.assertions.awsApiCall('Budgets', 'describeSubscribersForNotification', {
    AccountId: stack.account,
    BudgetName: budget.budgetName,
    Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
  }).expect(ExpectedResult.objectLike({ Subscribers: [{ SubscriptionType: 'SNS', Address: alerts.topic.topicArn }] }));
  integ.assertions.awsApiCall('SNS', 'getTopicAttributes', { TopicArn: alerts.topic.topicArn })
    .expect(ExpectedResult.objectLike({
      Attributes: { Policy: Match.serializedJson(Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'budgets.amazonaws.com' } })]) })) },
    }));

  return { app, stack, integ };
}

if (isMain(module)) {
  buildSpendAlertsInteg().app.synth();
}
