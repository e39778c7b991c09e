import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { CostProfilesError } from '../core/errors';
import { fail } from '../core/validation';
import { Catalog, PriceRow } from '../pricing/catalog';
import { Dec } from '../pricing/decimal';
import { isIsoDate } from '../pricing/forecast';
import { priceLine } from '../pricing/line-items';
import { resolveModelRef } from '../pricing/model-ref';
import { ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';

/**
 * The on-demand token prices of a profile's source, in USD per token: input always; output, cache
 * reads and cache writes when the catalog has them.
 */
export interface TokenPrices {
  readonly input: Dec;
  /** Undefined when the model has no output-token price (embedding models): not counted. */
  readonly output?: Dec;
  /** Undefined when the model has no cache-read price: the rate then leaves those tokens out. */
  readonly cacheRead?: Dec;
  /** Undefined when the model has no cache-write price (5-minute TTL, the default). */
  readonly cacheWrite?: Dec;
  readonly rows: PriceRow[];
  /**
   * What the rate leaves out for want of a price, for people: "cache-read tokens (Llama 3.3 70B
   * Instruct has no cache-read price in us-west-2 on 2025-03-01)". Empty when it counts them all.
   */
  readonly notCounted: string[];
}

/** Prices found, per catalog (catalogs are immutable) and model, Region and date. */
const pricesByCatalog = new WeakMap<Catalog, Map<string, TokenPrices>>();

/**
 * Looks up the on-demand token prices of the profile's source: its model at the regional rate
 * of its source Region, or the global rate for a global profile. The input price is required (a
 * rate without it would say nothing); output and cache prices are taken where the catalog has
 * them, and the absence of each is named in `notCounted`.
 */
export function profileTokenPrices(scope: IConstruct, field: string, profile: ICostAllocatedProfile, catalog: Catalog, asOf: string): TokenPrices {
  const region = profile.sourceRegion;
  if (Token.isUnresolved(region) || Token.isUnresolved(profile.modelId)) {
    fail(scope, field, 'has no concrete model and Region to price its tokens, but the stack is Region-agnostic',
      "Give the stack an env with a region (env: { region: 'us-west-2' }).", region);
  }
  if (!isIsoDate(asOf)) {
    fail(scope, 'pricesAsOf', 'must be a date YYYY-MM-DD', 'Write e.g. 2025-03-01, or leave it out to use the forecast date or today.', asOf);
  }
  const model = profile.geoPrefix ? `${profile.geoPrefix}.${profile.modelId}` : profile.modelId;
  const cache = pricesByCatalog.get(catalog) ?? new Map<string, TokenPrices>();
  pricesByCatalog.set(catalog, cache);
  const key = `${model}\u0000${region}\u0000${asOf}`;
  const known = cache.get(key);
  if (known !== undefined) {
    return known;
  }
  try {
    const ref = resolveModelRef(catalog, model, region, scope.node.path, field);
    const price = (meter: string) => priceLine(catalog, {
      item: ref.item.key, meter, region: ref.sourceRegion, rate: ref.rate, quantity: Dec.ONE, dimension: meter, variable: true, path: field,
    }, asOf, scope.node.path).price;
    let input: PriceRow;
    try {
      input = price('input-tokens');
    } catch (e) {
      throw e instanceof CostProfilesError && catalog.rowsFor(ref.item.key, 'input-tokens').length === 0 ? new CostProfilesError({
        location: e.location,
        field: e.field,
        problem: e.problem,
        renderedValue: e.badValue,
        fix: 'A spend rate in USD needs token prices, even with thresholdUsdPerHour: give this construct '
          + "priceCatalog: PriceCatalog.embedded().withPriceFile('prices.yaml') with the model's input-tokens and output-tokens prices "
          + '(bedrock-cost prices refresh writes such a file from the AWS Price List).',
      }) : e;
    }
    const rows = [input];
    const notCounted: string[] = [];
    const optional = (meter: string, what: string): Dec | undefined => {
      const row = catalog.lookup(ref.item.key, meter, ref.sourceRegion, asOf, ref.rate);
      if (row === undefined) {
        notCounted.push(`${what} tokens (${ref.item.name} has no ${meter} price for ${ref.pricedIn} on ${asOf})`);
        return undefined;
      }
      rows.push(row);
      return row.unitPrice;
    };
    const prices: TokenPrices = {
      input: input.unitPrice,
      output: optional('output-tokens', 'output'),
      cacheRead: optional('cache-read-input-tokens', 'cache-read'),
      cacheWrite: optional('cache-write-input-tokens', 'cache-write'),
      rows,
      notCounted,
    };
    cache.set(key, prices);
    return prices;
  } catch (e) {
    throw e instanceof CostProfilesError ? e.relocated(scope.node.path, field) : e;
  }
}

/** Options of `spendRateExpression`. */
export interface SpendRateOptions {
  /** Appended to the metric ids, so several rates can share a graph or an expression. */
  readonly idSuffix?: string;
  /**
   * Count a period without input or output data as zero tokens (for sums over profiles). Cache
   * tokens are always counted so: most requests log none.
   */
  readonly fillMissing?: boolean;
}

/** The parts of a spend-rate expression: its text and the token-count metrics it uses, by id. */
export interface SpendRateParts {
  readonly expression: string;
  readonly usingMetrics: Record<string, cloudwatch.IMetric>;
}

/**
 * A profile's estimated spend rate in USD per hour: its token counts (sums per period) times the
 * on-demand prices, scaled to an hour: input tokens, and output tokens, cache reads and cache
 * writes (`CacheReadInputTokenCount`, `CacheWriteInputTokenCount`) at their own prices when the
 * model has them (`prices.notCounted` names what is left out). CloudWatch evaluates it in floating
 * point, so it is an estimate; the exact prices are in the expression text.
 */
export function spendRateExpression(
  profile: ICostAllocatedProfile, prices: TokenPrices, period: Duration, label: string, options: SpendRateOptions = {},
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ ...spendRateParts(profile, prices, period, options), period, label });
}

/**
 * The same rate as text and metrics, without building a MathExpression. The one definition of
 * the rate: the alarm and the dashboard both use it.
 */
export function spendRateParts(
  profile: ICostAllocatedProfile, prices: TokenPrices, period: Duration, options: SpendRateOptions = {},
): SpendRateParts {
  const terms = spendRateTerms(prices, period, options);
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  for (const [id, metricName] of Object.entries(terms.metricNames)) {
    usingMetrics[id] = profile.metric(metricName, { period });
  }
  return { expression: terms.expression, usingMetrics };
}

/** A spend rate as expression text and the `AWS/Bedrock` metric names it reads, by id. */
export interface SpendRateTerms {
  readonly expression: string;
  readonly metricNames: Record<string, string>;
}

/** The metrics a spend rate counts: id, metric name, and whether most periods have no data. */
const COUNTED_METRICS: ReadonlyArray<[string, keyof TokenPrices, string, boolean]> = [
  ['inputTokens', 'input', 'InputTokenCount', false],
  ['outputTokens', 'output', 'OutputTokenCount', false],
  ['cacheReadTokens', 'cacheRead', 'CacheReadInputTokenCount', true],
  ['cacheWriteTokens', 'cacheWrite', 'CacheWriteInputTokenCount', true],
];

/**
 * The rate's expression and metric names, without metric objects: an alarm rendering its L1
 * needs no more (and a platform vends thousands of them).
 */
export function spendRateTerms(prices: TokenPrices, period: Duration, options: SpendRateOptions = {}): SpendRateTerms {
  const suffix = options.idSuffix ?? '';
  const terms: string[] = [];
  const metricNames: Record<string, string> = {};
  for (const [name, priceOf, metricName, sparse] of COUNTED_METRICS) {
    const price = prices[priceOf] as Dec | undefined;
    if (price === undefined) {
      continue;
    }
    // Cache metrics have no data points for requests without prompt caching, and metric math
    // drops a timestamp any term lacks: they are always filled with 0.
    const id = `${name}${suffix}`;
    terms.push(`${sparse || options.fillMissing ? `FILL(${id}, 0)` : id} * ${price.toFixed()}`);
    metricNames[id] = metricName;
  }
  const perHour = 3600 / period.toSeconds();
  return { expression: `(${terms.join(' + ')}) * ${perHour}`, metricNames };
}

/** What the rate counts, for descriptions: "input, output, cache-read and cache-write tokens". */
export function countedTokens(prices: TokenPrices): string {
  const kinds = ['input', ...(prices.output ? ['output'] : []), ...(prices.cacheRead ? ['cache-read'] : []), ...(prices.cacheWrite ? ['cache-write'] : [])];
  return kinds.length === 1 ? 'input tokens' : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]} tokens`;
}
