import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
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
import { Dec } from '../../src/pricing/decimal';
import { readReports } from '../../src/report/read-reports';
import { renderStackReport } from '../../src/report/render-report';
import { STALE_TEST_PRICES } from '../helpers/stale-prices';
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
    const [expression, input, output, cacheRead, cacheWrite] = props.Metrics;
    // Claude 3.5 Sonnet v2 in us-west-2: input, output, cache read and cache write (5-minute TTL), each at its own price.
    expect(expression).toMatchObject({
      Expression: '(inputTokens * 0.000003 + outputTokens * 0.000015 + FILL(cacheReadTokens, 0) * 0.0000003 + FILL(cacheWriteTokens, 0) * 0.00000375) * 12',
      ReturnData: true,
    });
    expect([cacheRead, cacheWrite].map(m => [m.Id, m.MetricStat.Metric.MetricName, m.MetricStat.Stat, m.MetricStat.Period, m.ReturnData]))
      .toEqual([['cacheReadTokens', 'CacheReadInputTokenCount', 'Sum', 300, false], ['cacheWriteTokens', 'CacheWriteInputTokenCount', 'Sum', 300, false]]);
    expect(cacheWrite.MetricStat.Metric.Dimensions).toEqual(output.MetricStat.Metric.Dimensions);
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
    // Nova Micro has a cache-read price (0.00000875 per 1K) but no cache-write price: writes are not counted, and that is said.
    expect(alarm(s).Metrics[0].Expression).toBe('(inputTokens * 0.000000035 + outputTokens * 0.00000014 + FILL(cacheReadTokens, 0) * 0.00000000875) * 12');
    expect(alarm(s).AlarmDescription).toMatch(/\(input, output and cache-read tokens x on-demand prices; .*\)\. Not counted, no price: cache-write tokens\.$/);
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
    // Cache reads and writes at the global rate too.
    expect(alarm(Stack.of(sonnet45)).Metrics[0].Expression)
      .toBe('(inputTokens * 0.000003 + outputTokens * 0.000015 + FILL(cacheReadTokens, 0) * 0.0000003 + FILL(cacheWriteTokens, 0) * 0.00000375) * 12');
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

/**
 * Evaluates a spend-rate expression `(id * price + FILL(id, 0) * price ...) * k` exactly on given
 * 5-minute sums (undefined: no data point, which FILL makes 0); the expression must be that shape
 * in full (the rebuilt text must equal it).
 */
function evaluateRate(expression: string, sums: Record<string, string | undefined>): Dec | undefined {
  const whole = /^\((.*)\) \* (\d+)$/.exec(expression);
  expect(whole).not.toBeNull();
  const terms = whole![1].split(' + ').map(term => /^(?:FILL\((\w+), 0\)|(\w+)) \* (\d+(?:\.\d+)?)$/.exec(term)!);
  expect(`(${terms.map(([, filled, id, price]) => `${filled ? `FILL(${filled}, 0)` : id} * ${price}`).join(' + ')}) * ${whole![2]}`).toBe(expression);
  let rate = Dec.ZERO;
  for (const [, filled, id, price] of terms) {
    const sum = sums[filled ?? id] ?? (filled ? '0' : undefined);
    if (sum === undefined) {
      return undefined; // metric math drops a timestamp a term has no data for
    }
    rate = rate.plus(Dec.parse(sum).times(Dec.parse(price)));
  }
  return rate.times(Dec.parse(whole![2]));
}

describe('ProfileSpendAlarm: cache tokens, prices missing, rates', () => {
  test('the rate on sample token counts is the exact USD per hour, and the report records every price it uses', () => {
    const { s, profile } = setup();
    const a = new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '50' });
    // In 5 minutes: 1M input (3.00 USD), 100K output (1.50), 2M cache reads (0.60), 500K cache writes (1.875):
    // 6.975 USD in 5 minutes, 83.70 USD an hour.
    const rate = evaluateRate(alarm(s).Metrics[0].Expression, { inputTokens: '1000000', outputTokens: '100000', cacheReadTokens: '2000000', cacheWriteTokens: '500000' });
    expect(rate!.toFixed()).toBe('83.7');
    // Cache tokens alone cost something: never free.
    expect(evaluateRate(alarm(s).Metrics[0].Expression, { inputTokens: '0', outputTokens: '0', cacheReadTokens: '1000000', cacheWriteTokens: '0' })!.toFixed()).toBe('3.6');
    // Requests without prompt caching log no cache metrics at all: the rate still has its data point.
    expect(evaluateRate(alarm(s).Metrics[0].Expression, { inputTokens: '1000000', outputTokens: '100000' })!.toFixed()).toBe('54');
    expect(a._describe()).toMatchObject({
      inputUsdPerToken: '0.000003', outputUsdPerToken: '0.000015', cacheReadUsdPerToken: '0.0000003', cacheWriteUsdPerToken: '0.00000375',
    });
    expect(a._describe().notCounted).toBeUndefined();
    expect(a._describe().priceSources.length).toBeGreaterThan(0);
  });

  test('a model without cache prices: cache tokens are not counted, and the alarm and the report say so', () => {
    const app = new App();
    const s = new Stack(app, 'Svc', { env: { region: 'us-east-1' } });
    const profile = new CostAllocatedProfile(s, 'Llama', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.META_LLAMA_3_3_70B_INSTRUCT), costAllocationTags: { T: 'x' },
    });
    const topic = new CostAlertTopic(s, 'Alerts');
    const a = new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '2', pricesAsOf: '2026-12-01', alertTargets: [topic.asAlertTarget()] });
    const props = alarm(s);
    expect(props.Metrics.map((m: any) => m.Id)).toEqual(['expr_1', 'inputTokens', 'outputTokens']);
    expect(props.AlarmDescription).toMatch(/\(input and output tokens x on-demand prices; .*\)\. Not counted, no price: cache-read tokens, cache-write tokens\.$/);
    expect(a._describe().notCounted).toEqual([
      expect.stringMatching(/^cache-read tokens \(.+ has no cache-read-input-tokens price for us-east-1 on 2026-12-01\)$/),
      expect.stringMatching(/^cache-write tokens \(.+ has no cache-write-input-tokens price for us-east-1 on 2026-12-01\)$/),
    ]);
    expect(a._describe().cacheReadUsdPerToken).toBeUndefined();
    expectClean(app);
    // The cost report written at synthesis carries the same, and reads back against its schema.
    const [report] = readReports(app.synth().directory);
    expect(report.alarms[0].notCounted).toEqual(a._describe().notCounted);
    expect(renderStackReport(report, 'table')).toContain('Svc/A does not count cache-read tokens (');
  });

  test('a model with no price at all: a manual threshold still needs prices, the error names the fix, and a price file builds it', () => {
    const make = (priceCatalog?: PriceCatalog) => {
      const s = new Stack(new App(), 'Svc', { env: { region: 'us-east-1' } });
      const profile = new CostAllocatedProfile(s, 'P', { source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4), costAllocationTags: { T: 'x' } });
      return new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '5', priceCatalog, pricesAsOf: '2026-12-01' });
    };
    expect(() => make()).toThrow(/^Svc\/A: profile has no "input-tokens" price in the catalog \(Claude Sonnet 4 has no prices at all.*even with thresholdUsdPerHour: give this construct priceCatalog: PriceCatalog\.embedded\(\)\.withPriceFile\('prices\.yaml'\).*bedrock-cost prices refresh/);
    const own = PriceCatalog.embedded().withPriceText(`
source: { id: own-2026, title: Own prices, effectiveDate: "2026-11-01" }
prices:
  - { item: anthropic.claude-sonnet-4, meter: input-tokens, regions: [us-east-1], usd: "3", per: 1000000 }
  - { item: anthropic.claude-sonnet-4, meter: output-tokens, regions: [us-east-1], usd: "15", per: 1000000 }
  - { item: anthropic.claude-sonnet-4, meter: cache-read-input-tokens, regions: [us-east-1], usd: "0.3", per: 1000000 }
`, 'own.yaml');
    const a = make(own);
    expect(a.thresholdUsdPerHour).toBe('5.00');
    expect(alarm(Stack.of(a)).Metrics[0].Expression).toBe('(inputTokens * 0.000003 + outputTokens * 0.000015 + FILL(cacheReadTokens, 0) * 0.0000003) * 12');
    expect(a._describe().notCounted).toEqual([expect.stringMatching(/^cache-write tokens \(/)]);
    expect(a._describe().priceSources).toEqual(['own-2026 (2026-11-01)']);
  });

  test('a global profile prices at the global rate of its source Region, a geographic one at the regional rate', () => {
    const rateOf = (geo: CrossRegionGeo) => {
      const s = new Stack(new App(), 'Svc', { env: { region: 'us-east-1' } });
      const profile = new CostAllocatedProfile(s, 'P', { source: ProfileSource.crossRegion(geo, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5), costAllocationTags: { T: 'x' } });
      new ProfileSpendAlarm(s, 'A', { profile, thresholdUsdPerHour: '5', pricesAsOf: '2026-12-01' });
      // No cache writes: the embedded catalog has no regional cache-write price for it in us-east-1.
      return evaluateRate(alarm(s).Metrics[0].Expression, { inputTokens: '1000000', outputTokens: '1000000', cacheReadTokens: '1000000', cacheWriteTokens: '0' });
    };
    const global = rateOf(CrossRegionGeo.GLOBAL);
    const us = rateOf(CrossRegionGeo.US);
    // 1M input, output and cache-read tokens in 5 minutes, x 12: (3 + 15 + 0.30) x 12 at the global rate,
    // (3.30 + 16.50 + 0.33) x 12 at the US rate (AWS Price List, AmazonBedrockFoundationModels, 2026-08-20).
    expect(global!.toFixed()).toBe('219.6');
    expect(us!.toFixed()).toBe('241.56');
  });
});

describe('ProfileSpendAlarm on stale prices', () => {
  const PRICES = STALE_TEST_PRICES;
  const staleAlarm = (pricesAsOf: string) => {
    const s = new Stack(new App(), 'Svc', { env: { region: 'us-east-1' } });
    const profile = new CostAllocatedProfile(s, 'P', {
      source: ProfileSource.foundationModel(BedrockModelId.custom('acme.stale-v1:0')),
      costAllocationTags: { Service: 's' },
    });
    new ProfileSpendAlarm(s, 'SpendRate', {
      profile,
      thresholdUsdPerHour: '1',
      pricesAsOf,
      priceCatalog: PriceCatalog.embedded().withPriceText(JSON.stringify(PRICES), 'stale.json'),
      alertTargets: [new CostAlertTopic(s, 'Alerts', { emails: ['oncall@example.com'] }).asAlertTarget()],
    });
    return Annotations.fromStack(s);
  };

  test('warns on the alarm when its newest price is more than 120 days older than the as-of date, naming the source and the refresh command', () => {
    const annotations = staleAlarm('2026-12-01');
    annotations.hasWarning('/Svc/SpendRate', Match.stringLikeRegexp(
      '^spend rate: prices from "Test prices, 2026-01-01" \\(effective 2026-01-01\\) are 334 days older than the as-of date 2026-12-01 '
      + '\\(more than 120\\): .*Run `bedrock-cost prices refresh`'));
    expect(annotations.findWarning('*', Match.stringLikeRegexp('prices from'))).toHaveLength(1);
  });

  test('120 days is not stale: no warning', () => {
    staleAlarm('2026-05-01').hasNoWarning('*', Match.stringLikeRegexp('prices from'));
  });

  test('the alarm of the usual setup (prices of 2025-02-01, as of 2025-03-01) does not warn', () => {
    const { s, profile, topic } = setup();
    new ProfileSpendAlarm(s, 'SpendRate', { profile, alertTargets: [topic.asAlertTarget()] });
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('prices from'));
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

