import { CostProfilesError } from '../../src/core/errors';
import { Catalog } from '../../src/pricing/catalog';
import { PriceCatalog } from '../../src/pricing/cost-forecast';
import { forecastUsage } from '../../src/pricing/forecast';
import { renderForecast, forecastToJson } from '../../src/pricing/render';
import { errorOf } from '../helpers/errors';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Global and regional rates side by side, as the contract writes them (the figures are made up for the test). */
const RATES = {
  source: { id: 'rates-test', title: 'Test rates', effectiveDate: '2026-01-01' },
  prices: [
    { item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-east-1', 'us-east-2'], usd: '3.3', per: 1000000 },
    { item: 'anthropic.claude-sonnet-4-5', meter: 'output-tokens', regions: ['us-east-1', 'us-east-2'], usd: '16.5', per: 1000000 },
    { item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-east-1', 'us-east-2'], rate: 'global', usd: '3', per: 1000000 },
    { item: 'anthropic.claude-sonnet-4-5', meter: 'output-tokens', regions: ['us-east-1'], rate: 'global', usd: '15', per: 1000000 },
    { item: 'anthropic.claude-sonnet-4-5', meter: 'output-tokens', regions: ['eu-west-1'], rate: 'regional', usd: '17', per: 1000000 },
  ],
};

const catalog = Catalog.embedded().withDocument(RATES, 'rates.json');
const prices = PriceCatalog.embedded().withPriceText(JSON.stringify(RATES), 'rates.json');
const quote = (model: string, meter: string, region: string) => prices.quote({ model, meter, region, asOf: '2026-06-01' });

describe('global and regional rates', () => {
  test('a global. profile is priced at the global rate of its source Region; in-Region and geographic at the regional rate', () => {
    expect(quote(`global.${SONNET}`, 'input-tokens', 'us-east-2')).toMatchObject({ usd: '3', rate: 'global', region: 'us-east-2', pricedIn: 'global rate from us-east-2' });
    expect(quote(`us.${SONNET}`, 'input-tokens', 'us-east-2')).toMatchObject({ usd: '3.3', rate: 'regional', region: 'us-east-2', pricedIn: 'us-east-2' });
    expect(quote(SONNET, 'input-tokens', 'us-east-1')).toMatchObject({ usd: '3.3', rate: 'regional' });
    expect(quote(`eu.${SONNET}`, 'output-tokens', 'eu-west-1')).toMatchObject({ usd: '17', rate: 'regional' });
  });

  test('the global rate applies only from the source Regions its row lists, and is never taken from a regional price', () => {
    const error = errorOf(() => quote(`global.${SONNET}`, 'output-tokens', 'us-east-2'));
    expect(error).toBeInstanceOf(CostProfilesError);
    expect(error.message).toBe('PriceCatalog.quote(): model has no "output-tokens" price for Claude Sonnet 4.5 at the global cross-Region rate from us-east-2 '
      + '(global profiles have their own rate, never a regional price); priced at the global rate from: us-east-1; '
      + 'the regional rate in: eu-west-1, eu-west-2, us-east-1, us-east-2, us-gov-west-1; '
      // us-west-2 is priced by the us-west-2 pricing page of 2026-08-17, after this estimate's as-of date
      + 'from 2026-08-17 also in: us-west-2; from 2026-08-17 the global rate also from: us-west-2 '
      + '(got "anthropic.claude-sonnet-4-5"). Add the global rate with a price file (a row with rate: global, regions: [us-east-2]), '
      + 'or use a geographic profile (us., eu., ...), priced at the regional rate.');
  });

  test('a regional request is never priced at a global rate', () => {
    // Claude 3.7 Sonnet: a model the embedded catalog has no price for.
    const onlyGlobal = Catalog.embedded().withDocument({
      source: { id: 'g', title: 'g', effectiveDate: '2026-01-01' },
      prices: [{ item: 'anthropic.claude-3-7-sonnet', meter: 'input-tokens', regions: ['*'], rate: 'global', usd: '3', per: 1000000 }],
    }, 'g.json');
    expect(onlyGlobal.lookup('anthropic.claude-3-7-sonnet', 'input-tokens', 'ap-south-1', '2026-02-01', 'global')?.usd.toFixed()).toBe('3');
    expect(onlyGlobal.lookup('anthropic.claude-3-7-sonnet', 'input-tokens', 'ap-south-1', '2026-02-01', 'regional')).toBeUndefined();
    expect(() => PriceCatalog.embedded().withPriceText(JSON.stringify({
      source: { id: 'g', title: 'g', effectiveDate: '2026-01-01' },
      prices: [{ item: 'anthropic.claude-3-7-sonnet', meter: 'input-tokens', regions: ['*'], rate: 'global', usd: '3', per: 1000000 }],
    }), 'g.json').quote({ model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', meter: 'input-tokens', region: 'ap-south-1' }))
      .toThrow('has no "input-tokens" price for Claude 3.7 Sonnet in Region ap-south-1; only the global cross-Region rate is priced (from: any Region)');
  });

  test('the newest price wins within a rate: a newer regional price does not replace the global one', () => {
    const newer = catalog.withDocument({
      source: { id: 'newer', title: 'newer', effectiveDate: '2026-03-01' },
      prices: [{ item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-east-1'], usd: '3.6', per: 1000000 }],
    }, 'newer.json');
    expect(newer.lookup('anthropic.claude-sonnet-4-5', 'input-tokens', 'us-east-1', '2026-06-01')?.usd.toFixed()).toBe('3.6');
    expect(newer.lookup('anthropic.claude-sonnet-4-5', 'input-tokens', 'us-east-1', '2026-06-01', 'global')?.usd.toFixed()).toBe('3');
    expect(newer.lookup('anthropic.claude-sonnet-4-5', 'input-tokens', 'us-east-1', '2026-02-01')?.usd.toFixed()).toBe('3.3');
  });

  test('legacy: a "global" Region entry without rate is the global rate from every source Region, beside its regional Regions', () => {
    const legacy = Catalog.embedded().withDocument({
      source: { id: 'legacy', title: 'legacy', effectiveDate: '2026-01-01' },
      prices: [{ item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-east-1', 'global'], usd: '3', per: 1000000, line: 7 }],
    }, 'legacy.json');
    const at = (region: string, rate: 'regional' | 'global') => legacy.lookup('anthropic.claude-sonnet-4-5', 'input-tokens', region, '2026-02-01', rate);
    expect([at('eu-west-3', 'global')?.regions, at('us-east-1', 'global')?.rate, at('us-east-1', 'regional')?.regions]).toEqual([['*'], 'global', ['us-east-1']]);
    expect(at('eu-west-3', 'regional')).toBeUndefined();
    // One row of the file, two prices: both cite it.
    expect(legacy.rows.filter(r => r.source.id === 'legacy').map(r => [r.rate, r.line])).toEqual([['regional', 7], ['global', 7]]);
  });

  test.each([
    ['global', 'rate "global"'],
    ['regional', 'rate "regional"'],
  ])('"global" as a Region with rate %s is refused: the rate is not a Region', (rate, message) => {
    const error = errorOf(() => Catalog.embedded().withDocument({
      source: { id: 'x', title: 'x', effectiveDate: '2026-01-01' },
      prices: [{ item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['global'], rate, usd: '3', per: 1000000 }],
    }, 'x.json'));
    expect(error.message).toContain(`x.json: prices[0].regions lists "global", which only a row without "rate" may (the legacy form); with ${message} it lists source Regions`);
    expect(error.message).toContain('"global" is the rate, not a Region.');
  });

  test('an unknown rate is a schema error naming the field', () => {
    expect(() => Catalog.embedded().withDocument({
      source: { id: 'x', title: 'x', effectiveDate: '2026-01-01' },
      prices: [{ item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-east-1'], rate: 'geo', usd: '3', per: 1000000 }],
    }, 'x.json')).toThrow('x.json: prices[0].rate must be one of "regional", "global" (got "geo")');
  });

  test('forecasts say where each line was priced, in words and in JSON', () => {
    const forecast = forecastUsage(catalog, {
      asOf: '2026-06-01',
      daysPerMonth: 30,
      workloads: [
        { name: 'global', region: 'us-east-1', inference: { model: `global.${SONNET}`, requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 } },
        { name: 'geo', region: 'us-east-1', inference: { model: `us.${SONNET}`, requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 } },
      ],
    });
    // 1M input × 3/M + 100K output × 15/M = 4.5 at the global rate; 3.3 + 1.65 = 4.95 at the regional rate.
    expect(forecast.workloads.map(w => w.monthly.expected.toFixed())).toEqual(['4.5', '4.95']);
    expect(renderForecast(forecast, catalog, 'table')).toMatch(/input tokens\s+Claude Sonnet 4\.5\s+global rate from us-east-1\s+1,000,000 token\s+3 per 1,000,000 token/);
    const json = forecastToJson(forecast, catalog) as any;
    expect(json.workloads.map((w: any) => [w.lines[0].region, w.lines[0].rate])).toEqual([['us-east-1', 'global'], ['us-east-1', 'regional']]);
  });
});
