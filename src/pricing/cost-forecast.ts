import { Catalog, parseDocument } from './catalog';
import { Forecast, forecastUsage } from './forecast';
import { PriceCatalog } from './price-catalog';
import { forecastToJson, renderForecast } from './render';
import { catalogFor, checkUsage, forecastUsageFile } from './usage';
import { fieldPath, UsageDocument, UsageFieldNames } from './usage-document';
import { CostProfilesError } from '../core/errors';

// Re-exported: PriceCatalog and its types were defined here before price-catalog.ts.
export { CatalogModel, CatalogSource, PriceCatalog, PriceQuery, PriceQuote } from './price-catalog';

/** Options for forecasting a usage file. */
export interface UsageFileOptions {
  /**
   * Prices in effect on this date (YYYY-MM-DD).
   *
   * @default - the file's asOf, else today
   */
  readonly asOf?: string;
  /**
   * Extra price files, after the file's own priceFiles.
   *
   * @default - none
   */
  readonly priceFiles?: string[];
}

/** Shares (0–1) of the on-demand (non-batch) requests by service tier; Standard is the rest. */
export interface ServiceTierShares {
  /**
   * Share sent with `service_tier: flex`.
   *
   * @default 0
   */
  readonly flex?: number;
  /**
   * Share sent with `service_tier: priority`.
   *
   * @default 0
   */
  readonly priority?: number;
}

/** Reserved-tier capacity, priced per 1,000 tokens per minute per hour (a month: its hours, daysPerMonth × 24). */
export interface ReservedCapacity {
  /** Input tokens per minute reserved (at least 100,000). */
  readonly inputTokensPerMinute: number;
  /** Output tokens per minute reserved (at least 10,000). */
  readonly outputTokensPerMinute: number;
  /** Term in months: 1 or 3. */
  readonly months: number;
}

/** The traffic of one model, for forecasts from code. */
export interface InferenceUsage {
  /**
   * Requests per day (multiplied by `daysPerMonth`). Give this or `requestsPerMonth`.
   *
   * @default - use requestsPerMonth
   */
  readonly requestsPerDay?: number;
  /**
   * Requests per month. Give this or `requestsPerDay`.
   *
   * @default - use requestsPerDay
   */
  readonly requestsPerMonth?: number;
  /** Average input tokens per request. */
  readonly inputTokensPerRequest: number;
  /** Average output tokens per request. */
  readonly outputTokensPerRequest: number;
  /**
   * Share (0–1) of the input tokens of on-demand requests read from the prompt cache.
   *
   * @default 0
   */
  readonly cacheReadShare?: number;
  /**
   * Share (0–1) of the input tokens of on-demand requests written to the prompt cache.
   *
   * @default 0
   */
  readonly cacheWriteShare?: number;
  /**
   * Share (0–1) of the input tokens of on-demand requests written to the prompt cache with a
   * 1-hour TTL (`cacheWriteShare` is the 5-minute TTL).
   *
   * @default 0
   */
  readonly cacheWrite1hShare?: number;
  /**
   * Share (0–1) of requests whose input is above the model's long-context threshold, priced at
   * the long-context rate of their tier.
   *
   * @default 0
   */
  readonly longContextShare?: number;
  /**
   * Shares of the on-demand requests sent with `service_tier` flex or priority; Standard is the rest.
   *
   * @default - all on-demand requests at Standard
   */
  readonly serviceTier?: ServiceTierShares;
  /**
   * Reserved-tier capacity for this traffic; tokens above it are billed at Standard.
   *
   * @default - none
   */
  readonly reserved?: ReservedCapacity;
  /**
   * Share (0–1) of requests sent through batch inference.
   *
   * @default 0
   */
  readonly batchShare?: number;
  /**
   * Share (0–1) of the on-demand requests sent with latency-optimized inference.
   *
   * @default 0
   */
  readonly latencyOptimizedShare?: number;
}

/** A forecast of one model's traffic, from code. */
export interface InferenceForecastProps extends InferenceUsage {
  /** The model: id (with or without geography prefix), ARN, or catalog key. */
  readonly model: string;
  /** The Region requests are made from. */
  readonly region: string;
  /** Days in the month forecast (the pages' own examples use 31). */
  readonly daysPerMonth: number;
  /**
   * A name for the workload.
   *
   * @default 'workload'
   */
  readonly name?: string;
  /**
   * Compound monthly growth of the traffic, e.g. 0.05 for +5% a month.
   *
   * @default 0
   */
  readonly monthlyGrowth?: number;
  /**
   * Months to project.
   *
   * @default 1
   */
  readonly months?: number;
  /**
   * Multiplier for the low estimate.
   *
   * @default 0.8
   */
  readonly bandLow?: number;
  /**
   * Multiplier for the high estimate.
   *
   * @default 1.25
   */
  readonly bandHigh?: number;
  /**
   * Prices in effect on this date (YYYY-MM-DD).
   *
   * @default - today
   */
  readonly asOf?: string;
  /**
   * The catalog to price with.
   *
   * @default PriceCatalog.embedded()
   */
  readonly catalog?: PriceCatalog;
  /**
   * Cost-allocation tags of the workload, carried into reports.
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Expected traffic through an inference profile, for its cost forecast, budget and spend alarm.
 * The model and Region come from the profile.
 */
export interface ProfileUsage extends InferenceUsage {
  /** Days in the month forecast (the pages' own examples use 31). */
  readonly daysPerMonth: number;
  /**
   * Compound monthly growth of the traffic, e.g. 0.05 for +5% a month.
   *
   * @default 0
   */
  readonly monthlyGrowth?: number;
  /**
   * Multiplier for the low estimate.
   *
   * @default 0.8
   */
  readonly bandLow?: number;
  /**
   * Multiplier for the high estimate.
   *
   * @default 1.25
   */
  readonly bandHigh?: number;
}

/** One workload of a forecast. Amounts are exact decimal strings in USD per month. */
export interface WorkloadCostSummary {
  /** Workload name. */
  readonly name: string;
  /** Low estimate. */
  readonly lowMonthlyUsd: string;
  /** Expected. */
  readonly expectedMonthlyUsd: string;
  /** High estimate. */
  readonly highMonthlyUsd: string;
  /** The workload's cost-allocation tags, from the usage file. */
  readonly tags: { [key: string]: string };
}

/**
 * A monthly Bedrock cost forecast with exact decimal money (amounts cross the jsii boundary
 * as decimal strings, never as floating-point numbers).
 */
export class CostForecast {
  /** Forecasts a usage file, YAML or JSON (see usage.schema.json). */
  public static fromUsageFile(path: string, options: UsageFileOptions = {}): CostForecast {
    const { forecast, catalog } = forecastUsageFile(path, options);
    return new CostForecast(forecast, catalog);
  }

  /** Forecasts usage-file text (YAML or JSON); price files are resolved from the working directory. */
  public static fromUsageText(text: string, options: UsageFileOptions = {}): CostForecast {
    const location = 'usage text';
    const usage = checkUsage(parseDocument(text, location), location);
    const catalog = catalogFor(usage, undefined, Catalog.embedded(), options.priceFiles ?? []);
    return new CostForecast(forecastUsage(catalog, usage, { asOf: options.asOf, location }), catalog);
  }

  /** Forecasts one model's traffic. */
  public static forInference(props: InferenceForecastProps): CostForecast {
    return CostForecast._forInference(props, 'CostForecast.forInference()');
  }

  /**
   * `forInference` with errors located at `location` (a construct path, say) and named as the
   * caller names its props (`fields`; default the names of `InferenceForecastProps`).
   * @internal
   */
  public static _forInference(props: InferenceForecastProps, location: string, fields: InferenceFieldNames = FOR_INFERENCE_FIELDS): CostForecast {
    if (props.catalog !== undefined && !(props.catalog instanceof PriceCatalog)) {
      throw new CostProfilesError({
        location, field: fields.catalog, problem: 'must be a PriceCatalog', value: props.catalog, fix: 'Use PriceCatalog.embedded() or PriceCatalog.fromFile(...).',
      });
    }
    const catalog = (props.catalog ?? PriceCatalog.embedded())._catalog;
    const usage: UsageDocument = {
      daysPerMonth: props.daysPerMonth,
      months: props.months,
      ...(props.bandLow !== undefined || props.bandHigh !== undefined ? { band: { low: props.bandLow ?? 0.8, high: props.bandHigh ?? 1.25 } } : {}),
      workloads: [{
        name: props.name ?? 'workload',
        tags: props.tags,
        monthlyGrowth: props.monthlyGrowth,
        inference: {
          model: props.model,
          region: props.region,
          requestsPerDay: props.requestsPerDay,
          requestsPerMonth: props.requestsPerMonth,
          inputTokensPerRequest: props.inputTokensPerRequest,
          outputTokensPerRequest: props.outputTokensPerRequest,
          cacheReadShare: props.cacheReadShare,
          cacheWriteShare: props.cacheWriteShare,
          cacheWrite1hShare: props.cacheWrite1hShare,
          longContextShare: props.longContextShare,
          serviceTier: props.serviceTier,
          reserved: props.reserved,
          batchShare: props.batchShare,
          latencyOptimizedShare: props.latencyOptimizedShare,
        },
      }],
    };
    return new CostForecast(forecastUsage(catalog, usage, { asOf: props.asOf, location, fieldNames: inferenceFieldNames(fields) }), catalog);
  }

  /** @internal */
  public readonly _forecast: Forecast;
  /** @internal */
  public readonly _catalog: Catalog;

  private constructor(forecast: Forecast, catalog: Catalog) {
    this._forecast = forecast;
    this._catalog = catalog;
  }

  /** The date whose prices were used. */
  public get asOf(): string {
    return this._forecast.asOf;
  }

  /** Expected cost of the first month, USD (exact decimal string). */
  public get expectedMonthlyUsd(): string {
    return this._forecast.total.expected.toFixed();
  }

  /** Low estimate of the first month, USD. */
  public get lowMonthlyUsd(): string {
    return this._forecast.total.low.toFixed();
  }

  /** High estimate of the first month, USD. */
  public get highMonthlyUsd(): string {
    return this._forecast.total.high.toFixed();
  }

  /** Per-workload totals. */
  public get workloads(): WorkloadCostSummary[] {
    return this._forecast.workloads.map(w => ({
      name: w.name,
      tags: { ...w.tags },
      lowMonthlyUsd: w.monthly.low.toFixed(),
      expectedMonthlyUsd: w.monthly.expected.toFixed(),
      highMonthlyUsd: w.monthly.high.toFixed(),
    }));
  }

  /** The full forecast (breakdown, sources, projections) as JSON with exact amounts. */
  public toJson(): string {
    return JSON.stringify(forecastToJson(this._forecast, this._catalog), null, 2);
  }

  /** The forecast as markdown (amounts rounded half-up to cents for display). */
  public toMarkdown(): string {
    return renderForecast(this._forecast, this._catalog, 'markdown');
  }

  /** The forecast as a plain-text table. */
  public toTable(): string {
    return renderForecast(this._forecast, this._catalog, 'table');
  }
}

/**
 * What a caller of `CostForecast._forInference` calls the fields of its one-model traffic, so the
 * engine's errors name them (`expectedUsage.cacheReadShare`, `source`) rather than the usage
 * document's paths. Not exported through jsii.
 */
export interface InferenceFieldNames {
  /** Where the traffic fields (cacheReadShare, daysPerMonth, bandLow, ...) live; '' for the top level. */
  readonly usage: string;
  /** Where an unknown model is reported. */
  readonly model: string;
  /**
   * Where a bad Region or a missing price is reported (about the model in that Region).
   *
   * @default - `model`
   */
  readonly price?: string;
  /** The field of the prices' as-of date. */
  readonly asOf: string;
  /** The field of the price catalog. */
  readonly catalog: string;
}

/** The names of `InferenceForecastProps`. */
const FOR_INFERENCE_FIELDS: InferenceFieldNames = { usage: '', model: 'model', asOf: 'asOf', catalog: 'catalog' };

/** The engine's field names for the one-workload, one-inference document `_forInference` builds. */
function inferenceFieldNames(fields: InferenceFieldNames): UsageFieldNames {
  const usage = (field: string) => fieldPath(fields.usage, field);
  const top: Record<string, string> = {
    'asOf': fields.asOf,
    'daysPerMonth': usage('daysPerMonth'),
    'months': 'months',
    'band': usage('bandLow'),
    'band.low': usage('bandLow'),
    'band.high': usage('bandHigh'),
  };
  return {
    top: field => top[field] ?? usage(field),
    workload: () => fields.usage,
    inference: () => fields.usage,
    model: () => fields.model,
    region: () => fields.price ?? fields.model,
    price: () => fields.price ?? fields.model,
  };
}
