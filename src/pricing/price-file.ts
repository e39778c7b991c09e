import { CostProfilesError } from '../core/errors';

/**
 * Which price of a model applies to a request: `regional` for requests in the Region itself and
 * through geographic cross-Region profiles (`us.`, `eu.`, ...), `global` for global cross-Region
 * inference (`global.` profiles). Each is its own price, per source Region.
 */
export type PriceRate = 'regional' | 'global';

/**
 * The price file format. price-file.schema.json is its definition for users; these types are the
 * same format for the code, and test/pricing/price-file-format.test.ts keeps the two in step.
 */
export interface PriceFileSource {
  readonly id: string;
  readonly title: string;
  readonly effectiveDate: string;
  readonly document?: string;
  readonly url?: string;
  readonly language?: string;
  readonly dating?: string;
  readonly notes?: readonly string[];
}

export interface PriceFileItem {
  readonly key: string;
  readonly name: string;
  readonly provider?: string;
  readonly modelIds: readonly string[];
  readonly kind?: 'model' | 'feature';
}

export interface PriceFileRow {
  readonly item: string;
  readonly meter: string;
  readonly regions: readonly string[];
  readonly rate?: PriceRate;
  readonly usd: string | number;
  readonly per: number;
  readonly line?: number;
  readonly ref?: string;
  readonly note?: string;
  readonly basis?: 'table' | 'worked-example';
}

export interface PriceFile {
  readonly $schema?: string;
  readonly source: PriceFileSource;
  readonly items?: readonly PriceFileItem[];
  readonly prices: readonly PriceFileRow[];
}

/** The legacy Region entry for "the global rate, from any source Region". */
const LEGACY_GLOBAL = 'global';

/**
 * The rates a price row applies at, each with its Regions. A row with `rate` applies at that rate
 * in its Regions. A legacy row (no `rate`) applies at the regional rate in its Region codes and,
 * when it lists `global`, at the global rate from every source Region.
 */
export function ratesOf(row: PriceFileRow, location: string, index: number): Array<{ rate: PriceRate; regions: readonly string[] }> {
  if (row.rate !== undefined) {
    if (row.regions.includes(LEGACY_GLOBAL)) {
      throw new CostProfilesError({
        location,
        field: `prices[${index}].regions`,
        problem: `lists "global", which only a row without "rate" may (the legacy form); with rate "${row.rate}" it lists source Regions`,
        value: row.regions,
        fix: `List the Regions the source states the ${row.rate} rate for (or "*" if it says every Region); "global" is the rate, not a Region.`,
      });
    }
    return [{ rate: row.rate, regions: row.regions }];
  }
  const regional = row.regions.filter(r => r !== LEGACY_GLOBAL);
  return [
    ...(regional.length > 0 ? [{ rate: 'regional' as const, regions: regional }] : []),
    ...(regional.length < row.regions.length ? [{ rate: 'global' as const, regions: ['*'] }] : []),
  ];
}

/** "us-east-1", or "global rate from us-east-1" (the words every report uses for a rate and Region). */
export function pricedIn(region: string, rate: PriceRate): string {
  if (rate === 'regional') {
    return region;
  }
  return region === '*' ? 'global rate from any Region' : `global rate from ${region}`;
}
