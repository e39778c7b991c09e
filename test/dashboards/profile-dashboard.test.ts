import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import {
  BedrockInvocationLogging, BedrockModelId, CostAllocatedProfile, CrossRegionGeo, PriceCatalog, ProfileDashboard,
  ProfileDashboardProps, ProfileMetricsDimension, ProfileSource, ProfileSpendAlarm,
} from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { anyValue } from '../helpers/arbitraries';
import { errorOf } from '../helpers/errors';
import { parseJoinedJson } from '../helpers/intrinsics';
import { expectClean } from '../helpers/synth';

const AS_OF = '2025-03-01';

function setup(app = new App(), env: { region?: string } = { region: 'us-west-2' }) {
  const stack = new Stack(app, 'Team', { env: { account: '111111111111', ...env } });
  const search = new CostAllocatedProfile(stack, 'Search', {
    profileName: 'team-search',
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    costAllocationTags: { Team: 'search' },
    pricesAsOf: AS_OF,
  });
  const summaries = new CostAllocatedProfile(stack, 'Summaries', {
    profileName: 'team-summaries',
    source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU),
    costAllocationTags: { Team: 'search' },
    pricesAsOf: AS_OF,
  });
  return { app, stack, search, summaries };
}

/** The dashboard body, parsed, intrinsics shown as Ref:/GetAtt: markers. */
function bodyOf(stack: Stack): any {
  const [dashboard] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  return parseJoinedJson(dashboard.Properties.DashboardBody);
}


describe('ProfileDashboard', () => {
  test('estimated spend per profile and in total, priced exactly from the catalog, then four graphs per profile', () => {
    const { app, stack, search, summaries } = setup();
    const dashboard = new ProfileDashboard(stack, 'Dashboard', { profiles: [search, summaries], dashboardName: 'team-search-bedrock', pricesAsOf: AS_OF });
    expectClean(app);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'team-search-bedrock' });
    const widgets: any[] = bodyOf(stack).widgets;
    expect(widgets.map(w => w.properties.title ?? 'text')).toEqual([
      'text',
      'Estimated spend, USD per hour',
      'Estimated spend now, USD per hour',
      'team-search: invocations', 'team-search: tokens', 'team-search: latency (ms)', 'team-search: throttles and errors',
      'team-search: time to first token (ms, streaming)', 'team-search: estimated TPM quota usage (tokens per minute)',
      'team-summaries: invocations', 'team-summaries: tokens', 'team-summaries: latency (ms)', 'team-summaries: throttles and errors',
      'team-summaries: time to first token (ms, streaming)', 'team-summaries: estimated TPM quota usage (tokens per minute)',
    ]);
    const spend = widgets[1].properties;
    const expressions = spend.metrics.filter((m: any[]) => typeof m[0] === 'object' && m[0].expression).map((m: any[]) => m[0].expression);
    // Claude 3.5 Sonnet v2 in us-west-2; Claude 3.5 Haiku through the us. profile at the us-west-2 rate.
    // Cache reads and writes at their own prices, as in ProfileSpendAlarm.
    expect(expressions).toEqual([
      '(FILL(inputTokens0, 0) * 0.000003 + FILL(outputTokens0, 0) * 0.000015 + FILL(cacheReadTokens0, 0) * 0.0000003 + FILL(cacheWriteTokens0, 0) * 0.00000375) * 12',
      '(FILL(inputTokens1, 0) * 0.0000008 + FILL(outputTokens1, 0) * 0.000004 + FILL(cacheReadTokens1, 0) * 0.00000008 + FILL(cacheWriteTokens1, 0) * 0.000001) * 12',
    ]);
    const metricNames = JSON.stringify(spend.metrics);
    expect(metricNames).toContain('"CacheReadInputTokenCount"');
    expect(metricNames).toContain('"CacheWriteInputTokenCount"');
    expect(widgets[0].properties.markdown).not.toContain('Not counted');
    expect(spend.stacked).toBe(true);
    expect(JSON.stringify(widgets[2].properties.metrics)).toContain('"expression":"rate0 + rate1"');
    expect(dashboard.totalSpendRate.expression).toBe('rate0 + rate1');

    const latency = widgets[5].properties.metrics;
    expect(latency.map((m: any[]) => [m[1], m.at(-1).stat])).toEqual([['InvocationLatency', 'p50'], ['InvocationLatency', 'p90']]);
    expect(JSON.stringify(widgets[3].properties.metrics)).toContain('GetAtt:Search');

    // Cache tokens with the others; time to first token and quota usage on their own row.
    const tokens = widgets[4].properties.metrics;
    expect(tokens.map((m: any[]) => [m[1], m.at(-1).label])).toEqual([
      ['InputTokenCount', 'input'], ['OutputTokenCount', 'output'], ['CacheReadInputTokenCount', 'cache read'], ['CacheWriteInputTokenCount', 'cache write'],
    ]);
    expect(widgets[7].properties.metrics.map((m: any[]) => [m[1], m.at(-1).stat])).toEqual([['TimeToFirstToken', 'p50'], ['TimeToFirstToken', 'p90']]);
    const quota = widgets[8].properties;
    expect(quota.metrics.map((m: any[]) => [m[0], m[1], m[2], m.at(-1).stat, m.at(-1).period])).toEqual([
      ['AWS/Bedrock', 'EstimatedTPMQuotaUsage', 'ModelId', 'Sum', 60],
    ]);
    expect(JSON.stringify(quota.metrics)).toContain('GetAtt:Search');
    expect([widgets[7].width, widgets[8].width]).toEqual([12, 12]);
  });

  test('the new graphs follow the profile\'s metrics dimension, and the quota stays per minute whatever the period', () => {
    const { app, stack } = setup();
    const byId = new CostAllocatedProfile(stack, 'ById', {
      profileName: 'team-by-id',
      source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
      costAllocationTags: { Team: 'search' },
      metricsDimension: ProfileMetricsDimension.PROFILE_ID,
    });
    new ProfileDashboard(stack, 'Dashboard', { profiles: [byId], pricesAsOf: AS_OF, period: Duration.minutes(15) });
    expectClean(app);
    const widgets: any[] = bodyOf(stack).widgets;
    const graphs = widgets.filter(w => /time to first token|quota usage|tokens/.test(w.properties.title ?? ''));
    const dimensions = graphs.flatMap(w => w.properties.metrics.map((m: any[]) => JSON.stringify(m[3])));
    expect(dimensions.length).toBe(7);
    expect(new Set(dimensions)).toEqual(new Set([JSON.stringify(`GetAtt:${stack.getLogicalId(byId.node.defaultChild as any)}.InferenceProfileId`)]));
    const periods = graphs.flatMap(w => w.properties.metrics.map((m: any[]) => [m[1], m.at(-1).period]));
    expect(periods).toEqual([
      ['InputTokenCount', 900], ['OutputTokenCount', 900], ['CacheReadInputTokenCount', 900], ['CacheWriteInputTokenCount', 900],
      ['TimeToFirstToken', 900], ['TimeToFirstToken', 900], ['EstimatedTPMQuotaUsage', 60],
    ]);
  });

  test('with invocation logging, a table of the profiles\' top callers from the logs', () => {
    const { app, stack, search, summaries } = setup();
    const logging = new BedrockInvocationLogging(stack, 'Logging');
    new ProfileDashboard(stack, 'Dashboard', { profiles: [search, summaries], invocationLogging: logging });
    expectClean(app);
    const widgets: any[] = bodyOf(stack).widgets;
    const log = widgets.at(-1);
    expect(log.type).toBe('log');
    expect(log.properties.view).toBe('table');
    expect(log.properties.query).toContain("SOURCE 'Ref:LoggingLogGroup");
    expect(log.properties.query).toMatch(/filter modelId in \["GetAtt:Search[0-9A-F]+\.InferenceProfileArn", "GetAtt:Summaries[0-9A-F]+\.InferenceProfileArn"\]/);
    expect(log.properties.query).toContain('by identity.arn, modelId');
  });

  test('an imported profile and an own price catalog work', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: { region: 'us-west-2' } });
    const imported = CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', {
      profileArn: 'arn:aws:bedrock:us-west-2:111111111111:application-inference-profile/abc123',
      source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    });
    const catalog = PriceCatalog.embedded().withPriceText(JSON.stringify({
      source: { id: 'negotiated', title: 'Our negotiated rates', effectiveDate: '2026-01-01' },
      prices: [
        { item: 'anthropic.claude-3-5-sonnet', meter: 'input-tokens', regions: ['us-west-2'], usd: '0.0024', per: 1000 },
        { item: 'anthropic.claude-3-5-sonnet', meter: 'output-tokens', regions: ['us-west-2'], usd: '0.012', per: 1000 },
      ],
    }), 'negotiated.json');
    new ProfileDashboard(stack, 'Dashboard', { profiles: [imported], priceCatalog: catalog, pricesAsOf: '2026-02-01', period: Duration.minutes(1) });
    expectClean(app);
    const spend = bodyOf(stack).widgets[1].properties;
    // The negotiated input and output prices; the cache prices the newest public source states.
    expect(spend.metrics[0][0].expression)
      .toBe('(FILL(inputTokens0, 0) * 0.0000024 + FILL(outputTokens0, 0) * 0.000012 + FILL(cacheReadTokens0, 0) * 0.0000003 + FILL(cacheWriteTokens0, 0) * 0.00000375) * 60');
    expect(bodyOf(stack).widgets[3].properties.title).toBe('Imported: invocations');
  });

  test('the same rate as ProfileSpendAlarm; tokens without a price are named on the dashboard', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: { region: 'us-east-1' } });
    const llama = new CostAllocatedProfile(stack, 'Llama', {
      profileName: 'team-llama',
      source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.META_LLAMA_3_3_70B_INSTRUCT),
      costAllocationTags: { Team: 'search' },
    });
    new ProfileDashboard(stack, 'Dashboard', { profiles: [llama], pricesAsOf: '2026-12-01' });
    const alarm = new ProfileSpendAlarm(stack, 'Alarm', { profile: llama, thresholdUsdPerHour: '1', pricesAsOf: '2026-12-01' });
    expectClean(app);
    const widgets = bodyOf(stack).widgets;
    const onDashboard: string = widgets[1].properties.metrics[0][0].expression;
    const [alarmProps] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map(r => r.Properties);
    // The alarm fills only the sparse cache terms; the dashboard fills every term (sums over profiles).
    expect(onDashboard.replace(/FILL\((\w+)0, 0\)/g, '$1')).toBe(alarmProps.Metrics[0].Expression.replace(/FILL\((\w+), 0\)/g, '$1'));
    expect(alarm._describe().notCounted).toHaveLength(2);
    expect(widgets[0].properties.markdown).toMatch(/Not counted: team-llama: input and output tokens only \(no price for cache-read tokens, cache-write tokens\)\.$/);
  });

  test.each([
    [{ profiles: [] }, 'profiles', 'at least one profile'],
    [{ profiles: 'search' }, 'profiles', 'at least one profile'],
    [{ profiles: [{}] }, 'profiles[0]', 'not an inference profile'],
    [{ dashboardName: 'has space' }, 'dashboardName', 'must match'],
    [{ period: Duration.seconds(30) }, 'period', 'whole number of minutes'],
    [{ title: 42 }, 'title', 'must be a string'],
    [{ priceCatalog: {} }, 'priceCatalog', 'must be a PriceCatalog'],
    [{ invocationLogging: {} }, 'invocationLogging', 'must be a BedrockInvocationLogging'],
  ])('bad input %j is refused at synth with the field and the construct path', (props, field, problem) => {
    const { stack, search } = setup();
    const e = errorOf(() => new ProfileDashboard(stack, 'Dashboard', { profiles: [search], ...props } as unknown as ProfileDashboardProps));
    expect([e.location, e.field]).toEqual(['Team/Dashboard', field]);
    expect(e.message).toContain(problem);
  });

  test('a profile listed twice, or more than 50, is refused with the fix', () => {
    const { stack, search } = setup();
    expect(errorOf(() => new ProfileDashboard(stack, 'Twice', { profiles: [search, search] })).message).toContain('lists a profile twice');
    const many = Array.from({ length: 51 }, () => search);
    expect(errorOf(() => new ProfileDashboard(stack, 'Many', { profiles: many })).message).toContain('one dashboard per team or service');
  });

  test('a profile with no price at the date is refused naming it', () => {
    const { stack, search } = setup();
    const e = errorOf(() => new ProfileDashboard(stack, 'Dashboard', { profiles: [search], pricesAsOf: '2020-01-01' }));
    expect(e.field).toBe('profiles[0]');
    expect(e.message).toContain('effective on or before 2020-01-01');
  });

  test('a Region-agnostic stack cannot price its profiles and says how to fix it', () => {
    const app = new App();
    const stack = new Stack(app, 'Team');
    const profile = new CostAllocatedProfile(stack, 'P', {
      source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
      costAllocationTags: { Team: 'x' },
    });
    expect(errorOf(() => new ProfileDashboard(stack, 'Dashboard', { profiles: [profile] })).message).toContain('env with a region');
  });

  test('random props give a CostProfilesError or a dashboard, never a crash', () => {
    const { stack, search, summaries } = setup();
    let n = 0;
    fc.assert(fc.property(fc.record({
      profiles: fc.oneof(fc.constant([search]), fc.constant([search, summaries]), fc.array(anyValue, { maxLength: 3 }), anyValue),
      dashboardName: fc.oneof(fc.string({ maxLength: 300 }), anyValue),
      title: fc.oneof(fc.string(), anyValue),
      pricesAsOf: fc.oneof(fc.constant(AS_OF), fc.string(), anyValue),
      period: fc.oneof(fc.integer({ min: 0, max: 7200 }).map(s => Duration.seconds(s)), anyValue),
      priceCatalog: fc.oneof(fc.constant(PriceCatalog.embedded()), anyValue),
    }, { requiredKeys: [] }), props => {
      const id = `D${n++}`;
      try {
        new ProfileDashboard(stack, id, props as any);
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        expect(e.message.startsWith(`Team/${id}: `)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
