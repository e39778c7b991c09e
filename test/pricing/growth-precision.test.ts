import { Catalog } from '../../src/pricing/catalog';
import { Dec } from '../../src/pricing/decimal';
import { forecastUsage, GROWTH_FACTOR_PLACES } from '../../src/pricing/forecast';
import { checkUsage } from '../../src/pricing/usage';
import { UsageDocument } from '../../src/pricing/usage-document';
import { errorOf } from '../helpers/errors';

const catalog = Catalog.embedded();
const doc = (monthlyGrowth: string | number): UsageDocument => ({
  daysPerMonth: 30,
  months: 120,
  workloads: [{
    name: 'w',
    region: 'us-east-1',
    monthlyGrowth,
    inference: { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', requestsPerDay: 1000, inputTokensPerRequest: 2000, outputTokensPerRequest: 500 },
  }],
});

describe('growth precision (C1)', () => {
  test('a 2,000-digit monthlyGrowth over 120 months: the schema refuses it with a clear error', () => {
    const growth = `0.${'3'.repeat(2000)}`;
    expect(errorOf(() => checkUsage(doc(growth), 'usage.yaml')).message).toContain('monthlyGrowth');
  });

  test('the engine rounds each month\'s growth factor to 12 places, so even a 2,000-digit growth finishes with the documented result', () => {
    const growth = `0.${'3'.repeat(2000)}`;
    const f = forecastUsage(catalog, doc(growth), { asOf: '2025-03-01' });
    // The documented rule, computed independently: factor(m+1) = round(factor(m) × (1 + g), 12, half-up).
    const step = Dec.ONE.plus(Dec.parse(growth));
    let factor = Dec.ONE;
    for (let m = 0; m < 119; m++) {
      factor = factor.times(step).round(GROWTH_FACTOR_PLACES, 'half-up');
    }
    const month1 = f.series[0].expected;
    expect(f.series).toHaveLength(120);
    expect(f.series[119].expected.toFixed()).toBe(month1.times(factor).toFixed());
    // Every month's amount stays small: at most the month-1 digits plus 12 places of the factor.
    expect(f.series[119].expected.scale).toBeLessThanOrEqual(month1.scale + GROWTH_FACTOR_PLACES);
  });

  test('growth above +1000% a month is an error, not a 10^125 forecast', () => {
    expect(errorOf(() => forecastUsage(catalog, doc('11'), { asOf: '2025-03-01' })).message)
      .toBe('usage: workloads[0].monthlyGrowth must be at most 10 (+1000% a month) (got "11"). Write growth as a fraction per month, e.g. 0.05 for +5% a month.');
  });
});
