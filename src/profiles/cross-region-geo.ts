import { CostProfilesError } from '../core/errors';
import * as table from './data/geo-destinations.json';

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const PREFIX_PATTERN = /^[a-z]{2,}(-[a-z]+)*$/;

/**
 * The geography of a system (cross-Region) inference profile: its id prefix (`us`, `eu`, ...)
 * and the Regions Bedrock may route a request to.
 *
 * The Regions come from one dated data table (`src/profiles/data/geo-destinations.json`,
 * see `CrossRegionGeo.TABLE_AS_OF`), never from guessing by Region-name prefix. When AWS adds a
 * destination Region before this library does, use `CrossRegionGeo.custom()` or the
 * `destinationRegions` option of `ProfileSource.crossRegion()`.
 */
export class CrossRegionGeo {
  /** Date the destination-Region table was last checked against the AWS documentation. */
  public static readonly TABLE_AS_OF: string = table.asOf;

  /** United States (`us.`). */
  public static readonly US = CrossRegionGeo.fromTable('us');
  /** Europe (`eu.`). */
  public static readonly EU = CrossRegionGeo.fromTable('eu');
  /** Asia Pacific (`apac.`); it also routes to Middle East (UAE), me-central-1. */
  public static readonly APAC = CrossRegionGeo.fromTable('apac');
  /** Japan (`jp.`): Tokyo and Osaka. */
  public static readonly JP = CrossRegionGeo.fromTable('jp');
  /** Australia (`au.`): Sydney and Melbourne. */
  public static readonly AU = CrossRegionGeo.fromTable('au');
  /**
   * India (`in.`): Mumbai and Hyderabad. Its destination Regions are not documented by AWS yet
   * (see the table's note); pass `destinationRegions` if Bedrock routes elsewhere.
   */
  public static readonly IN = CrossRegionGeo.fromTable('in');
  /** AWS GovCloud (US) (`us-gov.`). */
  public static readonly US_GOV = CrossRegionGeo.fromTable('us-gov');
  /** Global (`global.`): any commercial Region, so grants use Region `*`. */
  public static readonly GLOBAL = CrossRegionGeo.fromTable('global');

  /**
   * The geography for a known prefix (`us`, `eu`, `apac`, `jp`, `au`, `in`, `us-gov`, `global`).
   */
  public static fromPrefix(prefix: string): CrossRegionGeo {
    if (!CrossRegionGeo.knownPrefixes().includes(prefix)) {
      throw new CostProfilesError({
        location: 'CrossRegionGeo.fromPrefix()',
        field: 'prefix',
        problem: `is not a known cross-Region geography (known: ${CrossRegionGeo.knownPrefixes().join(', ')})`,
        fix: 'Use one of the known prefixes, or CrossRegionGeo.custom(prefix, destinationRegions) for a geography this library does not list yet.',
        value: prefix,
      });
    }
    return CrossRegionGeo.fromTable(prefix);
  }

  /**
   * A geography this library does not list yet, with its destination Regions.
   *
   * @param prefix the inference-profile id prefix, e.g. `ca`
   * @param destinationRegions every Region the profile may route to, e.g. `['ca-central-1', 'ca-west-1']`
   */
  public static custom(prefix: string, destinationRegions: string[]): CrossRegionGeo {
    const location = 'CrossRegionGeo.custom()';
    if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
      throw new CostProfilesError({
        location,
        field: 'prefix',
        problem: `must match ${PREFIX_PATTERN.source} (lower-case letters, optionally joined by '-')`,
        fix: "Pass the prefix without the trailing dot, e.g. 'ca'.",
        value: prefix,
      });
    }
    if (!Array.isArray(destinationRegions) || destinationRegions.length === 0) {
      throw new CostProfilesError({
        location,
        field: 'destinationRegions',
        problem: 'must list at least one Region',
        fix: "List every Region the profile may route to, e.g. ['ca-central-1'].",
        value: destinationRegions,
      });
    }
    for (const region of destinationRegions) {
      if (typeof region !== 'string' || (region !== '*' && !REGION_PATTERN.test(region))) {
        throw new CostProfilesError({
          location,
          field: 'destinationRegions',
          problem: 'contains a value that is not a Region code (expected e.g. \'eu-west-1\', or \'*\' for any Region)',
          fix: 'Use Region codes such as eu-west-1.',
          value: region,
        });
      }
    }
    return new CrossRegionGeo(prefix, [...new Set(destinationRegions)]);
  }

  /** Prefixes listed in the data table. */
  public static knownPrefixes(): string[] {
    return Object.keys(table.geos);
  }

  private static fromTable(prefix: string): CrossRegionGeo {
    const row = (table.geos as Record<string, { regions: string[] }>)[prefix];
    return new CrossRegionGeo(prefix, [...row.regions]);
  }

  /** The inference-profile id prefix, without the dot (e.g. `us`). */
  public readonly prefix: string;
  /** Regions a request may be routed to; `['*']` for the global geography. */
  public readonly destinationRegions: string[];

  private constructor(prefix: string, destinationRegions: string[]) {
    this.prefix = prefix;
    this.destinationRegions = destinationRegions;
  }

  /** True when requests may go to any commercial Region. */
  public get routesAnywhere(): boolean {
    return this.destinationRegions.includes('*');
  }
}

const LISTED_PARTITIONS: ReadonlyMap<string, string> = new Map(Object.values(table.geos as Record<string, { partition: string; regions: string[] }>)
  .flatMap(row => row.regions.filter(r => r !== '*').map(r => [r, row.partition] as [string, string])));

/**
 * The partition of a Region the destination table lists, else undefined. A fast path in front of
 * aws-cdk-lib's `RegionInfo`, whose first use loads its whole fact table (about 150 ms, once per
 * process); a test keeps the two in agreement.
 */
export function listedRegionPartition(region: string): string | undefined {
  return LISTED_PARTITIONS.get(region);
}

/** Region-code check shared by the profile sources. */
export function isRegionCode(value: string): boolean {
  return REGION_PATTERN.test(value);
}
