import { Catalog } from './catalog';
import { Dec } from './decimal';
import { PricedLine, priceLine } from './line-items';
import { provisionedComparisons, ProvisionedComparison } from './lines/inference-lines';
import { workloadLines } from './lines/workload-lines';
import { DOCUMENT_FIELD_NAMES, fieldPath, toDec, UsageContext, UsageDocument, UsageFieldNames, WorkloadSpec } from './usage-document';
import { CostProfilesError } from '../core/errors';
import { isIsoDate as isExistingIsoDate } from '../core/iso-date';

// The forecast: a usage document's lines priced, month 1 as a low/expected/high band, and the
// months after with each workload's compound growth.

export interface Band { readonly low: Dec; readonly expected: Dec; readonly high: Dec }

export interface WorkloadForecast {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly daysPerMonth: Dec;
  readonly monthlyGrowth: Dec;
  readonly bandFactors: { readonly low: Dec; readonly high: Dec };
  readonly lines: PricedLine[];
  /** Month 1: traffic-driven lines scaled by the band, plus fixed lines. */
  readonly monthly: Band;
  /** Month 1..months with compound growth on the traffic-driven lines. */
  readonly series: Band[];
  readonly provisioned: ProvisionedComparison[];
}

export interface Forecast {
  readonly asOf: string;
  readonly months: number;
  readonly workloads: WorkloadForecast[];
  readonly total: Band;
  readonly series: Band[];
}

export interface ForecastOptions {
  /** Prices in effect on this date (YYYY-MM-DD); default today (UTC). */
  readonly asOf?: string;
  /** Where the usage came from, for error messages. */
  readonly location?: string;
  /** What the caller calls the document's fields, for error messages; default the document's own paths. */
  readonly fieldNames?: UsageFieldNames;
}

const DEFAULT_BAND = { low: Dec.parse('0.8'), high: Dec.parse('1.25') };

/**
 * The growth factor of each month is rounded (half-up) to this many decimal places: compounding
 * exactly would double its digits every month or two (a 2,000-digit growth over 120 months ran out
 * of memory). 12 places move a month's cost by less than a millionth of a cent per dollar.
 */
export const GROWTH_FACTOR_PLACES = 12;
/** The longest projection, in months (usage.schema.json says the same). */
export const MAX_MONTHS = 120;
/** The largest monthly growth: +1000% a month (more is a typo, and 11^120 is already 10^125). */
export const MAX_MONTHLY_GROWTH = Dec.parse('10');

/** True for an existing date YYYY-MM-DD (see core/iso-date.ts); kept here for the engine's callers. */
export const isIsoDate = isExistingIsoDate;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The forecast of a whole usage document. */
export function forecastUsage(catalog: Catalog, usage: UsageDocument, options: ForecastOptions = {}): Forecast {
  const ctx: UsageContext = { location: options.location ?? 'usage', names: options.fieldNames ?? DOCUMENT_FIELD_NAMES };
  const { location, names } = ctx;
  const asOf = options.asOf ?? usage.asOf ?? today();
  if (!isIsoDate(asOf)) {
    throw new CostProfilesError({ location, field: names.top('asOf'), problem: 'must be a date YYYY-MM-DD', value: asOf, fix: 'Write e.g. 2025-03-01.' });
  }
  const months = usage.months ?? 1;
  if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new CostProfilesError({
      location, field: names.top('months'), problem: `must be a whole number from 1 to ${MAX_MONTHS}`, value: months, fix: 'Use e.g. 12 to project a year.',
    });
  }
  const seen = new Set<string>();
  const workloads = usage.workloads.map((w, i) => {
    const at = names.workload(i);
    if (seen.has(w.name)) {
      throw new CostProfilesError({ location, field: fieldPath(at, 'name'), problem: 'is used twice', value: w.name, fix: 'Give every workload its own name.' });
    }
    seen.add(w.name);
    return forecastWorkload(catalog, w, usage, asOf, months, ctx, at);
  });
  const sumBands = (bands: Band[]): Band => ({
    low: Dec.sum(bands.map(b => b.low)), expected: Dec.sum(bands.map(b => b.expected)), high: Dec.sum(bands.map(b => b.high)),
  });
  if (workloads.length === 1) {
    // The sum of one (the same decimals: 0 + x keeps x's scale): a profile forecasts one workload.
    return { asOf, months, workloads, total: workloads[0].monthly, series: workloads[0].series };
  }
  // Month 1 of the series is the total (a workload's monthly is its series[0]): summed once.
  const series = Array.from({ length: months }, (_, m) => sumBands(workloads.map(w => w.series[m])));
  return { asOf, months, workloads, total: series[0], series };
}

function forecastWorkload(
  catalog: Catalog, w: WorkloadSpec, usage: UsageDocument, asOf: string, months: number, ctx: UsageContext, at: string,
): WorkloadForecast {
  const { location, names } = ctx;
  const days = toDec(w.daysPerMonth ?? usage.daysPerMonth, location, w.daysPerMonth !== undefined ? fieldPath(at, 'daysPerMonth') : names.top('daysPerMonth'));
  if (days.isZero()) {
    throw new CostProfilesError({
      location,
      field: w.daysPerMonth !== undefined ? fieldPath(at, 'daysPerMonth') : names.top('daysPerMonth'),
      problem: 'must be above 0',
      value: '0',
      fix: 'Use the days of the month you forecast, e.g. 30 or 31.',
    });
  }
  const growth = w.monthlyGrowth === undefined ? Dec.ZERO : toDec(w.monthlyGrowth, location, fieldPath(at, 'monthlyGrowth'));
  if (growth.gt(MAX_MONTHLY_GROWTH)) {
    throw new CostProfilesError({
      location,
      field: fieldPath(at, 'monthlyGrowth'),
      problem: `must be at most ${MAX_MONTHLY_GROWTH} (+1000% a month)`,
      value: w.monthlyGrowth,
      fix: 'Write growth as a fraction per month, e.g. 0.05 for +5% a month.',
    });
  }
  const bandSpec = w.band ?? usage.band;
  const bandField = (field: string) => (w.band ? fieldPath(at, field) : names.top(field));
  const band = bandSpec === undefined ? DEFAULT_BAND : {
    low: toDec(bandSpec.low, location, bandField('band.low')),
    high: toDec(bandSpec.high, location, bandField('band.high')),
  };
  if (band.low.gt(Dec.ONE) || band.high.lt(Dec.ONE)) {
    throw new CostProfilesError({
      location,
      field: bandField('band'),
      problem: 'must have low ≤ 1 ≤ high',
      value: { low: band.low.toString(), high: band.high.toString() },
      fix: 'Use multipliers such as low 0.8 and high 1.25.',
    });
  }

  const built = workloadLines(catalog, w, ctx, at, days);
  // Where a missing price is reported: an inference block's price field, else the line's own path.
  const priceFields = new Map(built.plans.map(plan => [plan.path, names.price(plan.path)]));
  const lines = built.lines.map(line => priceLine(catalog, line, asOf, location, priceFields.get(line.path)));
  const provisioned = provisionedComparisons(built.sink, built.plans, lines, asOf);

  let variable = Dec.ZERO;
  let fixed = Dec.ZERO;
  for (const line of lines) {
    if (line.variable) {
      variable = variable.plus(line.cost);
    } else {
      fixed = fixed.plus(line.cost);
    }
  }
  const bandOf = (v: Dec): Band => ({ low: v.times(band.low).plus(fixed), expected: v.plus(fixed), high: v.times(band.high).plus(fixed) });
  const series: Band[] = [];
  let factor = Dec.ONE;
  const step = Dec.ONE.plus(growth);
  for (let m = 0; m < months; m++) {
    // Without growth every month is month 1 (bands are immutable): a platform forecasts thousands.
    series.push(m > 0 && growth.isZero() ? series[0] : bandOf(variable.times(factor)));
    if (m + 1 < months) {
      factor = factor.times(step).round(GROWTH_FACTOR_PLACES, 'half-up').normalize();
    }
  }
  return {
    name: w.name,
    tags: w.tags ?? {},
    daysPerMonth: days,
    monthlyGrowth: growth,
    bandFactors: band,
    lines,
    monthly: series[0],
    series,
    provisioned,
  };
}
