import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { CostForecast } from '../../src/pricing/cost-forecast';
import { forecastUsage } from '../../src/pricing/forecast';
import { checkUsage } from '../../src/pricing/usage';
import { UsageDocument, WorkloadSpec } from '../../src/pricing/usage-document';

const catalog = Catalog.embedded();
const AS_OF = '2025-03-01';

function forecast(workload: Omit<WorkloadSpec, 'name'>, extra: Partial<UsageDocument> = {}) {
  return forecastUsage(catalog, { daysPerMonth: 30, ...extra, workloads: [{ name: 'w', ...workload }] }, { asOf: AS_OF });
}

function lines(workload: Omit<WorkloadSpec, 'name'>) {
  return forecast(workload).workloads[0].lines.map(l => [l.meter, l.quantity.toFixed(), l.cost.toFixed()]);
}

describe('token traffic', () => {
  test('splits requests into batch, latency-optimized and standard, and input into cache read/write/plain', () => {
    expect(lines({
      region: 'us-east-1',
      inference: {
        model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        requestsPerDay: 1000,
        inputTokensPerRequest: 2000,
        outputTokensPerRequest: 500,
        cacheReadShare: 0.5,
        cacheWriteShare: 0.1,
        batchShare: 0.2,
        latencyOptimizedShare: 0.25,
      },
    })).toEqual([
      // 30,000 requests: 6,000 batch; 24,000 on demand of which 6,000 latency-optimized, 18,000 standard.
      ['input-tokens', '14400000', '11.52'], // 18,000 x 2,000 x (1 - 0.5 - 0.1) at 0.0008/1K
      ['cache-read-input-tokens', '18000000', '1.44'], // x 0.5 at 0.00008/1K
      ['cache-write-input-tokens', '3600000', '3.6'], // x 0.1 at 0.001/1K
      ['output-tokens', '9000000', '36'], // 18,000 x 500 at 0.004/1K
      ['latency-optimized-input-tokens', '12000000', '12'], // 6,000 x 2,000 at 0.001/1K
      ['latency-optimized-output-tokens', '3000000', '15'], // 6,000 x 500 at 0.005/1K
      ['batch-input-tokens', '12000000', '6'], // 6,000 x 2,000 at 0.0005/1K
      ['batch-output-tokens', '3000000', '7.5'], // 6,000 x 500 at 0.0025/1K
    ]);
  });

  test('days per month is an explicit input: requests per day scale with it', () => {
    const spec = { region: 'us-west-2', inference: { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', requestsPerDay: 100, inputTokensPerRequest: 1000, outputTokensPerRequest: 0 } };
    expect(forecast(spec, { daysPerMonth: 31 }).total.expected.toFixed()).toBe('9.3');
    expect(forecast(spec, { daysPerMonth: '30.4166666666' }).total.expected.toFixed()).toBe('9.12499999998'); // 3,041,666.66666 tokens x 0.000003
    expect(forecast({ ...spec, daysPerMonth: 28 }, { daysPerMonth: 31 }).total.expected.toFixed()).toBe('8.4');
  });

  test('only metered dimensions need a price: a model without batch prices is fine with batchShare 0', () => {
    // The 2025 page lists Titan Text Premier's batch price as "not applicable" (line 237).
    const premier = { model: 'amazon.titan-text-premier-v1:0', requestsPerMonth: 10, inputTokensPerRequest: 10, outputTokensPerRequest: 10 };
    expect(() => lines({ region: 'us-east-1', inference: premier })).not.toThrow();
    expect(() => lines({ region: 'us-east-1', inference: { ...premier, batchShare: 0.5 } }))
      .toThrow('has no "batch-input-tokens" price in the catalog (Amazon Titan Text Premier is priced for: input-tokens, output-tokens)');
  });
});

describe('band and growth', () => {
  test('the band scales traffic-driven cost only; growth compounds monthly on it', () => {
    const f = forecast({
      region: 'us-east-1',
      monthlyGrowth: 0.1,
      inference: { model: 'amazon.nova-pro-v1:0', requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 0 }, // 0.80 a month
      provisioned: [{ model: 'anthropic.claude-instant-v1', modelUnits: 1, commitment: '6-month', hours: 10 }], // 220.00, fixed
    }, { months: 3, band: { low: 0.5, high: 2 } });
    const w = f.workloads[0];
    expect([w.monthly.low, w.monthly.expected, w.monthly.high].map(d => d.toFixed())).toEqual(['220.4', '220.8', '221.6']);
    expect(w.series.map(b => b.expected.toFixed())).toEqual(['220.8', '220.88', '220.968']);
    expect(f.series.map(b => b.high.toFixed())).toEqual(['221.6', '221.76', '221.936']);
  });

  test('the band must straddle 1', () => {
    expect(() => forecast({ region: 'us-east-1' }, { band: { low: 1.1, high: 2 } })).toThrow('usage: band must have low ≤ 1 ≤ high');
  });
});

describe('provisioned throughput comparison', () => {
  test('sizes model units from tokens per minute and compares with on-demand', () => {
    const f = forecast({
      region: 'us-east-1',
      inference: {
        model: 'anthropic.claude-instant-v1',
        requestsPerDay: 100000,
        inputTokensPerRequest: 2000,
        outputTokensPerRequest: 400,
        provisionedThroughput: { commitment: '1-month', tokensPerMinutePerModelUnit: 100000, peakToAverage: 2 },
      },
    });
    const [c] = f.workloads[0].provisioned;
    // 3,000,000 requests x 2,400 tokens = 7.2e9 tokens a month = 166,666.67 a minute; x2 peak → 4 units.
    expect(c.modelUnits).toBe(4n);
    expect(c.provisionedMonthly!.toFixed()).toBe('114048'); // 4 x 39.60 x 720 h
    expect(c.onDemandMonthly.toFixed()).toBe('7680'); // 6e9 x 0.0008/1K + 1.2e9 x 0.0024/1K
    expect(c.cheaper).toBe('on-demand');
    expect(c.breakEvenTokensPerMonth).toBe(106920000000n); // 114,048 / 7,680 x 7.2e9
  });

  test('says why when the catalog has no provisioned price', () => {
    const f = forecast({
      region: 'us-west-2',
      inference: {
        model: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
        requestsPerMonth: 1,
        inputTokensPerRequest: 1,
        outputTokensPerRequest: 1,
        provisionedThroughput: { tokensPerMinutePerModelUnit: 1000 },
      },
    });
    expect(f.workloads[0].provisioned[0]).toMatchObject({ available: false, reason: expect.stringContaining('no 1-month provisioned-throughput price') });
  });
});

describe('billing rules of the newest page', () => {
  test('guardrails: a text unit holds up to 1,000 characters, input and output counted apart, per policy', () => {
    expect(lines({ region: 'us-west-2', guardrails: [{ policies: ['content-filter', 'word-filter'], requests: 100, inputCharactersPerRequest: 5600, outputCharactersPerRequest: 1 }] }))
      .toEqual([['text-units', '700', '0.105'], ['text-units', '700', '0']]); // (6 + 1) units x 100; word filter is free
  });

  test('rerank: a query holds up to 100 documents, so 350 documents are 4 queries', () => {
    expect(lines({ region: 'us-east-1', rerank: [{ model: 'amazon.rerank-v1:0', requests: 1000, documentsPerRequest: 350 }] })).toEqual([['queries', '4000', '4']]);
    expect(lines({ rerank: [{ model: 'cohere.rerank-v3-5:0', region: 'us-west-2', requests: 1000, documentsPerRequest: 100 }] })).toEqual([['queries', '1000', '2']]);
  });

  test('custom model import: custom model units per minute in whole 5-minute windows, plus storage', () => {
    expect(lines({ region: 'us-east-1', customModelImport: [{ customModelUnits: 2, activeMinutes: 12 }] }))
      .toEqual([['cmu-minutes', '30', '2.355'], ['cmu-storage', '2', '3.9']]); // 12 min → 3 windows → 2 x 15 CMU-minutes
  });

  test('data automation: blueprint fields above 30 cost extra per page', () => {
    expect(lines({ region: 'us-east-1', dataAutomation: { customDocumentPages: 1000, blueprintFields: 35, standardAudioMinutes: 60 } })).toEqual([
      ['custom-document-pages', '1000', '40'], ['custom-document-extra-field-pages', '5000', '2.5'], ['standard-audio-minutes', '60', '0.36'],
    ]);
  });

  test('flows, structured retrieval, video, embeddings of images, training tokens x epochs', () => {
    expect(lines({
      region: 'us-east-1',
      flows: { nodeTransitions: 10000 },
      structuredRetrieval: { requests: 500 },
      video: [{ model: 'luma.ray-v2:0', seconds: 10, resolution: '720p' }],
      lineItems: [{ item: 'cohere.embed-english-v3', meter: 'input-images', quantity: 1000 }],
      customization: [{ model: 'cohere.command-light-text-v14', trainingTokens: 500000, epochs: 3 }],
    })).toEqual([
      ['video-seconds-720p', '10', '15'],
      ['training-tokens', '1500000', '1.5'],
      ['node-transitions', '10000', '0.35'],
      ['requests', '500', '1'],
      ['input-images', '1000', '0.1'],
    ]);
  });
});

describe('clear errors for bad usage', () => {
  test.each<[string, Omit<WorkloadSpec, 'name'>, string]>([
    ['both request rates', { region: 'us-east-1', inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: 1, requestsPerMonth: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1 } },
      'usage: workloads[0].inference needs exactly one of requestsPerDay and requestsPerMonth'],
    ['a share above 1', { region: 'us-east-1', inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1, batchShare: 1.5 } },
      'usage: workloads[0].inference.batchShare must be between 0 and 1 (got 1.5)'],
    ['cache shares above 1 together', { region: 'us-east-1', inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1, cacheReadShare: 0.7, cacheWriteShare: 0.4 } },
      'workloads[0].inference.cacheReadShare plus cacheWriteShare is more than 1'],
    ['a negative quantity', { region: 'us-east-1', inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: -1, inputTokensPerRequest: 1, outputTokensPerRequest: 1 } },
      'workloads[0].inference.requestsPerDay must be a non-negative decimal number (got -1)'],
    ['a sized image without size', { region: 'us-east-1', images: [{ model: 'amazon.titan-image-generator-v1', count: 1 }] },
      'workloads[0].images[0].size is needed: the model is priced by image size'],
    ['no Region', { inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1 } },
      'usage: region is required to price amazon.nova-pro-v1:0'],
    ['a model not priced there', { region: 'eu-west-1', inference: { model: 'amazon.nova-pro-v1:0', requestsPerDay: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1 } },
      'has no "input-tokens" price for Amazon Nova Pro in Region eu-west-1; priced in: us-east-1'],
    ['guardrails without amounts', { guardrails: [{ policies: ['denied-topics'] }] }, 'workloads[0].guardrails[0] needs textUnits, or requests with'],
    ['an unknown meter', { lineItems: [{ item: 'flows', meter: 'transitions', quantity: 1 }] }, 'workloads[0].lineItems[0].meter is not a known meter'],
  ])('%s', (_what, workload, message) => {
    let error: unknown;
    try {
      forecast(workload);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CostProfilesError);
    expect((error as Error).message).toContain(message);
  });

  test('workload names are unique; asOf is a date; daysPerMonth is above 0', () => {
    expect(() => forecastUsage(catalog, { daysPerMonth: 30, workloads: [{ name: 'a' }, { name: 'a' }] })).toThrow('workloads[1].name is used twice');
    expect(() => forecastUsage(catalog, { daysPerMonth: 30, workloads: [{ name: 'a' }] }, { asOf: '2025/03/01' })).toThrow('asOf must be a date YYYY-MM-DD');
    expect(() => forecastUsage(catalog, { daysPerMonth: 0, workloads: [{ name: 'a' }] })).toThrow('daysPerMonth must be above 0');
  });

  test.each([
    [{ workloads: [{ name: 'a' }] }, 'usage.yaml: (document) is missing the required property "daysPerMonth"'],
    [{ daysPerMonth: 30, workloads: [{ name: 'a', infrence: {} }] }, 'usage.yaml: workloads[0] has an unknown property "infrence"'],
    [{ daysPerMonth: 32, workloads: [{ name: 'a' }] }, 'usage.yaml: daysPerMonth'],
    [{ daysPerMonth: 30, workloads: [{ name: 'a', inference: { model: 'm', requestsPerDay: 'lots', inputTokensPerRequest: 1, outputTokensPerRequest: 1 } }] },
      'usage.yaml: workloads[0].inference'],
    [{ daysPerMonth: 30, workloads: [] }, 'usage.yaml: workloads must NOT have fewer than 1 items'],
  ])('the usage schema rejects %j', (doc, message) => {
    expect(() => checkUsage(doc, 'usage.yaml')).toThrow(message);
  });
});

describe('CostForecast (jsii API)', () => {
  test.each([0, -1, 1.5, 121, Number.NaN])('months %p is refused with the prop\'s name, not a TypeError', months => {
    const forecastMonths = () => CostForecast.forInference({
      model: 'amazon.nova-pro-v1:0', region: 'us-east-1', daysPerMonth: 30, requestsPerDay: 10, inputTokensPerRequest: 10, outputTokensPerRequest: 1, months, asOf: AS_OF,
    });
    expect(forecastMonths).toThrow(CostProfilesError);
    expect(forecastMonths).toThrow('CostForecast.forInference(): months must be a whole number from 1 to 120');
  });

  test('forInference gives exact decimal strings and renders', () => {
    const f = CostForecast.forInference({
      model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      region: 'us-east-1',
      daysPerMonth: 30,
      requestsPerDay: 1000,
      inputTokensPerRequest: 1000,
      outputTokensPerRequest: 100,
      asOf: AS_OF,
      name: 'search',
      bandLow: 0.9,
      bandHigh: 1.5,
    });
    expect([f.lowMonthlyUsd, f.expectedMonthlyUsd, f.highMonthlyUsd]).toEqual(['32.4', '36', '54']); // 30M in x 0.0008/1K + 3M out x 0.004/1K
    expect(f.workloads).toEqual([{ name: 'search', tags: {}, lowMonthlyUsd: '32.4', expectedMonthlyUsd: '36', highMonthlyUsd: '54' }]);
    expect(JSON.parse(f.toJson()).workloads[0].lines.map((l: any) => l.cost)).toEqual(['24', '12']);
    expect(f.toMarkdown()).toContain('| **Total** | 32.40 | **36.00** | 54.00 |');
    expect(f.toTable()).toMatch(/Total\s+32\.40\s+36\.00\s+54\.00/);
    expect(f.asOf).toBe(AS_OF);
  });
});
