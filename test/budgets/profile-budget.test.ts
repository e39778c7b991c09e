import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AlertTarget,
  BedrockModelId,
  BudgetThreshold,
  CostAlertTopic,
  CostAllocatedProfile,
  ProfileBudget,
  ProfileSource,
} from '../../src';
import { expectClean } from '../helpers/synth';

const AS_OF = '2025-03-01';
const SONNET = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
const EMAIL = AlertTarget.email('finops@example.com');

function stack(app = new App()): Stack {
  return new Stack(app, 'Svc', { env: { region: 'us-west-2' } });
}

/** 1,000 requests a day of 1,000 in / 100 out tokens on Claude 3.5 Sonnet v2: 135.00 USD a month. */
function profile(scope: Stack, id: string, tags: Record<string, string>, requestsPerDay = 1000): CostAllocatedProfile {
  return new CostAllocatedProfile(scope, id, {
    source: SONNET,
    costAllocationTags: tags,
    pricesAsOf: AS_OF,
    expectedUsage: { daysPerMonth: 30, requestsPerDay, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 },
  });
}

function budget(s: Stack): any {
  return Object.values<any>(Template.fromStack(s).findResources('AWS::Budgets::Budget'))[0].Properties;
}

describe('ProfileBudget', () => {
  test('filters by the profile tag, limit = forecast x 1.2 rounded up to the cent, default thresholds', () => {
    const app = new App();
    const s = stack(app);
    const p = profile(s, 'Service1', { Service: 'service-1' });
    const topic = new CostAlertTopic(s, 'Alerts');
    const b = new ProfileBudget(s, 'Budget', { profiles: [p], alertTargets: [EMAIL, topic.asAlertTarget()] });
    expect([b.limitUsd, b.costFilter, b.tagKey, b.tagValue]).toEqual(['162.00', 'user:Service$service-1', 'Service', 'service-1']);
    const props = budget(s);
    expect(props.Budget).toEqual({
      BudgetName: b.budgetName,
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: 162, Unit: 'USD' },
      CostFilters: { TagKeyValue: ['user:Service$service-1'] },
    });
    const notifications = props.NotificationsWithSubscribers.map((n: any) => n.Notification);
    expect(notifications.map((n: any) => [n.NotificationType, n.Threshold, n.ThresholdType]))
      .toEqual([['ACTUAL', 50, 'PERCENTAGE'], ['ACTUAL', 80, 'PERCENTAGE'], ['ACTUAL', 100, 'PERCENTAGE'], ['FORECASTED', 100, 'PERCENTAGE']]);
    expect(props.NotificationsWithSubscribers[0].Subscribers).toEqual([
      { SubscriptionType: 'EMAIL', Address: 'finops@example.com' },
      { SubscriptionType: 'SNS', Address: { Ref: expect.stringMatching(/^AlertsTopic/) } },
    ]);
    expectClean(app);
  });

  test('never filters by service name', () => {
    const s = stack();
    new ProfileBudget(s, 'Budget', { profiles: [profile(s, 'P', { Service: 'x' })], alertTargets: [EMAIL] });
    expect(JSON.stringify(budget(s))).not.toMatch(/Service\$Amazon Bedrock|"Service":\s*\[/);
  });

  test('a team budget over several profiles sharing a tag value adds their forecasts', () => {
    const s = stack();
    const a = profile(s, 'A', { Team: 'search', Service: 'a' }, 1000); // 135.00
    const c = profile(s, 'C', { Team: 'search', Service: 'c' }, 2000); // 270.00
    const b = new ProfileBudget(s, 'Team', { profiles: [a, c], alertTargets: [EMAIL], headroom: 0 });
    expect([b.costFilter, b.limitUsd]).toEqual(['user:Team$search', '405.00']);
  });

  test('headroom, a fixed limit and cent rounding', () => {
    const s = stack();
    const p = profile(s, 'P', { Service: 's' }, 1001); // 135.135
    expect(new ProfileBudget(s, 'H', { profiles: [p], alertTargets: [EMAIL], headroom: 0 }).limitUsd).toBe('135.14');
    expect(new ProfileBudget(s, 'F', { profiles: [p], alertTargets: [EMAIL], limitUsd: '99.991' }).limitUsd).toBe('100.00');
  });

  test('the derived name is unique per path and changes with the create-only notifications', () => {
    const names = (thresholds?: BudgetThreshold[]) => {
      const s = stack();
      const p = profile(s, 'P', { Service: 's' });
      return [new ProfileBudget(s, 'B1', { profiles: [p], alertTargets: [EMAIL], thresholds }).budgetName,
        new ProfileBudget(s, 'B2', { profiles: [p], alertTargets: [EMAIL], thresholds }).budgetName];
    };
    const [one, two] = names();
    expect(one).not.toBe(two);
    expect(one).toMatch(/^Svc-B1-[0-9a-f]{8}$/);
    expect(names()[0]).toBe(one);
    expect(names([BudgetThreshold.actualPercent(90)])[0]).not.toBe(one);
  });

  test('a fixed name warns that a notification change will fail', () => {
    const s = stack();
    new ProfileBudget(s, 'B', { profiles: [profile(s, 'P', { Service: 's' })], alertTargets: [EMAIL], budgetName: 'bedrock-service-1' });
    expect(budget(s).Budget.BudgetName).toBe('bedrock-service-1');
    Annotations.fromStack(s).hasWarning('/Svc/B', Match.stringLikeRegexp('DuplicateRecordException'));
  });

  test('planned limits follow the growth forecast, 12 months from the given month', () => {
    const s = stack();
    const p = new CostAllocatedProfile(s, 'P', {
      source: SONNET,
      costAllocationTags: { Service: 's' },
      pricesAsOf: AS_OF,
      expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100, monthlyGrowth: 0.1 },
    });
    new ProfileBudget(s, 'B', { profiles: [p], alertTargets: [EMAIL], plannedLimitsFrom: '2099-01', headroom: 0 });
    const planned = budget(s).Budget.PlannedBudgetLimits;
    expect(budget(s).Budget.BudgetLimit).toBeUndefined();
    expect(Object.keys(planned)).toHaveLength(12);
    expect(planned[String(Date.UTC(2099, 0, 1) / 1000)]).toEqual({ Amount: '135.00', Unit: 'USD' });
    expect(planned[String(Date.UTC(2099, 1, 1) / 1000)]).toEqual({ Amount: '148.50', Unit: 'USD' });
    expect(planned[String(Date.UTC(2099, 11, 1) / 1000)]).toEqual({ Amount: '385.18', Unit: 'USD' }); // 135 x 1.1^11 = 385.1707..., rounded up
  });

  test('an imported profile, or none, needs the tag and a limit', () => {
    const s = stack();
    const imported = CostAllocatedProfile.fromProfileAttributes(s, 'Imp', {
      profileArn: 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123', source: SONNET,
    });
    expect(() => new ProfileBudget(s, 'B1', { profiles: [imported], alertTargets: [EMAIL], limitUsd: '10' }))
      .toThrow('Svc/B1: tagKey is required when the budget has no profiles or an imported one');
    const b = new ProfileBudget(s, 'B2', { profiles: [imported], tagKey: 'Team', tagValue: 'search', alertTargets: [EMAIL], limitUsd: '10' });
    expect(b.costFilter).toBe('user:Team$search');
    expect(() => new ProfileBudget(s, 'B3', { tagKey: 'Team', tagValue: 'search', alertTargets: [EMAIL] })).toThrow('Svc/B3: limitUsd is required when the budget has no profiles');
  });

  test('SNS: an owned topic gets the Budgets publish statement, an imported one warns', () => {
    const s = stack();
    const owned = new sns.Topic(s, 'Owned', { enforceSSL: true });
    const p = profile(s, 'P', { Service: 's' });
    new ProfileBudget(s, 'B1', { profiles: [p], alertTargets: [AlertTarget.topic(owned)] });
    Template.fromStack(s).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowAwsBudgetsToPublish',
          Principal: { Service: 'budgets.amazonaws.com' },
          Action: 'SNS:Publish',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
        })]),
      },
    });
    new ProfileBudget(s, 'B2', { profiles: [p], alertTargets: [AlertTarget.topic(sns.Topic.fromTopicArn(s, 'Imported', 'arn:aws:sns:us-west-2:123456789012:alerts'))] });
    Annotations.fromStack(s).hasWarning('/Svc/B2', Match.stringLikeRegexp('imported, so its policy cannot be changed'));
  });

  describe('AWS limits and bad input, at synth', () => {
    const make = (extra: Record<string, unknown>) => () => {
      const s = stack();
      new ProfileBudget(s, 'B', { profiles: [profile(s, 'P', { Service: 's', Team: 't' })], tagKey: 'Service', alertTargets: [EMAIL], ...extra } as any);
    };
    test.each([
      [{ thresholds: Array.from({ length: 11 }, (_, i) => BudgetThreshold.actualPercent(10 + i)) },
        'Svc/B: thresholds must list 1 to 10 thresholds (AWS Budgets allows 10 notifications per budget)'],
      [{ thresholds: [] }, 'thresholds must list 1 to 10 thresholds'],
      [{ alertTargets: Array.from({ length: 11 }, (_, i) => AlertTarget.email(`p${i}@example.com`)) }, 'alertTargets name 11 email addresses; AWS Budgets allows 10 per notification'],
      [{ alertTargets: [] }, 'alertTargets must name at least one email address or SNS topic'],
      [{ alertTargets: [AlertTarget.email('not-an-email')] }, 'alertTargets[0] is not an email address'],
      [{ thresholds: [BudgetThreshold.actualPercent(80), BudgetThreshold.actualPercent(80)] }, 'thresholds[1] repeats an earlier threshold'],
      [{ thresholds: [BudgetThreshold.actualPercent(0)] }, 'thresholds[0] must be a percentage from 0.1 to 1000000000'],
      [{ thresholds: [BudgetThreshold.actualUsd('1,000')] }, 'thresholds[0] must be an amount in USD'],
      [{ limitUsd: '0' }, 'limitUsd must be a positive amount in USD'],
      [{ limitUsd: 100 }, 'limitUsd must be a positive amount in USD written as a decimal string (got 100)'],
      [{ headroom: -0.1 }, 'headroom must be a number from 0 to 100'],
      [{ plannedLimitsFrom: '2099-13' }, 'plannedLimitsFrom must be a month YYYY-MM'],
      [{ budgetName: 'a:b' }, 'budgetName must match'],
      [{ tagKey: undefined }, 'tagKey is needed: the profiles share several tags (Service=s, Team=t)'],
      [{ tagValue: 'other' }, 'tagValue does not match profiles[0] (Svc/P), whose Service is "s"'],
    ])('%j', (extra, message) => {
      expect(make(extra)).toThrow(message);
    });

    test('two SNS topics are one too many', () => {
      const s = stack();
      const p = profile(s, 'P', { Service: 's' });
      expect(() => new ProfileBudget(s, 'B', { profiles: [p], alertTargets: [new CostAlertTopic(s, 'T1').asAlertTarget(), new CostAlertTopic(s, 'T2').asAlertTarget()] }))
        .toThrow('alertTargets name 2 SNS topics; AWS Budgets allows 1 per notification');
    });

    test('a profile without a forecast needs limitUsd', () => {
      const s = stack();
      const p = new CostAllocatedProfile(s, 'P', { source: SONNET, costAllocationTags: { Service: 's' } });
      expect(() => new ProfileBudget(s, 'B', { profiles: [p], alertTargets: [EMAIL] })).toThrow('Svc/B: profiles[0] (Svc/P) has no cost forecast to derive the limit from');
    });

    test('forecast-only thresholds warn: new tags have no spend history', () => {
      const s = stack();
      new ProfileBudget(s, 'B', { profiles: [profile(s, 'P', { Service: 's' })], alertTargets: [EMAIL], thresholds: [BudgetThreshold.forecastedPercent(100)] });
      Annotations.fromStack(s).hasWarning('/Svc/B', Match.stringLikeRegexp('Every threshold is FORECASTED'));
    });
  });
});

describe('CostAlertTopic', () => {
  test('TLS-only, publish allowed to Budgets, Cost Anomaly Detection and CloudWatch alarms for this account, emails subscribed', () => {
    const app = new App();
    const s = stack(app);
    new CostAlertTopic(s, 'Alerts', { emails: ['a@example.com', 'b@example.com'] });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::SNS::Subscription', 2);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'a@example.com' });
    const statements = Object.values<any>(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.map((x: any) => [x.Sid, x.Effect, x.Principal?.Service])).toEqual([
      ['AllowPublishThroughSSLOnly', 'Deny', undefined],
      ['AllowAwsBudgetsToPublish', 'Allow', 'budgets.amazonaws.com'],
      ['AllowCostAnomalyDetectionToPublish', 'Allow', 'costalerts.amazonaws.com'],
      ['AllowCloudWatchAlarmsToPublish', 'Allow', 'cloudwatch.amazonaws.com'],
    ]);
    expect(statements[0].Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    // Alarms of this account and Region only (re:Post knowledge center, cloudwatch-receive-sns-for-alarm-trigger).
    expect(statements[3]).toMatchObject({
      Action: 'SNS:Publish',
      Resource: { Ref: expect.stringMatching(/^AlertsTopic/) },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-west-2:', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
      },
    });
    expectClean(app);
  });

  test('with a KMS key, the key policy lets the publishers use it for SNS topics of this account and Region', () => {
    const app = new App();
    const s = stack(app);
    new CostAlertTopic(s, 'Alerts', { encryptionKey: new kms.Key(s, 'Key', { enableKeyRotation: true }) });
    Template.fromStack(s).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: Match.stringLikeRegexp('^AllowAlertPublishersToUseKeyFor'),
          Principal: { Service: ['budgets.amazonaws.com', 'costalerts.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:sns:topicArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:us-west-2:', { Ref: 'AWS::AccountId' }, ':*']] },
            },
          },
        })]),
      },
    });
    Template.fromStack(s).hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expectClean(app);
  });

  test('an imported key cannot be changed: synthesis warns once per publisher', () => {
    const s = stack();
    const key = kms.Key.fromKeyArn(s, 'Imported', 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new CostAlertTopic(s, 'Alerts', { encryptionKey: key });
    const warnings = Annotations.fromStack(s).findWarning('/Svc/Alerts', Match.stringLikeRegexp('KMS key of the SNS topic .* is imported'));
    expect(warnings.map(w => /lets (\S+) use it/.exec(String(w.entry.data))![1])).toEqual(['budgets.amazonaws.com', 'costalerts.amazonaws.com', 'cloudwatch.amazonaws.com']);
  });

  test('bad emails are named', () => {
    expect(() => new CostAlertTopic(stack(), 'A', { emails: ['x@example.com', 'nope'] })).toThrow('Svc/A: emails[1] is not an email address');
    expect(() => new CostAlertTopic(stack(), 'A', { emails: 'x@example.com' as any })).toThrow('Svc/A: emails must be a list of email addresses');
    expect(() => new CostAlertTopic(stack(), 'A', { encryptionKey: {} as any })).toThrow('Svc/A: encryptionKey must be a KMS key (got {})');
    expect(() => new CostAlertTopic(stack(), 'A', null as any)).toThrow('Svc/A: props must be an object');
  });
});
