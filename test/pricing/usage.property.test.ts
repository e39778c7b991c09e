import * as fc from 'fast-check';
import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { CostForecast, PriceCatalog } from '../../src/pricing/cost-forecast';
import { Dec } from '../../src/pricing/decimal';
import { Forecast, forecastUsage } from '../../src/pricing/forecast';
import { checkUsage } from '../../src/pricing/usage';
import { anyValue } from '../helpers/arbitraries';

// Random usage documents with the newer dimensions (service tiers, 1-hour cache writes, long
// context, reserved capacity) and hostile numbers (growth, dates, huge and tiny quantities): the
// result is a CostProfilesError or a forecast that adds up, never a TypeError or a hang.

const ITEM = 'anthropic.claude-sonnet-4-5';
const METERS = ['input-tokens', 'output-tokens', 'cache-read-input-tokens', 'cache-write-input-tokens', 'cache-write-1h-input-tokens',
  'flex-input-tokens', 'flex-output-tokens', 'priority-input-tokens', 'priority-output-tokens', 'batch-input-tokens', 'batch-output-tokens',
  'long-context-input-tokens', 'long-context-output-tokens', 'reserved-input-tpm-hours-1-month-term', 'reserved-output-tpm-hours-1-month-term',
  'reserved-input-tpm-hours-3-month-term', 'reserved-output-tpm-hours-3-month-term'];
const PRICES = {
  source: { id: 'property-test', title: 'Test prices', effectiveDate: '2026-11-01' },
  prices: METERS.map((meter, i) => ({ item: ITEM, meter, regions: ['us-east-1'], usd: `0.00${i + 1}`, per: 1000 })),
};
const catalog = Catalog.embedded().withDocument(PRICES, 'tiers.json');
const AS_OF = '2026-12-01';
const RUNS = { numRuns: 150 };

const quantity = fc.oneof(
  fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true }), fc.constantFrom('0', '1e3', '-1', '1'.repeat(60), `0.${'0'.repeat(40)}1`, 'NaN'),
  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String), fc.double(),
);
const share = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('0.5', '1', '1.5', '-0.1', 0, 1), fc.double());
const inference = fc.record({
  model: fc.constantFrom('anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'nope'),
  requestsPerMonth: quantity,
  inputTokensPerRequest: quantity,
  outputTokensPerRequest: quantity,
  cacheReadShare: share,
  cacheWriteShare: share,
  cacheWrite1hShare: share,
  longContextShare: share,
  batchShare: share,
  latencyOptimizedShare: share,
  serviceTier: fc.oneof(fc.record({ flex: share, priority: share }, { requiredKeys: [] }), anyValue),
  reserved: fc.oneof(
    fc.record({ inputTokensPerMinute: quantity, outputTokensPerMinute: quantity, months: fc.constantFrom(1, 3, 2, 0) }, { requiredKeys: [] }),
    anyValue),
}, { requiredKeys: ['model'] });
const usageDocument = fc.record({
  asOf: fc.oneof(fc.constantFrom(AS_OF, '2026-02-30', '9999-99-99', '2027-06-01'), fc.string()),
  daysPerMonth: fc.oneof(fc.integer({ min: 0, max: 31 }), fc.constantFrom('30', '28.5')),
  months: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constant(0)),
  workloads: fc.array(fc.record({
    name: fc.string({ minLength: 1, maxLength: 5 }),
    region: fc.constantFrom('us-east-1', 'us-west-2'),
    monthlyGrowth: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), fc.constantFrom('0.05', `0.${'7'.repeat(12)}`, `0.${'3'.repeat(500)}`, '10', '11')),
    inference,
  }, { requiredKeys: ['name', 'inference'] }), { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ['daysPerMonth', 'workloads'] });

/** A forecast adds up: month 1 is the sum of its lines, the band is ordered, every month is there. */
function expectConsistent(f: Forecast, months: number) {
  expect(f.series).toHaveLength(months);
  for (const w of f.workloads) {
    expect(w.monthly.expected.eq(Dec.sum(w.lines.map(l => l.cost)))).toBe(true);
    expect(w.monthly.low.lte(w.monthly.expected) && w.monthly.expected.lte(w.monthly.high)).toBe(true);
    expect(w.lines.every(l => !l.cost.isNegative() && !l.quantity.isNegative())).toBe(true);
  }
}

const expectUsageError = (e: unknown, prefix: string) => {
  expect(e).toBeInstanceOf(CostProfilesError);
  expect((e as Error).message.startsWith(prefix)).toBe(true);
};

describe('random usage documents with tiers, reserved capacity and hostile numbers', () => {
  test('through the schema: a CostProfilesError or a consistent forecast', () => {
    fc.assert(fc.property(usageDocument, doc => {
      try {
        const usage = checkUsage(doc, 'usage.yaml');
        expectConsistent(forecastUsage(catalog, usage, { location: 'usage.yaml' }), usage.months ?? 1);
      } catch (e) {
        expectUsageError(e, 'usage.yaml: ');
      }
    }), RUNS);
  });

  test('straight into the engine (no schema, as from code): the same', () => {
    fc.assert(fc.property(usageDocument, doc => {
      try {
        expectConsistent(forecastUsage(catalog, doc as never, { location: 'usage.yaml', asOf: AS_OF }), (doc.months as number) || 1);
      } catch (e) {
        expectUsageError(e, 'usage.yaml: ');
      }
    }), RUNS);
  });

  test('expectedUsage-style props with any values: a CostProfilesError naming the prop, or a forecast', () => {
    const prices = PriceCatalog.embedded().withPriceText(JSON.stringify(PRICES), 'tiers.json');
    const months = fc.oneof(fc.integer({ min: 1, max: 120 }), anyValue);
    fc.assert(fc.property(inference, fc.oneof(anyValue, fc.double({ min: 0, max: 10, noNaN: true })), months, (spec, monthlyGrowth, m) => {
      try {
        CostForecast.forInference({
          ...(spec as never), region: 'us-east-1', daysPerMonth: 30, months: m as number, asOf: AS_OF, catalog: prices, monthlyGrowth: monthlyGrowth as number,
        });
      } catch (e) {
        expectUsageError(e, 'CostForecast.forInference(): ');
        expect((e as Error).message).not.toMatch(/workloads\[0\]/);
      }
    }), RUNS);
  });

  test('a valid reservation costs TPM × daysPerMonth × 24 × the hourly price per 1K TPM, exactly, whatever the traffic', () => {
    const days = fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom('28.5', '30.4375', '30.436875'));
    const tpm = (min: number) => fc.oneof(fc.integer({ min, max: 1e9 }), fc.bigInt({ min: BigInt(min), max: 10n ** 24n }).map(String));
    fc.assert(fc.property(days, tpm(100_000), tpm(10_000), fc.constantFrom(1, 3), quantity, (daysPerMonth, inputTpm, outputTpm, months, requests) => {
      const reserved = { inputTokensPerMinute: inputTpm, outputTokensPerMinute: outputTpm, months };
      const doc = { daysPerMonth, workloads: [{ name: 'w', region: 'us-east-1', inference: { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', requestsPerMonth: requests, inputTokensPerRequest: 1000, outputTokensPerRequest: 100, reserved } }] };
      let f: Forecast;
      try {
        f = forecastUsage(catalog, checkUsage(doc, 'usage.yaml'), { location: 'usage.yaml', asOf: AS_OF });
      } catch (e) {
        expectUsageError(e, 'usage.yaml: workloads[0].inference.requestsPerMonth');
        return;
      }
      const hours = Dec.parse(String(daysPerMonth)).times(Dec.parse('24'));
      const fixed = f.workloads[0].lines.filter(l => !l.variable);
      const want = ([['input', inputTpm], ['output', outputTpm]] as const).map(([direction, value]) => {
        const meter = `reserved-${direction}-tpm-hours-${months}-month-term`;
        const usd = Dec.parse(`0.00${METERS.indexOf(meter) + 1}`);
        const tpmHours = Dec.parse(String(value)).times(hours);
        return [meter, tpmHours.toFixed(), tpmHours.times(usd).shiftLeft(3).toFixed()];
      });
      expect(fixed.map(l => [l.meter, l.quantity.toFixed(), l.cost.toFixed()])).toEqual(want);
    }), RUNS);
  });
});
