import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { CostForecast, PriceCatalog } from '../../src/pricing/cost-forecast';
import { forecastUsage } from '../../src/pricing/forecast';
import { checkUsage } from '../../src/pricing/usage';
import { InferenceSpec, UsageDocument } from '../../src/pricing/usage-document';
import { errorOf } from '../helpers/errors';

// Every tier of one model in a test price file (made-up round figures, so each line can be
// checked by hand): per 1K tokens, reserved per 1K TPM per hour (as AWS quotes it).
const ITEM = 'anthropic.claude-sonnet-4-5';
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const PRICES = {
  source: { id: 'tiers-test', title: 'Test prices', effectiveDate: '2026-11-01' },
  prices: ([
    ['input-tokens', '0.001'], ['output-tokens', '0.005'], ['cache-read-input-tokens', '0.0001'],
    ['cache-write-input-tokens', '0.00125'], ['cache-write-1h-input-tokens', '0.002'],
    ['long-context-input-tokens', '0.002'], ['long-context-output-tokens', '0.0075'],
    ['flex-input-tokens', '0.0005'], ['flex-output-tokens', '0.0025'],
    ['priority-input-tokens', '0.00175'], ['priority-output-tokens', '0.00875'],
    ['batch-input-tokens', '0.0005'], ['batch-output-tokens', '0.0025'],
    ['reserved-input-tpm-hours-1-month-term', '0.1'], ['reserved-output-tpm-hours-1-month-term', '0.5'],
    ['reserved-input-tpm-hours-3-month-term', '0.0891'],
  ] as const).map(([meter, usd]) => ({ item: ITEM, meter, regions: ['us-east-1'], usd, per: 1000 })),
};
const catalog = Catalog.embedded().withDocument(PRICES, 'tiers.json');
const AS_OF = '2026-12-01';

function forecast(inference: Partial<InferenceSpec>, extra: Partial<UsageDocument> = {}) {
  const doc: UsageDocument = {
    daysPerMonth: 30,
    ...extra,
    workloads: [{
      name: 'w',
      region: 'us-east-1',
      inference: { model: MODEL, requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100, ...inference },
    }],
  };
  return forecastUsage(catalog, checkUsage(JSON.parse(JSON.stringify(doc)), 'usage.yaml'), { asOf: AS_OF, location: 'usage.yaml' });
}

const lines = (inference: Partial<InferenceSpec>) =>
  forecast(inference).workloads[0].lines.map(l => [l.meter, l.quantity.toFixed(), l.cost.toFixed()]);

describe('service tiers, cache TTLs and long context', () => {
  test('flex and priority are shares of the on-demand requests; Standard is the rest', () => {
    expect(lines({ serviceTier: { flex: 0.2, priority: 0.1 }, batchShare: 0.5 })).toEqual([
      // 1,000 requests: 500 batch; 500 on demand: 100 flex, 50 priority, 350 Standard.
      ['input-tokens', '350000', '0.35'],
      ['output-tokens', '35000', '0.175'],
      ['flex-input-tokens', '100000', '0.05'],
      ['flex-output-tokens', '10000', '0.025'],
      ['priority-input-tokens', '50000', '0.0875'],
      ['priority-output-tokens', '5000', '0.04375'],
      ['batch-input-tokens', '500000', '0.25'],
      ['batch-output-tokens', '50000', '0.125'],
    ]);
  });

  test('1-hour cache writes get their own meter, beside the 5-minute writes and the reads', () => {
    expect(lines({ cacheReadShare: 0.5, cacheWriteShare: 0.1, cacheWrite1hShare: 0.2 })).toEqual([
      // 1,000,000 input tokens: 20% plain, 50% read, 10% 5-minute and 20% 1-hour writes.
      ['input-tokens', '200000', '0.2'],
      ['cache-read-input-tokens', '500000', '0.05'],
      ['cache-write-input-tokens', '100000', '0.125'],
      ['cache-write-1h-input-tokens', '200000', '0.4'],
      ['output-tokens', '100000', '0.5'],
    ]);
  });

  test('requests above the long-context threshold are priced at the long-context meters of their tier', () => {
    expect(lines({ longContextShare: 0.1 })).toEqual([
      ['input-tokens', '900000', '0.9'],
      ['output-tokens', '90000', '0.45'],
      ['long-context-input-tokens', '100000', '0.2'],
      ['long-context-output-tokens', '10000', '0.075'],
    ]);
  });

  test('a share whose tier has no price for the model is the "no price" error, never Standard', () => {
    const flexCache = errorOf(() => forecast({ serviceTier: { flex: 0.5 }, cacheReadShare: 0.5 }));
    expect(flexCache).toBeInstanceOf(CostProfilesError);
    expect(flexCache.message).toMatch(/^usage\.yaml: workloads\[0\]\.inference has no "flex-cache-read-input-tokens" price in the catalog \(Claude Sonnet 4\.5 is priced for: .*\)/);
    expect(errorOf(() => forecast({ longContextShare: 0.1, cacheReadShare: 0.1 })).message).toContain('has no "long-context-cache-read-input-tokens" price');
    expect(errorOf(() => forecast({ serviceTier: { priority: 1 }, latencyOptimizedShare: 0.5 })).message)
      .toBe('usage.yaml: workloads[0].inference.serviceTier shares plus latencyOptimizedShare are more than 1 (got {"priority":1,"latencyOptimizedShare":0.…(42 chars)). '
        + 'They are shares of the same on-demand requests (Standard is the rest); their sum must be ≤ 1.');
    expect(errorOf(() => forecast({ cacheReadShare: 0.5, cacheWrite1hShare: 0.6 })).message).toContain('workloads[0].inference.cacheWrite1hShare plus cacheReadShare and cacheWriteShare is more than 1');
  });
});

describe('reserved tier', () => {
  test('the reservation is a fixed monthly line of TPM × the month\'s hours; the Standard traffic above it overflows at Standard', () => {
    // 30 days = 43,200 minutes. 4,320,000,000 input tokens a month = 100,000 a minute on average;
    // 200,000 output tokens a minute on average. Reserved: 100,000 input (all of it), 20,000 output (10%).
    const reserved = { inputTokensPerMinute: 100000, outputTokensPerMinute: 20000, months: 1 };
    const f = forecast({ requestsPerMonth: 4_320_000, reserved, outputTokensPerRequest: 2000 });
    expect(f.workloads[0].lines.map(l => [l.meter, l.quantity.toFixed(), l.cost.toFixed(), l.variable])).toEqual([
      // 30 days × 24 = 720 hours. Input: 100,000 TPM × 720 h = 72,000,000 TPM-hours = 72,000 × 1K TPM-hours × 0.1 USD = 7,200 USD.
      ['reserved-input-tpm-hours-1-month-term', '72000000', '7200', false],
      // Output: 20,000 TPM × 720 h = 14,400,000 TPM-hours = 14,400 × 0.5 USD = 7,200 USD.
      ['reserved-output-tpm-hours-1-month-term', '14400000', '7200', false],
      ['output-tokens', '7776000000', '38880', true], // 90% of 8,640,000,000 at 0.005/1K
    ]);
  });

  test.each([
    // 31 days = 744 h: 100,000 × 744 = 74,400,000 TPM-hours × 0.1 / 1,000 = 7,440 USD; output 10,000 × 744 × 0.5 / 1,000 = 3,720 USD.
    [31, 1, '74400000', '7440', '7440000', '3720'],
    // 365.25 / 12 = 30.4375 days = 730.5 h: 73,050,000 TPM-hours × 0.1 / 1,000 = 7,305 USD; output 7,305,000 × 0.5 / 1,000 = 3,652.5 USD.
    [30.4375, 1, '73050000', '7305', '7305000', '3652.5'],
  ])('%d days: the hours are daysPerMonth × 24, exact (term %i)', (daysPerMonth, months, inQty, inCost, outQty, outCost) => {
    const reserved = { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months };
    const f = forecast({ requestsPerMonth: 1000, reserved }, { daysPerMonth });
    expect(f.workloads[0].lines.filter(l => !l.variable).map(l => [l.meter, l.quantity.toFixed(), l.cost.toFixed(), l.dimension])).toEqual([
      ['reserved-input-tpm-hours-1-month-term', inQty, inCost, `reserved input TPM × ${daysPerMonth * 24} h (1-month term)`],
      ['reserved-output-tpm-hours-1-month-term', outQty, outCost, `reserved output TPM × ${daysPerMonth * 24} h (1-month term)`],
    ]);
  });

  test('a 3-month term has its own hourly price', () => {
    const catalog3 = catalog.withDocument({
      source: { id: 'tiers-3m', title: 'Test prices, 3-month output', effectiveDate: '2026-11-01' },
      prices: [{ item: ITEM, meter: 'reserved-output-tpm-hours-3-month-term', regions: ['us-east-1'], usd: '0.4455', per: 1000 }],
    }, 'tiers-3m.json');
    const doc: UsageDocument = {
      daysPerMonth: 30,
      workloads: [{ name: 'w', region: 'us-east-1', inference: { model: MODEL, requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100, reserved: { inputTokensPerMinute: 250000, outputTokensPerMinute: 10000, months: 3 } } }],
    };
    const f = forecastUsage(catalog3, checkUsage(doc, 'usage.yaml'), { asOf: AS_OF, location: 'usage.yaml' });
    // 250,000 TPM × 720 h = 180,000,000 TPM-hours × 0.0891 / 1,000 = 16,038 USD; 10,000 × 720 × 0.4455 / 1,000 = 3,207.6 USD.
    expect(f.workloads[0].lines.filter(l => !l.variable).map(l => [l.meter, l.cost.toFixed()])).toEqual([
      ['reserved-input-tpm-hours-3-month-term', '16038'], ['reserved-output-tpm-hours-3-month-term', '3207.6'],
    ]);
  });

  test('cache reads do not count against the reservation (AWS counts input and cache writes)', () => {
    const reserved = { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 1 };
    const f = forecast({ requestsPerMonth: 4_320_000, cacheReadShare: 0.5, reserved });
    const meters = f.workloads[0].lines.map(l => [l.meter, l.quantity.toFixed()]);
    // Counted input: 2,160,000,000 a month = 50,000 a minute: all served. Output 432,000,000 = 10,000 a minute: all served.
    expect(meters).toEqual([['reserved-input-tpm-hours-1-month-term', '72000000'], ['reserved-output-tpm-hours-1-month-term', '7200000'], ['cache-read-input-tokens', '2160000000']]);
  });

  test('terms, minimums and missing prices are clear errors', () => {
    expect(errorOf(() => forecast({ reserved: { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 3 } })).message)
      .toContain('has no "reserved-output-tpm-hours-3-month-term" price in the catalog');
    expect(errorOf(() => forecast({ reserved: { inputTokensPerMinute: 99999, outputTokensPerMinute: 10000, months: 1 } })).message)
      .toBe('usage.yaml: workloads[0].inference.reserved.inputTokensPerMinute is below the reserved tier\'s minimum of 100,000 (got 99999). '
        + 'Reserve at least 100,000 input and 10,000 output tokens per minute (AWS docs, service tiers), or leave reserved out.');
    expect(errorOf(() => forecast({ reserved: { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 2 } })).message).toContain('must be');
  });

  test('expectedUsage and CostForecast.forInference take the same dimensions, with errors in their own field names', () => {
    const prices = PriceCatalog.embedded().withPriceText(JSON.stringify(PRICES), 'tiers.json');
    const f = CostForecast.forInference({
      model: MODEL,
      region: 'us-east-1',
      daysPerMonth: 30,
      asOf: AS_OF,
      catalog: prices,
      requestsPerMonth: 1000,
      inputTokensPerRequest: 1000,
      outputTokensPerRequest: 100,
      serviceTier: { flex: 0.5 },
    });
    expect(JSON.parse(f.toJson()).workloads[0].lines.map((l: { meter: string }) => l.meter)).toEqual(['input-tokens', 'output-tokens', 'flex-input-tokens', 'flex-output-tokens']);
    // Standard: 500,000 in × 0.001/1K + 50,000 out × 0.005/1K = 0.75; Flex: 0.25 + 0.125.
    expect(f.expectedMonthlyUsd).toBe('1.125');
    expect(errorOf(() => CostForecast.forInference({
      model: MODEL,
      region: 'us-east-1',
      daysPerMonth: 30,
      asOf: AS_OF,
      catalog: prices,
      requestsPerMonth: 1,
      inputTokensPerRequest: 1,
      outputTokensPerRequest: 1,
      serviceTier: { flex: 2 },
    })).message).toMatch(/^CostForecast\.forInference\(\): serviceTier\.flex must be between 0 and 1/);
  });
});
