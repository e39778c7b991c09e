import * as fc from 'fast-check';
import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { Dec } from '../../src/pricing/decimal';
import { forecastUsage } from '../../src/pricing/forecast';
import { LineItem, priceLine } from '../../src/pricing/line-items';
import { checkUsage } from '../../src/pricing/usage';
import { InferenceSpec, WorkloadSpec } from '../../src/pricing/usage-document';
import { anyValue } from '../helpers/arbitraries';

const catalog = Catalog.embedded();
const AS_OF = '2025-03-01';
const RUNS = { numRuns: 1000 };

/** Models and Regions that have on-demand, batch and cache prices in the catalog. */
const PRICED = [
  { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', region: 'us-west-2' },
  { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-east-1' },
  { model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', region: 'us-west-2' },
  { model: 'amazon.nova-micro-v1:0', region: 'us-east-1' },
  { model: 'amazon.nova-pro-v1:0', region: 'us-east-1' },
];

const count = fc.integer({ min: 0, max: 10_000_000 });
const share = fc.integer({ min: 0, max: 100 }).map(n => n / 100);

const inference = fc.record({
  target: fc.constantFrom(...PRICED),
  requestsPerMonth: count,
  inputTokensPerRequest: fc.integer({ min: 0, max: 200_000 }),
  outputTokensPerRequest: fc.integer({ min: 0, max: 10_000 }),
  cacheReadShare: share,
  batchShare: share,
}).map(({ target, ...rest }): InferenceSpec => ({ ...target, ...rest, cacheReadShare: rest.cacheReadShare / 2, cacheWriteShare: 0 }));

function total(workloads: WorkloadSpec[]): Dec {
  return forecastUsage(catalog, { daysPerMonth: 30, workloads }, { asOf: AS_OF }).total.expected;
}

describe('forecast properties', () => {
  test('cost is never negative', () => {
    fc.assert(fc.property(fc.array(inference, { minLength: 1, maxLength: 4 }), specs => {
      expect(total([{ name: 'w', inference: specs }]).isNegative()).toBe(false);
    }), RUNS);
  });

  test('additive: two workloads cost what each costs alone, summed', () => {
    fc.assert(fc.property(inference, inference, (a, b) => {
      const together = total([{ name: 'a', inference: a }, { name: 'b', inference: b }]);
      expect(together.eq(total([{ name: 'a', inference: a }]).plus(total([{ name: 'b', inference: b }])))).toBe(true);
    }), RUNS);
  });

  test('monotonic: more requests or more tokens never cost less', () => {
    fc.assert(fc.property(inference, fc.constantFrom('requestsPerMonth', 'inputTokensPerRequest', 'outputTokensPerRequest'), fc.integer({ min: 1, max: 1_000_000 }),
      (spec, field, more) => {
        const bigger = { ...spec, [field]: (spec as any)[field] + more };
        expect(total([{ name: 'w', inference: bigger }]).gte(total([{ name: 'w', inference: spec }]))).toBe(true);
      }), RUNS);
  });

  test('monotonic for the other meters too (images, text units, provisioned hours)', () => {
    fc.assert(fc.property(count, count, fc.integer({ min: 0, max: 744 }), fc.integer({ min: 1, max: 1000 }), (images, units, hours, more) => {
      const w = (k: number): WorkloadSpec => ({
        name: 'w',
        region: 'us-east-1',
        images: [{ model: 'amazon.titan-image-generator-v2:0', count: images + k, quality: 'premium', size: 'large' }],
        guardrails: [{ policies: ['content-filter', 'sensitive-information-pii'], textUnits: units + k }],
        provisioned: [{ model: 'anthropic.claude-instant-v1', modelUnits: 1, commitment: '1-month', hours: hours + k }],
      });
      expect(total([w(more)]).gt(total([w(0)]))).toBe(true);
    }), RUNS);
  });

  test('batch never costs more than on-demand for the same traffic', () => {
    fc.assert(fc.property(inference, spec => {
      const onDemand = total([{ name: 'w', inference: { ...spec, batchShare: 0, cacheReadShare: 0 } }]);
      const batch = total([{ name: 'w', inference: { ...spec, batchShare: 1, cacheReadShare: 0 } }]);
      expect(batch.lte(onDemand)).toBe(true);
    }), RUNS);
  });

  test('no precision loss at the smallest price (Nova Micro cache read, 8.75e-9 USD a token)', () => {
    const perToken = Dec.parse('0.00000000875');
    const line = (quantity: bigint): LineItem => ({
      item: 'amazon.nova-micro',
      meter: 'cache-read-input-tokens',
      region: 'us-east-1',
      quantity: Dec.fromBigInt(quantity),
      dimension: 'cache read',
      variable: true,
      path: 'p',
    });
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.integer({ min: 1, max: 50 }), (n, pieces) => {
      const whole = priceLine(catalog, line(n), AS_OF, 't').cost;
      expect(whole.eq(Dec.fromBigInt(n).times(perToken))).toBe(true);
      // The same tokens priced in pieces add up to the same amount, to the last digit.
      const piece = n / BigInt(pieces);
      const parts = Array.from({ length: pieces }, (_, i) => (i === pieces - 1 ? n - piece * BigInt(pieces - 1) : piece));
      expect(Dec.sum(parts.map(q => priceLine(catalog, line(q), AS_OF, 't').cost)).eq(whole)).toBe(true);
    }), RUNS);
  });
});

describe('random bad usage gives a CostProfilesError, never a crash', () => {
  test('any document through the schema and the forecaster', () => {
    const nearlyValid = fc.record({
      daysPerMonth: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.string(), fc.constant('30')),
      workloads: fc.array(fc.record({
        name: fc.string(),
        region: fc.oneof(fc.constant('us-east-1'), fc.string()),
        inference: fc.record({
          model: fc.oneof(fc.constantFrom(...PRICED.map(p => p.model)), fc.string()),
          requestsPerDay: fc.oneof(fc.nat(), fc.double(), fc.string()),
          inputTokensPerRequest: fc.oneof(fc.nat(), fc.string()),
          outputTokensPerRequest: fc.oneof(fc.nat(), fc.constant(-1)),
          batchShare: fc.oneof(fc.double(), fc.constant('0.5')),
        }, { requiredKeys: [] }),
      }, { requiredKeys: [] }), { maxLength: 3 }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(nearlyValid, anyValue), doc => {
      try {
        const usage = checkUsage(doc, 'usage.yaml');
        forecastUsage(catalog, usage, { asOf: AS_OF, location: 'usage.yaml' });
      } catch (e) {
        expect(e).toBeInstanceOf(CostProfilesError);
        expect((e as Error).message.startsWith('usage.yaml: ')).toBe(true);
      }
    }), RUNS);
  });
});
