import * as fs from 'fs';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Dec } from '../../src/pricing/decimal';

/** The dated price files of 2026: AWS Price List readings and AWS pricing-page copies. */
const DIR = path.join(__dirname, '..', '..', 'src', 'pricing', 'data', 'prices');
const FILES = fs.readdirSync(DIR).filter(f => f.startsWith('aws-')).sort();

interface Row {
  readonly item: string;
  readonly meter: string;
  readonly regions: string[];
  readonly rate?: 'regional' | 'global';
  readonly usd: string;
  readonly per: number;
  readonly ref?: string;
  readonly note?: string;
}
interface Source {
  readonly id: string;
  readonly title: string;
  readonly effectiveDate: string;
  readonly url?: string;
  readonly dating?: string;
  readonly notes?: string[];
}
interface File {
  readonly source: Source;
  readonly prices: Row[];
}
const read = (name: string): File => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf-8'));
const items = new Set((JSON.parse(fs.readFileSync(path.join(DIR, '..', 'items.json'), 'utf-8')) as { items: Array<{ key: string }> }).items.map(i => i.key));
const awsRegions = new Set(RegionInfo.regions.map(r => r.name));
const rows = FILES.flatMap(name => read(name).prices.map(row => ({ file: name, ...row })));
/** USD per token, exact. */
const unit = (row: Row) => Dec.parse(row.usd).shiftLeft(Math.round(Math.log10(row.per)));

describe('the 2026 price files', () => {
  test('are the twelve sources of the current catalog', () => {
    expect(FILES).toHaveLength(12);
  });

  test.each(FILES)('%s names its source, its URL, its date and how the date was established', name => {
    const { source } = read(name);
    expect(source.id).toMatch(/^aws-(price-list|pricing-page)-[a-z0-9-]+$/);
    expect(source.title).toMatch(/^(AWS Price List, AmazonBedrock(FoundationModels)?|Amazon Bedrock pricing page \(en\))/);
    expect(source.title).toContain(source.effectiveDate);
    expect(source.effectiveDate).toMatch(/^2026-\d{2}-\d{2}$/);
    expect(source.url).toMatch(/^https:\/\/(pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/|aws\.amazon\.com\/bedrock\/pricing\/)/);
    expect(source.dating?.length).toBeGreaterThan(40);
    // Where the public copy was found is part of the source.
    expect((source.notes ?? []).some(n => /copy|quote/i.test(n))).toBe(true);
  });

  test.each(FILES)('%s: every row has an item, a reference, exact USD and only Region codes', name => {
    for (const row of read(name).prices) {
      expect([row.item, items.has(row.item)]).toEqual([row.item, true]);
      expect(row.ref?.length).toBeGreaterThan(5);
      expect(typeof row.usd).toBe('string');
      expect(row.usd).toMatch(/^\d+(\.\d+)?$/);
      expect([1000, 1000000]).toContain(row.per);
      // No '*' (no source here says a price holds everywhere) and no legacy 'global' entry:
      // a global rate is the rate of its source Regions.
      expect(row.regions.filter(r => !awsRegions.has(r))).toEqual([]);
      expect(row.rate === undefined || row.rate === 'global').toBe(true);
    }
  });

  test.each(FILES)('%s states each price once per item, meter, Region and rate', name => {
    const keys = read(name).prices.flatMap(r => r.regions.map(region => `${r.item}|${r.meter}|${region}|${r.rate ?? 'regional'}`));
    expect(keys.length).toBe(new Set(keys).size);
  });

  test('the global rate is below the regional one wherever a source gives both (AWS: about 10% less)', () => {
    const sameRegion = (a: Row, b: Row) => a.regions.some(x => b.regions.includes(x));
    const pairs = rows.filter(r => r.rate === 'global').flatMap(g => rows
      .filter(r => r.file === g.file && r.rate === undefined && r.item === g.item && r.meter === g.meter && sameRegion(r, g))
      .map(r => [g, r] as const));
    expect(pairs.length).toBe(38);
    for (const [global, regional] of pairs) {
      expect([global.file, global.item, global.meter, unit(global).lt(unit(regional))]).toEqual([global.file, global.item, global.meter, true]);
    }
  });

  test('the pricing-page copy of the Claude tables gives the global class: it equals every Price List _Global reading', () => {
    const page = rows.filter(r => r.file === 'aws-pricing-page-2026-07-17.json' && r.rate === 'global');
    const listed = rows.filter(r => r.file.startsWith('aws-price-list-fm-') && r.rate === 'global');
    const compared = page.flatMap(p => listed.filter(l => l.item === p.item && l.meter === p.meter).map(l => [p, l] as const));
    expect(new Set(compared.map(([p]) => p.item)).size).toBeGreaterThanOrEqual(6);
    for (const [p, l] of compared) {
      expect([p.item, p.meter, l.file, unit(p).eq(unit(l))]).toEqual([p.item, p.meter, l.file, true]);
    }
  });

  test('batch is never dearer than on-demand in the same source, Region and rate', () => {
    for (const batch of rows.filter(r => r.meter.startsWith('batch-'))) {
      const onDemand = rows.filter(r => r.file === batch.file && r.item === batch.item && r.meter === batch.meter.slice('batch-'.length)
        && r.rate === batch.rate && r.regions.some(x => batch.regions.includes(x)));
      const cheaper = onDemand.length > 0 && onDemand.every(o => unit(batch).lte(unit(o)));
      expect([batch.item, batch.meter, cheaper]).toEqual([batch.item, batch.meter, true]);
    }
  });
});
