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

/** The on-demand token prices of a profile's source, in USD per token. */
export interface TokenPrices {
  readonly input: Dec;
  readonly output: Dec;
  readonly rows: PriceRow[];
}

/** Prices found, per catalog (catalogs are immutable) and model, Region and date. */
const pricesByCatalog = new WeakMap<Catalog, Map<string, TokenPrices>>();

/**
 * Looks up the on-demand input and output token prices of the profile's source: its model at
 * the regional rate of its source Region, or the global rate for a global profile.
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
    const input = price('input-tokens');
    const output = price('output-tokens');
    const prices = { input: input.unitPrice, output: output.unitPrice, rows: [input, output] };
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
  /** Count a period without data as zero tokens (for sums over profiles). */
  readonly fillMissing?: boolean;
}

/** The parts of a spend-rate expression: its text and the token-count metrics it uses, by id. */
export interface SpendRateParts {
  readonly expression: string;
  readonly usingMetrics: Record<string, cloudwatch.IMetric>;
}

/**
 * A profile's estimated spend rate in USD per hour: its input and output token counts (sums
 * per period) times the on-demand prices, scaled to an hour. CloudWatch evaluates it in
 * floating point, so it is an estimate; the exact prices are in the expression text.
 */
export function spendRateExpression(
  profile: ICostAllocatedProfile, prices: TokenPrices, period: Duration, label: string, options: SpendRateOptions = {},
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ ...spendRateParts(profile, prices, period, options), period, label });
}

/**
 * The same rate as text and metrics, without building a MathExpression: an alarm rendering its
 * L1 needs no more (and a platform vends thousands).
 */
export function spendRateParts(
  profile: ICostAllocatedProfile, prices: TokenPrices, period: Duration, options: SpendRateOptions = {},
): SpendRateParts {
  const suffix = options.idSuffix ?? '';
  const [input, output] = [`inputTokens${suffix}`, `outputTokens${suffix}`];
  const term = (id: string) => (options.fillMissing ? `FILL(${id}, 0)` : id);
  const perHour = 3600 / period.toSeconds();
  return {
    expression: `(${term(input)} * ${prices.input.toFixed()} + ${term(output)} * ${prices.output.toFixed()}) * ${perHour}`,
    usingMetrics: {
      [input]: profile.metricInputTokenCount({ period }),
      [output]: profile.metricOutputTokenCount({ period }),
    },
  };
}
