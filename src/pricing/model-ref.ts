import { Catalog, CatalogItem, nearestText } from './catalog';
import { PriceRate, pricedIn } from './price-file';
import { CostProfilesError } from '../core/errors';
// Data only (no aws-cdk-lib): the same geography table the profile grants use.
import geoTable from '../profiles/data/geo-destinations.json';

const GEO_PREFIXES = Object.keys(geoTable.geos).sort((a, b) => b.length - a.length);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):(foundation-model|inference-profile|application-inference-profile)\/(.+)$/;

/** A model reference resolved against the catalog. */
export interface ModelRef {
  readonly item: CatalogItem;
  /** The bare model id, when one was given (not a catalog key). */
  readonly modelId?: string;
  /** Cross-Region geography prefix (`us`, `global`, ...), when the reference had one. */
  readonly geo?: string;
  /** The Region the request is made from: its prices apply. */
  readonly sourceRegion: string;
  /**
   * `global` for global cross-Region profiles, which have their own rate (per source Region);
   * `regional` otherwise (geographic cross-Region inference costs what the source Region costs).
   */
  readonly rate: PriceRate;
  /** For people: "us-east-1", or "global rate from us-east-1". */
  readonly pricedIn: string;
}

/**
 * Resolves a model reference: a Bedrock model id (`anthropic.claude-3-5-sonnet-20241022-v2:0`),
 * the same with a geography prefix (`us.…`, `global.…`), a foundation-model or system
 * inference-profile ARN, or a catalog key (`anthropic.claude-3-5-sonnet`).
 */
export function resolveModelRef(
  catalog: Catalog, ref: unknown, region: unknown, location: string, field: string, regionField = 'region',
): ModelRef {
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new CostProfilesError({ location, field, problem: 'must be a model id, ARN or catalog key', value: ref, fix: 'Use e.g. anthropic.claude-3-5-sonnet-20241022-v2:0 or us.anthropic.claude-3-5-haiku-20241022-v1:0.' });
  }
  let id = ref.trim();
  let arnRegion: string | undefined;
  const arn = BEDROCK_ARN.exec(id);
  if (arn) {
    if (arn[3] === 'application-inference-profile') {
      throw new CostProfilesError({
        location,
        field,
        value: id,
        problem: 'is an application inference profile ARN, which does not say which model it copies',
        fix: "Price the profile's source instead: its model id, with the geography prefix if it copies a cross-Region profile (e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0). The cost report of CostAllocatedProfile does this for you.",
      });
    }
    arnRegion = arn[1] || undefined;
    id = arn[4];
  }

  let geo: string | undefined;
  let item = catalog.findItem(id);
  if (!item) {
    const prefix = GEO_PREFIXES.find(p => id.startsWith(`${p}.`));
    if (prefix !== undefined) {
      geo = prefix;
      id = id.slice(prefix.length + 1);
      item = catalog.findItem(id);
    }
  }
  if (!item) {
    throw new CostProfilesError({
      location,
      field,
      value: ref,
      problem: 'is not a model the price catalog knows',
      fix: `Check the id${nearestText(id, catalog.knownNames())}; or add the model and its prices with a price file.`,
    });
  }

  const given = region === undefined || region === null || region === '' ? undefined : region;
  if (given !== undefined && (typeof given !== 'string' || !REGION.test(given))) {
    throw new CostProfilesError({ location, field: regionField, problem: 'is not a Region code', value: given, fix: 'Use a Region code such as us-west-2.' });
  }
  if (arnRegion !== undefined && given !== undefined && arnRegion !== given) {
    throw new CostProfilesError({
      location,
      field,
      value: ref,
      problem: `names Region ${arnRegion}, but region is ${given}`,
      fix: 'Make them agree, or drop region: the ARN already says it.',
    });
  }
  const sourceRegion = (given as string | undefined) ?? arnRegion;
  if (sourceRegion === undefined) {
    throw new CostProfilesError({
      location,
      field: regionField,
      problem: `is required to price ${ref} (prices differ by Region)`,
      value: region,
      fix: 'Give the Region the requests are made from, e.g. region: us-west-2.',
    });
  }
  const rate: PriceRate = geo === 'global' ? 'global' : 'regional';
  return {
    item,
    modelId: item.key === id ? undefined : id,
    geo,
    sourceRegion,
    rate,
    pricedIn: pricedIn(sourceRegion, rate),
  };
}
