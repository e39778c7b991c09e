import { appliesTo, Catalog, PriceRow } from './catalog';
import { Dec } from './decimal';
import { PriceRate, pricedIn } from './price-file';
import { REFRESH_COMMAND } from './staleness';
import { CostProfilesError } from '../core/errors';

// Line items: metered quantities, and pricing them with the catalog.

/** One metered quantity before pricing. */
export interface LineItem {
  readonly item: string;
  readonly meter: string;
  /** Source Region whose price applies ('*' for items priced the same everywhere). */
  readonly region: string;
  /** The regional rate, or the global cross-Region rate (of `region`). */
  readonly rate: PriceRate;
  readonly quantity: Dec;
  /** What the line is, for the breakdown, e.g. "cache read input tokens". */
  readonly dimension: string;
  /** Grows with traffic (growth, band) rather than being a fixed monthly amount. */
  readonly variable: boolean;
  /** Where in the usage document it came from (for errors). */
  readonly path: string;
}

export interface PricedLine extends LineItem {
  readonly price: PriceRow;
  readonly cost: Dec;
}

/** Prices one line item with the catalog, or explains why it cannot (at `field`, by default the line's path). */
export function priceLine(catalog: Catalog, line: LineItem, asOf: string, location: string, field?: string): PricedLine {
  const price = catalog.lookup(line.item, line.meter, line.region, asOf, line.rate);
  if (price === undefined) {
    throw missingPrice(catalog, line, asOf, location, field ?? line.path);
  }
  // Listed field by field: a spread here made pricing 4x slower (megamorphic copies, garbage).
  return {
    item: line.item,
    meter: line.meter,
    region: line.region,
    rate: line.rate,
    quantity: line.quantity,
    dimension: line.dimension,
    variable: line.variable,
    path: line.path,
    price,
    cost: line.quantity.times(price.unitPrice),
  };
}

function missingPrice(catalog: Catalog, line: LineItem, asOf: string, location: string, field: string): CostProfilesError {
  const name = catalog.items.get(line.item)?.name ?? line.item;
  const rows = catalog.rowsFor(line.item, line.meter);
  const base = { location, field, value: line.item };
  if (rows.length === 0) {
    const has = catalog.metersOf(line.item);
    return new CostProfilesError({
      ...base,
      problem: `has no "${line.meter}" price in the catalog (${name}${has.length ? ` is priced for: ${has.join(', ')}` : ' has no prices at all: the embedded sources predate it'})`,
      fix: `Run \`${REFRESH_COMMAND}\` to import the current AWS prices, or add the price with a price file (priceFiles in a usage file, --prices on the CLI, priceCatalog on a profile), or remove this usage.`,
    });
  }
  const where = pricedIn(line.region, line.rate);
  const inRegion = rows.filter(r => appliesTo(r, line.region, line.rate));
  if (inRegion.length === 0) {
    const regional = regionsAsOf(rows, 'regional', asOf);
    const global = regionsAsOf(rows, 'global', asOf);
    // Regions priced only by sources dated after asOf are no fix for this estimate: say when they start.
    const later = [...laterText(regional.later, 'also in'), ...laterText(global.later, 'the global rate also from')].join('; ');
    const andLater = later ? `; ${later}` : '';
    if (line.rate === 'global') {
      const known = [global.now && `the global rate from: ${global.now}`, regional.now && `the regional rate in: ${regional.now}`].filter(Boolean).join('; ');
      return new CostProfilesError({
        ...base,
        problem: `has no "${line.meter}" price for ${name} at the global cross-Region rate from ${line.region} `
          + `(global profiles have their own rate, never a regional price); priced ${known ? `at ${known}` : `nowhere as of ${asOf}`}${andLater}`,
        fix: `Add the global rate with a price file (a row with rate: global, regions: [${line.region}]), `
          + 'or use a geographic profile (us., eu., ...), priced at the regional rate.',
      });
    }
    if (line.region === '*' && (regional.now || regional.later.size > 0)) {
      return new CostProfilesError({
        ...base,
        problem: `has no "${line.meter}" price for ${name} that applies in every Region; ${regional.now ? `priced in: ${regional.now}` : `priced in no Region as of ${asOf}`}${andLater}`,
        fix: 'Give the Region the usage is in (region here or on the workload): prices apply only where their source states them.',
      });
    }
    const asOfNow = regional.now
      ? `priced in: ${regional.now}${global.now ? `; global rate from: ${global.now}` : ''}`
      : global.now ? `only the global cross-Region rate is priced (from: ${global.now})` : `priced in no Region as of ${asOf}`;
    return new CostProfilesError({
      ...base,
      problem: `has no "${line.meter}" price for ${name} in Region ${line.region}; ${asOfNow}${andLater}`,
      fix: 'Use a Region where it is priced, or add the price with a price file (priceFiles, --prices, or priceCatalog).',
    });
  }
  const earliest = inRegion.map(r => r.source.effectiveDate).sort()[0];
  return new CostProfilesError({
    ...base,
    problem: `has no "${line.meter}" price for ${name} in ${where} effective on or before ${asOf} (the earliest is ${earliest})`,
    fix: `Use asOf ${earliest} or later.`,
  });
}

/**
 * The source Regions priced at `rate` as of `asOf` (listed), and those priced only by sources
 * dated after it, each with the date its first price takes effect.
 */
function regionsAsOf(rows: readonly PriceRow[], rate: PriceRate, asOf: string): { now: string; later: Map<string, string> } {
  const now = new Set<string>();
  const later = new Map<string, string>();
  for (const row of rows.filter(r => r.rate === rate)) {
    for (const region of row.regions) {
      const date = row.source.effectiveDate;
      if (date <= asOf) {
        now.add(region);
      } else if ((later.get(region) ?? '9999') > date) {
        later.set(region, date);
      }
    }
  }
  now.forEach(region => later.delete(region));
  return { now: regionList([...now]), later };
}

/** "from 2026-09-11 also in: us-west-2", one phrase per date, oldest first. */
function laterText(later: Map<string, string>, what: string): string[] {
  const byDate = new Map<string, string[]>();
  later.forEach((date, region) => byDate.set(date, [...byDate.get(date) ?? [], region]));
  return [...byDate.keys()].sort().map(date => `from ${date} ${what}: ${regionList(byDate.get(date)!)}`);
}

function regionList(regions: string[]): string {
  return regions.sort().map(r => (r === '*' ? 'any Region' : r)).join(', ');
}
