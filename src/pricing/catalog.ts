import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { CostProfilesError, parserMessage } from '../core/errors';
import { readTextFile } from '../core/regular-file';
import itemsData from './data/items.json';
import agreementOffers0926 from './data/prices/aws-agreement-offer-2026-09-26.json';
import priceListBedrock0727 from './data/prices/aws-price-list-bedrock-2026-07-27.json';
import priceListBedrock0729 from './data/prices/aws-price-list-bedrock-2026-07-29.json';
import priceListBedrock0901Quoted from './data/prices/aws-price-list-bedrock-2026-09-01-quoted.json';
import priceListBedrock0901 from './data/prices/aws-price-list-bedrock-2026-09-01.json';
import priceListBedrock0922 from './data/prices/aws-price-list-bedrock-2026-09-22.json';
import priceListBedrockApNortheast1 from './data/prices/aws-price-list-bedrock-ap-northeast-1-2026-09-14.json';
import priceListBedrockUsWest2 from './data/prices/aws-price-list-bedrock-us-west-2-2026-06-04.json';
import priceListFm0703 from './data/prices/aws-price-list-fm-2026-07-03.json';
import priceListFm0820 from './data/prices/aws-price-list-fm-2026-08-20.json';
import priceListFm0922 from './data/prices/aws-price-list-fm-2026-09-22.json';
import priceListFm0923 from './data/prices/aws-price-list-fm-2026-09-23.json';
import priceListFm0928 from './data/prices/aws-price-list-fm-2026-09-28.json';
import priceListFm0930 from './data/prices/aws-price-list-fm-2026-09-30.json';
import priceListFmUsWest2 from './data/prices/aws-price-list-fm-us-west-2-2026-09-11.json';
import pricePage from './data/prices/aws-pricing-page-2026-07-17.json';
import pricePageEuWest1 from './data/prices/aws-pricing-page-eu-west-1-2026-06-30.json';
import pricePageEuWest2 from './data/prices/aws-pricing-page-eu-west-2-2026-05-31.json';
import pricePageOpenAi from './data/prices/aws-pricing-page-openai-2026-07-30.json';
import pricePageUsGovWest1 from './data/prices/aws-pricing-page-us-gov-west-1-2026-05-04.json';
import pricePageUsWest2 from './data/prices/aws-pricing-page-us-west-2-2026-08-17.json';
import pricingPageKo2025 from './data/prices/pricing-page-ko-2025-02-01.json';
import pricingPageTr2024 from './data/prices/pricing-page-tr-2024-04-23.json';
import pricingPageVi2024 from './data/prices/pricing-page-vi-2024-06-20.json';
import { Dec } from './decimal';
import { loadMeters, Meter, retiredMeterFix } from './meters';
import { PriceFile, PriceFileSource, PriceRate, ratesOf } from './price-file';
import priceFileSchema from './price-file.schema.json';
import { checkAgainstSchema } from './schema-check';

/** A model or feature the catalog can price. */
export interface CatalogItem {
  readonly key: string;
  readonly name: string;
  readonly provider: string;
  readonly modelIds: readonly string[];
  readonly kind: 'model' | 'feature';
}

export { Meter } from './meters';
export { PriceRate } from './price-file';

/** Where a price comes from. */
export interface PriceSource extends PriceFileSource {
  /** 'embedded', or the path of the user's price file. */
  readonly origin: string;
}

/** One price of the catalog. */
export interface PriceRow {
  readonly item: string;
  readonly meter: string;
  /** The source Regions it applies to ('*': every Region). */
  readonly regions: readonly string[];
  /** Regional, or the global cross-Region rate (of the source Regions in `regions`). */
  readonly rate: PriceRate;
  /** As quoted: `usd` per `per` units of the meter. */
  readonly usd: Dec;
  readonly per: number;
  /** Exact USD per one unit of the meter (`usd / per`; `per` is a power of ten). */
  readonly unitPrice: Dec;
  readonly source: PriceSource;
  readonly line?: number;
  readonly ref?: string;
  readonly note?: string;
  readonly basis?: string;
  /** Load order: later files win ties on effective date. */
  readonly order: number;
}

const EMBEDDED_FILES: Array<[string, PriceFile]> = [
  ['pricing-page-tr-2024-04-23.json', pricingPageTr2024 as PriceFile],
  ['pricing-page-vi-2024-06-20.json', pricingPageVi2024 as PriceFile],
  ['pricing-page-ko-2025-02-01.json', pricingPageKo2025 as PriceFile],
  ['aws-pricing-page-us-gov-west-1-2026-05-04.json', pricePageUsGovWest1 as PriceFile],
  ['aws-pricing-page-eu-west-2-2026-05-31.json', pricePageEuWest2 as PriceFile],
  ['aws-price-list-bedrock-us-west-2-2026-06-04.json', priceListBedrockUsWest2 as PriceFile],
  ['aws-pricing-page-eu-west-1-2026-06-30.json', pricePageEuWest1 as PriceFile],
  ['aws-price-list-fm-2026-07-03.json', priceListFm0703 as PriceFile],
  ['aws-pricing-page-2026-07-17.json', pricePage as PriceFile],
  ['aws-price-list-bedrock-2026-07-27.json', priceListBedrock0727 as PriceFile],
  ['aws-price-list-bedrock-2026-07-29.json', priceListBedrock0729 as PriceFile],
  ['aws-pricing-page-openai-2026-07-30.json', pricePageOpenAi as PriceFile],
  ['aws-pricing-page-us-west-2-2026-08-17.json', pricePageUsWest2 as PriceFile],
  ['aws-price-list-fm-2026-08-20.json', priceListFm0820 as PriceFile],
  ['aws-price-list-bedrock-2026-09-01-quoted.json', priceListBedrock0901Quoted as PriceFile],
  ['aws-price-list-bedrock-2026-09-01.json', priceListBedrock0901 as PriceFile],
  ['aws-price-list-fm-us-west-2-2026-09-11.json', priceListFmUsWest2 as PriceFile],
  ['aws-price-list-bedrock-ap-northeast-1-2026-09-14.json', priceListBedrockApNortheast1 as PriceFile],
  ['aws-price-list-fm-2026-09-22.json', priceListFm0922 as PriceFile],
  ['aws-price-list-bedrock-2026-09-22.json', priceListBedrock0922 as PriceFile],
  ['aws-price-list-fm-2026-09-23.json', priceListFm0923 as PriceFile],
  ['aws-agreement-offer-2026-09-26.json', agreementOffers0926 as PriceFile],
  ['aws-price-list-fm-2026-09-28.json', priceListFm0928 as PriceFile],
  ['aws-price-list-fm-2026-09-30.json', priceListFm0930 as PriceFile],
];

const PRICE_FILE_FIX = 'See docs/pricing.md ("Your own prices") and price-file.schema.json, both shipped with the package.';

/**
 * The price catalog: items, meters and dated prices, indexed for lookup. Immutable; adding a
 * price file returns a new catalog.
 */
export class Catalog {
  /** The catalog of the prices embedded in this package (dated pricing pages and Price List readings). */
  public static embedded(): Catalog {
    if (!Catalog.embeddedInstance) {
      let catalog = new Catalog(loadItems(), loadMeters(), [], []);
      for (const [name, file] of EMBEDDED_FILES) {
        catalog = catalog.withDocument(file, `embedded:${name}`, 'embedded');
      }
      Catalog.embeddedInstance = catalog;
    }
    return Catalog.embeddedInstance;
  }

  private static embeddedInstance: Catalog | undefined;

  public readonly meters: ReadonlyMap<string, Meter>;
  private readonly rowsByKey = new Map<string, PriceRow[]>();
  private readonly modelIndex = new Map<string, CatalogItem>();
  /** Memo of lookup(); the catalog is immutable, so entries never go stale. */
  private readonly lookups = new Map<string, Map<string, Map<string, Map<string, PriceRow | null>>>>();
  private readonly globalLookups = new Map<string, Map<string, Map<string, Map<string, PriceRow | null>>>>();

  private constructor(
    public readonly items: ReadonlyMap<string, CatalogItem>,
    meters: ReadonlyMap<string, Meter>,
    public readonly rows: readonly PriceRow[],
    public readonly sources: readonly PriceSource[],
  ) {
    this.meters = meters;
    for (const item of this.items.values()) {
      for (const id of item.modelIds) {
        this.modelIndex.set(id, item);
      }
    }
    for (const row of rows) {
      const key = `${row.item}|${row.meter}`;
      const list = this.rowsByKey.get(key) ?? [];
      list.push(row);
      this.rowsByKey.set(key, list);
    }
    for (const list of this.rowsByKey.values()) {
      list.sort(newerFirst);
    }
  }

  /** Adds a price file (JSON or YAML) from disk. */
  public withFile(file: string): Catalog {
    return this.withDocument(parseDocument(readTextFile(file, 'price file'), file), file, path.resolve(file));
  }

  /** Adds a price document already parsed from JSON or YAML. */
  public withDocument(document: unknown, location: string, origin: string = location): Catalog {
    checkAgainstSchema(priceFileSchema, document, location, PRICE_FILE_FIX);
    const file = document as PriceFile;
    if (this.sources.some(s => s.id === file.source.id)) {
      throw new CostProfilesError({
        location,
        field: 'source.id',
        problem: 'is already loaded',
        value: file.source.id,
        fix: 'Give each price file its own source id.',
      });
    }
    const items = new Map(this.items);
    // A declared item the catalog already knows (same key, or all its model ids under one item) is
    // that item: a price file written before the catalog learned a model keeps loading after.
    const aliases = new Map<string, string>();
    for (const [i, item] of (file.items ?? []).entries()) {
      const known = items.get(item.key);
      const owners = new Set(item.modelIds.map(id => this.modelIndex.get(id)?.key));
      const sameModel = known ?? (owners.size === 1 && !owners.has(undefined) ? items.get([...owners][0]!) : undefined);
      if (known && !item.modelIds.some(id => known.modelIds.includes(id))) {
        throw new CostProfilesError({
          location,
          field: `items[${i}].key`,
          problem: `names an item the catalog already has, for other model ids (${known.modelIds.join(', ') || 'none'})`,
          value: item.key,
          fix: 'Use the existing key in your prices, or pick a new key.',
        });
      }
      if (sameModel) {
        aliases.set(item.key, sameModel.key);
        items.set(sameModel.key, { ...sameModel, modelIds: [...new Set([...sameModel.modelIds, ...item.modelIds])] });
        continue;
      }
      items.set(item.key, { key: item.key, name: item.name, provider: item.provider ?? '', modelIds: item.modelIds, kind: item.kind ?? 'model' });
    }
    const source: PriceSource = { ...file.source, origin };
    const byModelId = new Map<string, string>();
    for (const item of items.values()) {
      for (const id of item.modelIds) {
        byModelId.set(id, item.key);
      }
    }
    const meters = this.meters;
    let order = this.rows.length;
    const rows = [...this.rows];
    for (const [i, price] of file.prices.entries()) {
      const itemKey = aliases.get(price.item) ?? (items.has(price.item) ? price.item : byModelId.get(price.item));
      if (itemKey === undefined) {
        throw new CostProfilesError({
          location,
          field: `prices[${i}].item`,
          problem: 'is not a catalog item or known model id',
          value: price.item,
          fix: `Use a key from "bedrock-cost catalog", or declare the model under "items"${nearestText(price.item, [...items.keys()])}.`,
        });
      }
      if (!meters.has(price.meter)) {
        throw new CostProfilesError({
          location,
          field: `prices[${i}].meter`,
          problem: 'is not a known meter',
          value: price.meter,
          fix: meterFix(price.meter, meters),
        });
      }
      const usd = typeof price.usd === 'number' ? Dec.fromNumber(price.usd) : Dec.parse(price.usd);
      const unitPrice = usd.shiftLeft(Math.round(Math.log10(price.per))).normalize();
      // A legacy row listing both Region codes and "global" applies at both rates: one row per rate.
      for (const { rate, regions } of ratesOf(price, location, i)) {
        rows.push({
          item: itemKey,
          meter: price.meter,
          regions,
          rate,
          usd,
          per: price.per,
          unitPrice,
          source,
          line: price.line,
          ref: price.ref,
          note: price.note,
          basis: price.basis,
          order,
        });
      }
      order++;
    }
    return new Catalog(items, meters, rows, [...this.sources, source]);
  }

  /** The item a catalog key or Bedrock model id (without geography prefix) names. */
  public findItem(keyOrModelId: string): CatalogItem | undefined {
    return this.items.get(keyOrModelId) ?? this.modelIndex.get(keyOrModelId);
  }

  /** Every known catalog key and model id, for "did you mean" hints. */
  public knownNames(): string[] {
    return [...this.items.keys(), ...this.modelIndex.keys()];
  }

  /** All prices of an item and meter, newest first. */
  public rowsFor(item: string, meter: string): readonly PriceRow[] {
    return this.rowsByKey.get(`${item}|${meter}`) ?? [];
  }

  /**
   * The price that applies: the newest effective on or before `asOf`, at `rate`, whose Regions
   * include the source Region `region` ('*' rows apply to every Region). The global rate of a
   * `global.` profile is never a regional price, nor the other way round.
   */
  public lookup(item: string, meter: string, region: string, asOf: string, rate: PriceRate = 'regional'): PriceRow | undefined {
    // Nested maps: cheaper than building a composite string key on this hot path.
    const byAsOf = this.lookupMemo(rate === 'global' ? this.globalLookups : this.lookups, item, meter, region);
    const cached = byAsOf.get(asOf);
    if (cached !== undefined) {
      return cached ?? undefined;
    }
    let found: PriceRow | null = null;
    for (const row of this.rowsFor(item, meter)) {
      if (row.source.effectiveDate <= asOf && appliesTo(row, region, rate)) {
        found = row;
        break;
      }
    }
    byAsOf.set(asOf, found);
    return found ?? undefined;
  }

  private lookupMemo(
    memo: Map<string, Map<string, Map<string, Map<string, PriceRow | null>>>>, item: string, meter: string, region: string,
  ): Map<string, PriceRow | null> {
    let byMeter = memo.get(item);
    if (!byMeter) {
      byMeter = new Map();
      memo.set(item, byMeter);
    }
    let byRegion = byMeter.get(meter);
    if (!byRegion) {
      byRegion = new Map();
      byMeter.set(meter, byRegion);
    }
    let byAsOf = byRegion.get(region);
    if (!byAsOf) {
      byAsOf = new Map();
      byRegion.set(region, byAsOf);
    }
    return byAsOf;
  }

  /** The meters an item has prices for. */
  public metersOf(item: string): string[] {
    return [...new Set(this.rows.filter(r => r.item === item).map(r => r.meter))];
  }
}

/** Sort order of prices: newest effective date first; on a tie, the one loaded last first. */
export function newerFirst(a: PriceRow, b: PriceRow): number {
  if (a.source.effectiveDate !== b.source.effectiveDate) {
    return a.source.effectiveDate < b.source.effectiveDate ? 1 : -1;
  }
  return b.order - a.order;
}

/** True when a price applies at `rate` to requests from the source Region `region`. */
export function appliesTo(row: PriceRow, region: string, rate: PriceRate): boolean {
  return row.rate === rate && (row.regions.includes(region) || row.regions.includes('*'));
}

/** The fix for an unknown meter: the nearest ids, and where the full list is. */
export function meterFix(meter: unknown, meters: ReadonlyMap<string, Meter>): string {
  return retiredMeterFix(String(meter)) ?? `Use a known meter${nearestText(String(meter), [...meters.keys()])} (all of them: "bedrock-cost catalog --meters").`;
}

/** Parses JSON or YAML text; YAML is a superset, but JSON files get JSON's clearer errors. */
export function parseDocument(text: string, location: string): unknown {
  try {
    return /\.json$/i.test(location) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CostProfilesError({
      location,
      field: '(document)',
      problem: `is not valid ${/\.json$/i.test(location) ? 'JSON' : 'YAML'}: ${parserMessage(e)}`,
      fix: 'Fix the syntax.',
    });
  }
}

function loadItems(): Map<string, CatalogItem> {
  const items = (itemsData as { items: Array<Omit<CatalogItem, 'kind'> & { kind?: 'model' | 'feature' }> }).items;
  return new Map(items.map(item => [item.key, { ...item, kind: item.kind ?? 'model' }]));
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The three known names closest to `name`. */
export function nearest(name: string, known: readonly string[], count = 3): string[] {
  const lower = name.toLowerCase();
  return [...new Set(known)]
    .map(k => ({ k, d: editDistance(lower, k.toLowerCase()) - (k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()) ? 5 : 0) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, count)
    .map(x => x.k);
}

export function nearestText(name: string, known: readonly string[]): string {
  const hints = nearest(name, known);
  return hints.length ? `; nearest known: ${hints.join(', ')}` : '';
}
