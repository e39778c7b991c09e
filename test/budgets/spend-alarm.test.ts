import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AlertTarget,
  AnomalyAlertFrequency,
  BedrockModelId,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAnomalyAlert,
  CrossRegionGeo,
  PriceCatalog,
  ProfileSource,
  ProfileSpendAlarm,
} from '../../src';
import { expectClean } from '../helpers/synth';

const AS_OF = '2025-03-01';

function setup(app = new App()) {
  const s = new Stack(app, 'Svc', { env: { region: 'us-west-2' } });
  const profile = new CostAllocatedProfile(s, 'Service1', {
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    costAllocationTags: { Service: 'service-1' },
    pricesAsOf: AS_OF,
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 }, // 135.00 a month
  });
  const topic = new CostAlertTopic(s, 'Alerts', { emails: ['oncall@example.com'] });
  return { s, profile, topic };
}

function alarm(s: Stack): any {
  return Object.values<any>(Template.fromStack(s).findResources('AWS::CloudWatch::Alarm'))[0].Properties;
}

describe('ProfileSpendAlarm', () => {
  test('estimated USD per hour from the token metrics and the catalog prices; threshold from the forecast', () => {
    const app = new App();
    const { s, profile, topic } = setup(app);
    const a = new ProfileSpendAlarm(s, 'SpendRate', { profile, alertTargets: [topic.asAlertTarget()] });
    // 135.00 / (30 x 24) x 3 = 0.5625, rounded up to the cent.
    expect(a.thresholdUsdPerHour).toBe('0.57');
    const props = alarm(s);
    expect(props).toMatchObject({
      Threshold: 0.57,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^AlertsTopic/) }],
    });
    const [expression, input, output] = props.Metrics;
    expect(expression).toMatchObject({ Expression: '(inputTokens * 0.000003 + outputTokens * 0.000015) * 12', ReturnData: true });
    expect([input.Id, input.MetricStat.Metric.MetricName, input.MetricStat.Stat, input.MetricStat.Period, input.MetricStat.Metric.Namespace])
      .toEqual(['inputTokens', 'InputTokenCount', 'Sum', 300, 'AWS/Bedrock']);
    expect(output.MetricStat.Metric.Dimensions).toEqual([{ Name: 'ModelId', Value: { 'Fn::GetAtt': [expect.stringMatching(/^Service1/), 'InferenceProfileArn'] } }]);
    expect(props.AlarmDescription).toContain('an estimate, the budget is the bill');
    expectClean(app);
  });

  test('multiplier, periods and a fixed threshold', () => {
    const { s, profile } = setup();
    expect(new ProfileSpendAlarm(s, 'A', { profile, forecastMultiplier: 10, evaluationPeriods: 6 }).thresholdUsdPerHour).toBe('1.88'); // 1.875
    expect(new ProfileSpendAlarm(s, 'B', { profile, thresholdUsdPerHour: '12.501' }).thresholdUsdPerHour).toBe('12.51');
  });

  test('prices a cross-Region profile at the source Region rate, with the smallest prices exact', () => {
    const s = new Stack(new App(), 'Svc', { env: { region: 'us-east-1' } });
    const profile = new CostAllocatedProfile(s, 'P', { source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.AMAZON_NOVA_MICRO), costAllocationTags: { T: 'x' } });
    new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '1', pricesAsOf: AS_OF });
    expect(alarm(s).Metrics[0].Expression).toBe('(inputTokens * 0.000000035 + outputTokens * 0.00000014) * 12');
  });

  test('a global profile needs a global price: from a price file, or a clear error', () => {
    const make = (catalog?: PriceCatalog, model = BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4) => {
      const s = new Stack(new App(), 'Svc', { env: { region: 'us-east-1' } });
      const profile = new CostAllocatedProfile(s, 'P', { source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, model), costAllocationTags: { T: 'x' } });
      return new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '5', priceCatalog: catalog });
    };
    expect(() => make()).toThrow('Svc/A: profile has no "input-tokens" price in the catalog (Claude Sonnet 4 has no prices at all');
    const catalog = PriceCatalog.embedded().withPriceText(`
source: { id: global-2025, title: Global rates, effectiveDate: "2025-10-01" }
prices:
  - { item: anthropic.claude-sonnet-4, meter: input-tokens, regions: [global], usd: "3", per: 1000000 }
  - { item: anthropic.claude-sonnet-4, meter: output-tokens, regions: [global], usd: "15", per: 1000000 }
`, 'global.yaml');
    expect(make(catalog).thresholdUsdPerHour).toBe('5.00');
    // The embedded catalog has the global rate of Claude Sonnet 4.5 from us-east-1: 3 and 15 USD per 1M tokens.
    const sonnet45 = make(undefined, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5);
    expect(alarm(Stack.of(sonnet45)).Metrics[0].Expression).toBe('(inputTokens * 0.000003 + outputTokens * 0.000015) * 12');
  });

  test.each([
    [{ alertTargets: [AlertTarget.email('a@example.com')] }, 'Svc/A: alertTargets[0] is an email address, but CloudWatch alarms notify SNS topics only'],
    [{ forecastMultiplier: 0.5 }, 'Svc/A: forecastMultiplier must be a number from 1 to 1000'],
    [{ evaluationPeriods: 0 }, 'Svc/A: evaluationPeriods must be a whole number from 1 to 288'],
    [{ thresholdUsdPerHour: '-1' }, 'Svc/A: thresholdUsdPerHour must be a positive amount'],
    [{ profile: undefined }, 'Svc/A: profile is required and must be an inference profile'],
    [{ pricesAsOf: '1 March 2025' }, 'Svc/A: pricesAsOf must be a date YYYY-MM-DD (got "1 March 2025")'],
    // fast-check's counterexample: an object whose toString is not a function must not crash the price lookup.
    [{ pricesAsOf: { toString: 0 } }, 'Svc/A: pricesAsOf must be a date YYYY-MM-DD'],
  ])('bad input %# is named', (extra, message) => {
    const { s, profile } = setup();
    expect(() => new ProfileSpendAlarm(s, 'A', { profile, ...extra } as any)).toThrow(message);
  });

  test('a profile without a forecast needs a fixed threshold; a Region-agnostic stack cannot be priced', () => {
    const { s } = setup();
    const bare = new CostAllocatedProfile(s, 'Bare', { source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2), costAllocationTags: { T: 'x' } });
    expect(() => new ProfileSpendAlarm(s, 'A', { profile: bare })).toThrow('Svc/A: thresholdUsdPerHour is needed: the profile has no cost forecast');
    const agnostic = new Stack(new App(), 'Agnostic');
    const p = new CostAllocatedProfile(agnostic, 'P', { source: ProfileSource.foundationModel(BedrockModelId.AMAZON_NOVA_PRO), costAllocationTags: { T: 'x' } });
    expect(() => new ProfileSpendAlarm(agnostic, 'A', { profile: p, thresholdUsdPerHour: '1' })).toThrow('Agnostic/A: profile has no concrete model and Region');
  });
  test('addAlarmAction adds actions; alarm gives an IAlarm construct for other CDK APIs', () => {
    const { s: stack, profile, topic } = setup();
    const a = new ProfileSpendAlarm(stack, 'SpendRate', { profile });
    a.addAlarmAction(new SnsAction(topic.topic));
    const imported = a.alarm;
    expect(a.alarm).toBe(imported);
    expect(stack.resolve(imported.alarmArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SpendRate/), 'Arn'] });
    expect(alarm(stack).AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertsTopic/) }]);
  });
});

describe('CostAnomalyAlert', () => {
  test('a custom monitor on the tag, a subscription above an absolute impact', () => {
    const app = new App();
    const { s, topic } = setup(app);
    new CostAnomalyAlert(s, 'Anomalies', {
      tagKey: 'Service', tagValues: ['service-1'], thresholdUsd: '50', frequency: AnomalyAlertFrequency.IMMEDIATE, alertTargets: [topic.asAlertTarget()],
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::CE::AnomalyMonitor', {
      MonitorType: 'CUSTOM', MonitorSpecification: JSON.stringify({ Tags: { Key: 'Service', Values: ['service-1'], MatchOptions: ['EQUALS'] } }),
    });
    t.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'IMMEDIATE',
      Subscribers: [{ Type: 'SNS', Address: { Ref: Match.stringLikeRegexp('^AlertsTopic') } }],
      ThresholdExpression: JSON.stringify({ Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['50'] } }),
    });
    expectClean(app);
  });

  test.each([
    [AnomalyAlertFrequency.IMMEDIATE, AlertTarget.email('a@example.com'), 'is an email address, but IMMEDIATE alerts go to an SNS topic only'],
    [AnomalyAlertFrequency.DAILY, undefined, 'is an SNS topic, but DAILY alerts go by email only'],
  ])('%s with the wrong kind of target is refused', (frequency, target, message) => {
    const { s, topic } = setup();
    expect(() => new CostAnomalyAlert(s, 'A', { tagKey: 'Service', tagValues: ['x'], thresholdUsd: '10', frequency, alertTargets: [target ?? topic.asAlertTarget()] }))
      .toThrow(message);
  });

});

