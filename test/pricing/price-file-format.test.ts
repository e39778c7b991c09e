import { Catalog } from '../../src/pricing/catalog';
import metersData from '../../src/pricing/data/meters.json';
import { isReservedMeter, loadMeters, parseTokenMeter, reservedMeterId, TOKEN_KINDS, TOKEN_TIERS, tokenMeterId } from '../../src/pricing/meters';
import priceFileSchema from '../../src/pricing/price-file.schema.json';
import { schemaTypeMismatches } from '../helpers/schema-types';

describe('one definition of the price file format', () => {
  test('price-file.schema.json and the TypeScript types agree on every property, required field and enum', () => {
    expect(schemaTypeMismatches(priceFileSchema, 'src/pricing/price-file.ts', [
      { type: 'PriceFile', pointer: '' },
      { type: 'PriceFileSource', pointer: '/properties/source' },
      { type: 'PriceFileItem', pointer: '/properties/items/items' },
      { type: 'PriceFileRow', pointer: '/properties/prices/items' },
    ])).toEqual([]);
  });

  test('the check fails when they drift', () => {
    const drifted = JSON.parse(JSON.stringify(priceFileSchema));
    drifted.properties.prices.items.properties.rate.enum = ['regional', 'global', 'geo'];
    drifted.properties.prices.items.required.push('rate');
    const problems = schemaTypeMismatches(drifted, 'src/pricing/price-file.ts', [{ type: 'PriceFileRow', pointer: '/properties/prices/items' }]);
    expect(problems).toEqual([
      expect.stringContaining('PriceFileRow: the required properties of /properties/prices/items'),
      expect.stringContaining('PriceFileRow.rate: the enum of'),
    ]);
  });
});

describe('meters', () => {
  const meters = loadMeters();

  test('token meters follow one grammar, [<tier>-][long-context-]<kind>: 5 tiers × 2 × 5 kinds', () => {
    const tokenIds = [...meters.keys()].filter(id => parseTokenMeter(id) !== undefined);
    expect(tokenIds).toHaveLength(TOKEN_TIERS.length * 2 * TOKEN_KINDS.length);
    for (const id of tokenIds) {
      const m = parseTokenMeter(id)!;
      expect(tokenMeterId(m.kind, m.tier, m.longContext)).toBe(id);
      expect(meters.get(id)!.unit).toBe('token');
    }
    expect(parseTokenMeter('flex-long-context-cache-write-1h-input-tokens')).toEqual({ tier: 'flex', longContext: true, kind: 'cache-write-1h-input-tokens' });
    expect(parseTokenMeter('long-context-flex-input-tokens')).toBeUndefined();
    expect(parseTokenMeter('text-units')).toBeUndefined();
  });

  test('the ids in use before the grammar keep their meaning', () => {
    expect([
      'input-tokens', 'output-tokens', 'batch-input-tokens', 'batch-output-tokens', 'cache-read-input-tokens', 'cache-write-input-tokens',
      'latency-optimized-input-tokens', 'latency-optimized-output-tokens',
    ].map(id => parseTokenMeter(id))).toEqual([
      { tier: 'standard', longContext: false, kind: 'input-tokens' },
      { tier: 'standard', longContext: false, kind: 'output-tokens' },
      { tier: 'batch', longContext: false, kind: 'input-tokens' },
      { tier: 'batch', longContext: false, kind: 'output-tokens' },
      { tier: 'standard', longContext: false, kind: 'cache-read-input-tokens' },
      { tier: 'standard', longContext: false, kind: 'cache-write-input-tokens' },
      { tier: 'latency-optimized', longContext: false, kind: 'input-tokens' },
      { tier: 'latency-optimized', longContext: false, kind: 'output-tokens' },
    ]);
    expect(meters.get('cache-write-input-tokens')!.description).toContain('5-minute TTL');
    expect(meters.get('cache-write-1h-input-tokens')!.description).toContain('1-hour TTL');
    expect(meters.get('priority-long-context-output-tokens')!.description)
      .toBe("Priority tier, long-context rate (input above the model's long-context threshold): output tokens");
  });

  test('reserved-tier meters are per token-per-minute per hour, for 1- and 3-month terms', () => {
    expect(['input', 'output'].flatMap(d => [1, 3].map(t => reservedMeterId(d as 'input' | 'output', t as 1 | 3))).map(id => [id, meters.get(id)?.unit]))
      .toEqual([
        ['reserved-input-tpm-hours-1-month-term', 'tpm-hour'], ['reserved-input-tpm-hours-3-month-term', 'tpm-hour'],
        ['reserved-output-tpm-hours-1-month-term', 'tpm-hour'], ['reserved-output-tpm-hours-3-month-term', 'tpm-hour'],
      ]);
    expect(meters.get('reserved-output-tpm-hours-3-month-term')!.description).toBe('Reserved tier, 3-month term: output tokens-per-minute of reserved capacity, '
      + "per hour held (a month costs TPM × the month's hours; traffic above the reservation is billed at Standard)");
    expect(['reserved-input-tpm-hours-1-month-term', 'reserved-input-tpm-1-month', 'input-tokens'].map(isReservedMeter)).toEqual([true, false, false]);
  });

  test.each([
    ['reserved-input-tpm-1-month', 'reserved-input-tpm-hours-1-month-term'],
    ['reserved-output-tpm-3-month', 'reserved-output-tpm-hours-3-month-term'],
  ])('a price file with the retired per-month meter %s is an error naming %s and the unit change, never a silent conversion', (old, successor) => {
    const file = { source: { id: 'm', title: 'm', effectiveDate: '2026-01-01' }, prices: [{ item: 'anthropic.claude-sonnet-4-5', meter: old, regions: ['us-east-1'], usd: '131.4', per: 1000 }] };
    expect(() => Catalog.embedded().withDocument(file, 'old.json')).toThrow(
      `old.json: prices[0].meter is not a known meter (got "${old}"). Reserved-tier meters are now priced per token-per-minute per hour, as AWS quotes them: `
      + `use "${successor}" (unit tpm-hour) with the hourly price, e.g. usd: "0.18", per: 1000 for "per hour per 1K TPM"; a price per TPM-month is not that price. `
      + 'Run "bedrock-cost prices refresh" to import the current reserved prices.');
  });

  test('meters.json defines none of the generated meters, so each meter has one definition', () => {
    const listed = Object.keys(metersData.meters);
    expect(listed.filter(id => parseTokenMeter(id) !== undefined || id.startsWith('reserved-'))).toEqual([]);
    expect(meters.size).toBe(listed.length + TOKEN_TIERS.length * 2 * TOKEN_KINDS.length + 4);
    expect(Catalog.embedded().meters).toEqual(meters);
  });

  test('an unknown meter names the nearest ones and where the list is', () => {
    const file = { source: { id: 'm', title: 'm', effectiveDate: '2026-01-01' }, prices: [{ item: 'amazon.nova-pro', meter: 'flex-input-token', regions: ['us-east-1'], usd: '1', per: 1 }] };
    expect(() => Catalog.embedded().withDocument(file, 'm.json'))
      .toThrow(/m\.json: prices\[0\]\.meter is not a known meter \(got "flex-input-token"\)\. Use a known meter; nearest known: flex-input-tokens.* \(all of them: "bedrock-cost catalog --meters"\)/);
  });
});
