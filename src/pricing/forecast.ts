import { appliesTo, Catalog, meterFix, PriceRow } from './catalog';
import { Dec } from './decimal';
import { resolveModelRef } from './model-ref';
import { PriceRate, pricedIn } from './price-file';
import { CostProfilesError } from '../core/errors';
import { isIsoDate as isExistingIsoDate } from '../core/iso-date';

/** A number from a usage document: a JS number or a decimal string. */
export type Quantity = number | string;

export interface BandSpec { readonly low: Quantity; readonly high: Quantity }

export interface InferenceSpec {
  readonly model: string;
  readonly region?: string;
  readonly requestsPerDay?: Quantity;
  readonly requestsPerMonth?: Quantity;
  readonly inputTokensPerRequest: Quantity;
  readonly outputTokensPerRequest: Quantity;
  readonly cacheReadShare?: Quantity;
  readonly cacheWriteShare?: Quantity;
  readonly batchShare?: Quantity;
  readonly latencyOptimizedShare?: Quantity;
  readonly provisionedThroughput?: {
    readonly commitment?: Commitment;
    readonly tokensPerMinutePerModelUnit: Quantity;
    readonly peakToAverage?: Quantity;
  };
}

export type Commitment = 'no-commitment' | '1-month' | '6-month';

export interface WorkloadSpec {
  readonly name: string;
  readonly region?: string;
  readonly tags?: Record<string, string>;
  readonly daysPerMonth?: Quantity;
  readonly monthlyGrowth?: Quantity;
  readonly band?: BandSpec;
  readonly inference?: InferenceSpec | InferenceSpec[];
  readonly images?: ReadonlyArray<{ model: string; region?: string; count: Quantity; quality?: 'standard' | 'premium'; size?: 'small' | 'large' }>;
  readonly video?: ReadonlyArray<{ model: string; region?: string; seconds: Quantity; resolution: '720p' | '540p' }>;
  readonly guardrails?: ReadonlyArray<{
    region?: string;
    policies: string[];
    textUnits?: Quantity;
    requests?: Quantity;
    inputCharactersPerRequest?: Quantity;
    outputCharactersPerRequest?: Quantity;
  }>;
  readonly provisioned?: ReadonlyArray<{
    model: string; region?: string; modelUnits: Quantity; commitment: Commitment; hours?: Quantity; customModel?: boolean;
  }>;
  readonly customization?: ReadonlyArray<{
    model: string; region?: string; trainingTokens?: Quantity; epochs?: Quantity; trainingImages?: Quantity; storedModels?: Quantity;
  }>;
  readonly customModelImport?: ReadonlyArray<{
    region?: string; customModelUnits: Quantity; activeWindows?: Quantity; activeMinutes?: Quantity; storedCustomModelUnits?: Quantity;
  }>;
  readonly rerank?: ReadonlyArray<{ model: string; region?: string; requests: Quantity; documentsPerRequest: number }>;
  readonly flows?: { region?: string; nodeTransitions: Quantity };
  readonly structuredRetrieval?: { region?: string; requests: Quantity };
  readonly humanEvaluation?: { region?: string; tasks: Quantity };
  readonly dataAutomation?: {
    region?: string;
    customDocumentPages?: Quantity;
    customImages?: Quantity;
    blueprintFields?: number;
    standardDocumentPages?: Quantity;
    standardVideoMinutes?: Quantity;
    standardAudioMinutes?: Quantity;
  };
  readonly lineItems?: ReadonlyArray<{ item: string; meter: string; region?: string; quantity: Quantity; growsWithTraffic?: boolean }>;
}

export interface UsageDocument {
  readonly asOf?: string;
  readonly daysPerMonth: Quantity;
  readonly months?: number;
  readonly band?: BandSpec;
  readonly priceFiles?: string[];
  readonly workloads: WorkloadSpec[];
}

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

export interface ProvisionedComparison {
  readonly path: string;
  readonly model: string;
  readonly region: string;
  readonly rate: PriceRate;
  readonly commitment: Commitment;
  readonly available: boolean;
  /** Why no comparison could be made. */
  readonly reason?: string;
  readonly tokensPerMonth: Dec;
  readonly modelUnits?: bigint;
  readonly hourlyPricePerModelUnit?: Dec;
  readonly provisionedMonthly?: Dec;
  readonly onDemandMonthly: Dec;
  readonly cheaper?: 'on-demand' | 'provisioned';
  /** Monthly tokens at which both cost the same (at this traffic's token mix). */
  readonly breakEvenTokensPerMonth?: bigint;
  readonly price?: PriceRow;
}

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
}

const DEFAULT_BAND = { low: Dec.parse('0.8'), high: Dec.parse('1.25') };
const TEXT_UNIT_CHARACTERS = Dec.parse('1000');
const RERANK_DOCUMENTS_PER_QUERY = 100;
const DATA_AUTOMATION_INCLUDED_FIELDS = 30;
const MINUTES_PER_IMPORT_WINDOW = 5;

/** True for an existing date YYYY-MM-DD (see core/iso-date.ts); kept here for the engine's callers. */
export const isIsoDate = isExistingIsoDate;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Turns a usage quantity into an exact decimal (see the schema for the accepted forms). */
export function toDec(value: Quantity, location: string, field: string): Dec {
  const parsed = typeof value === 'number'
    ? (Number.isFinite(value) ? Dec.fromNumber(value) : undefined)
    : typeof value === 'string' ? Dec.tryParse(value) : undefined;
  if (parsed === undefined || parsed.isNegative()) {
    throw new CostProfilesError({ location, field, problem: 'must be a non-negative decimal number', value, fix: 'Write e.g. 1500 or "0.05".' });
  }
  return parsed;
}

/** Prices one line item with the catalog, or explains why it cannot. */
export function priceLine(catalog: Catalog, line: LineItem, asOf: string, location: string): PricedLine {
  const price = catalog.lookup(line.item, line.meter, line.region, asOf, line.rate);
  if (price === undefined) {
    throw missingPrice(catalog, line, asOf, location);
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

function missingPrice(catalog: Catalog, line: LineItem, asOf: string, location: string): CostProfilesError {
  const name = catalog.items.get(line.item)?.name ?? line.item;
  const rows = catalog.rowsFor(line.item, line.meter);
  const base = { location, field: line.path, value: line.item };
  if (rows.length === 0) {
    const has = catalog.metersOf(line.item);
    return new CostProfilesError({
      ...base,
      problem: `has no "${line.meter}" price in the catalog (${name}${has.length ? ` is priced for: ${has.join(', ')}` : ' has no prices at all: the embedded sources predate it'})`,
      fix: 'Add the price with a price file (priceFiles in a usage file, --prices on the CLI, priceCatalog on a profile), or remove this usage.',
    });
  }
  const where = pricedIn(line.region, line.rate);
  const inRegion = rows.filter(r => appliesTo(r, line.region, line.rate));
  if (inRegion.length === 0) {
    const pricedAt = (rate: PriceRate) => [...new Set(rows.filter(r => r.rate === rate).flatMap(r => r.regions))].sort()
      .map(r => (r === '*' ? 'any Region' : r)).join(', ');
    const regional = pricedAt('regional');
    const global = pricedAt('global');
    if (line.rate === 'global') {
      const known = [global && `the global rate from: ${global}`, regional && `the regional rate in: ${regional}`].filter(Boolean).join('; ');
      return new CostProfilesError({
        ...base,
        problem: `has no "${line.meter}" price for ${name} at the global cross-Region rate from ${line.region} `
          + `(global profiles have their own rate, never a regional price); priced at ${known}`,
        fix: `Add the global rate with a price file (a row with rate: global, regions: [${line.region}]), `
          + 'or use a geographic profile (us., eu., ...), priced at the regional rate.',
      });
    }
    if (line.region === '*' && regional) {
      return new CostProfilesError({
        ...base,
        problem: `has no "${line.meter}" price for ${name} that applies in every Region; priced in: ${regional}`,
        fix: 'Give the Region the usage is in (region here or on the workload): prices apply only where their source states them.',
      });
    }
    return new CostProfilesError({
      ...base,
      problem: `has no "${line.meter}" price for ${name} in Region ${line.region}; `
        + (regional ? `priced in: ${regional}${global ? `; global rate from: ${global}` : ''}` : `only the global cross-Region rate is priced (from: ${global})`),
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

/** The forecast of a whole usage document. */
export function forecastUsage(catalog: Catalog, usage: UsageDocument, options: ForecastOptions = {}): Forecast {
  const location = options.location ?? 'usage';
  const asOf = options.asOf ?? usage.asOf ?? today();
  if (!isIsoDate(asOf)) {
    throw new CostProfilesError({ location, field: 'asOf', problem: 'must be a date YYYY-MM-DD', value: asOf, fix: 'Write e.g. 2025-03-01.' });
  }
  const months = usage.months ?? 1;
  const names = new Set<string>();
  const workloads = usage.workloads.map((w, i) => {
    if (names.has(w.name)) {
      throw new CostProfilesError({ location, field: `workloads[${i}].name`, problem: 'is used twice', value: w.name, fix: 'Give every workload its own name.' });
    }
    names.add(w.name);
    return forecastWorkload(catalog, w, usage, asOf, months, location, `workloads[${i}]`);
  });
  const sumBands = (bands: Band[]): Band => ({
    low: Dec.sum(bands.map(b => b.low)), expected: Dec.sum(bands.map(b => b.expected)), high: Dec.sum(bands.map(b => b.high)),
  });
  return {
    asOf,
    months,
    workloads,
    total: sumBands(workloads.map(w => w.monthly)),
    series: Array.from({ length: months }, (_, m) => sumBands(workloads.map(w => w.series[m]))),
  };
}

function forecastWorkload(
  catalog: Catalog, w: WorkloadSpec, usage: UsageDocument, asOf: string, months: number, location: string, at: string,
): WorkloadForecast {
  const days = toDec(w.daysPerMonth ?? usage.daysPerMonth, location, w.daysPerMonth !== undefined ? `${at}.daysPerMonth` : 'daysPerMonth');
  if (days.isZero()) {
    throw new CostProfilesError({ location, field: `${at}.daysPerMonth`, problem: 'must be above 0', value: '0', fix: 'Use the days of the month you forecast, e.g. 30 or 31.' });
  }
  const growth = w.monthlyGrowth === undefined ? Dec.ZERO : toDec(w.monthlyGrowth, location, `${at}.monthlyGrowth`);
  const bandSpec = w.band ?? usage.band;
  const band = bandSpec === undefined ? DEFAULT_BAND : {
    low: toDec(bandSpec.low, location, `${w.band ? at + '.' : ''}band.low`),
    high: toDec(bandSpec.high, location, `${w.band ? at + '.' : ''}band.high`),
  };
  if (band.low.gt(Dec.ONE) || band.high.lt(Dec.ONE)) {
    throw new CostProfilesError({
      location,
      field: `${w.band ? at + '.' : ''}band`,
      problem: 'must have low ≤ 1 ≤ high',
      value: { low: band.low.toString(), high: band.high.toString() },
      fix: 'Use multipliers such as low 0.8 and high 1.25.',
    });
  }

  const builder = new LineBuilder(catalog, w, location, at, days);
  const lines = builder.build().map(line => priceLine(catalog, line, asOf, location));
  const provisioned = builder.provisionedComparisons(lines, asOf);

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
    series.push(bandOf(variable.times(factor)));
    factor = factor.times(step).normalize();
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

/** Where a line is priced: a source Region ('*': any) and a rate. */
interface Where {
  readonly region: string;
  readonly rate: PriceRate;
}

interface InferencePlan {
  readonly path: string;
  readonly model: string;
  readonly item: string;
  readonly region: string;
  readonly rate: PriceRate;
  readonly spec: InferenceSpec;
  readonly onlineTokens: Dec;
  /** Indexes [from, to) of the on-demand (non-batch) lines among the workload's lines. */
  readonly onlineLines: readonly [number, number];
}

/** Turns one workload's usage into line items (per month). */
class LineBuilder {
  private readonly lines: LineItem[] = [];
  private readonly plans: InferencePlan[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly w: WorkloadSpec,
    private readonly location: string,
    private readonly at: string,
    private readonly days: Dec,
  ) {}

  public build(): LineItem[] {
    const w = this.w;
    const inference = w.inference === undefined ? [] : Array.isArray(w.inference) ? w.inference : [w.inference];
    const inferencePath = (i: number) => Array.isArray(w.inference) ? `${this.at}.inference[${i}]` : `${this.at}.inference`;
    inference.forEach((spec, i) => this.inference(spec, inferencePath(i)));
    (w.images ?? []).forEach((x, i) => this.images(x, `${this.at}.images[${i}]`));
    (w.video ?? []).forEach((x, i) => {
      const p = `${this.at}.video[${i}]`;
      const ref = this.model(x.model, x.region, `${p}.model`);
      this.add(ref.item, `video-seconds-${x.resolution}`, ref, this.q(x.seconds, `${p}.seconds`), `video seconds (${x.resolution})`, true, p);
    });
    (w.guardrails ?? []).forEach((x, i) => this.guardrails(x, `${this.at}.guardrails[${i}]`));
    (w.provisioned ?? []).forEach((x, i) => {
      const p = `${this.at}.provisioned[${i}]`;
      const ref = this.model(x.model, x.region, `${p}.model`);
      const hours = x.hours === undefined ? this.days.times(Dec.parse('24')) : this.q(x.hours, `${p}.hours`);
      const units = this.q(x.modelUnits, `${p}.modelUnits`);
      const meter = `${x.customModel ? 'custom-' : ''}provisioned-${x.commitment}`;
      this.add(ref.item, meter, ref, units.times(hours), `${x.customModel ? 'custom model ' : ''}provisioned throughput, ${x.commitment} (${units} MU × ${hours} h)`, false, p);
    });
    (w.customization ?? []).forEach((x, i) => {
      const p = `${this.at}.customization[${i}]`;
      const ref = this.model(x.model, x.region, `${p}.model`);
      if (x.trainingTokens !== undefined) {
        const epochs = x.epochs === undefined ? Dec.ONE : this.q(x.epochs, `${p}.epochs`);
        this.add(ref.item, 'training-tokens', ref, this.q(x.trainingTokens, `${p}.trainingTokens`).times(epochs), `training tokens (× ${epochs} epochs)`, false, p);
      }
      if (x.trainingImages !== undefined) {
        this.add(ref.item, 'training-images', ref, this.q(x.trainingImages, `${p}.trainingImages`), 'training images seen', false, p);
      }
      if (x.storedModels !== undefined) {
        this.add(ref.item, 'custom-model-storage', ref, this.q(x.storedModels, `${p}.storedModels`), 'custom model storage (models × months)', false, p);
      }
    });
    (w.customModelImport ?? []).forEach((x, i) => {
      const p = `${this.at}.customModelImport[${i}]`;
      const region = this.region(x.region, p);
      const cmus = this.q(x.customModelUnits, `${p}.customModelUnits`);
      let windows: Dec | undefined;
      if (x.activeWindows !== undefined) {
        windows = this.q(x.activeWindows, `${p}.activeWindows`);
      } else if (x.activeMinutes !== undefined) {
        // Billed in whole 5-minute windows.
        windows = Dec.fromBigInt(this.q(x.activeMinutes, `${p}.activeMinutes`).divide(Dec.parse(String(MINUTES_PER_IMPORT_WINDOW)), 0, 'ceil').n);
      }
      if (windows !== undefined) {
        this.add('custom-model-import', 'cmu-minutes', region, cmus.times(windows).times(Dec.parse(String(MINUTES_PER_IMPORT_WINDOW))),
          `custom model units × active 5-minute windows (${cmus} CMU × ${windows} windows × 5 min)`, true, p);
      }
      const stored = x.storedCustomModelUnits === undefined ? cmus : this.q(x.storedCustomModelUnits, `${p}.storedCustomModelUnits`);
      this.add('custom-model-import', 'cmu-storage', region, stored, 'custom model unit storage', false, p);
    });
    (w.rerank ?? []).forEach((x, i) => {
      const p = `${this.at}.rerank[${i}]`;
      const ref = this.model(x.model, x.region, `${p}.model`);
      const perRequest = Math.ceil(x.documentsPerRequest / RERANK_DOCUMENTS_PER_QUERY);
      this.add(ref.item, 'queries', ref, this.q(x.requests, `${p}.requests`).times(Dec.fromBigInt(BigInt(perRequest))),
        `rerank queries (${perRequest} per request of ${x.documentsPerRequest} documents)`, true, p);
    });
    if (w.flows) {
      this.add('flows', 'node-transitions', this.region(w.flows.region, `${this.at}.flows`, true), this.q(w.flows.nodeTransitions, `${this.at}.flows.nodeTransitions`), 'flow node transitions', true, `${this.at}.flows`);
    }
    if (w.structuredRetrieval) {
      const p = `${this.at}.structuredRetrieval`;
      this.add('knowledge-bases.structured-retrieval', 'requests', this.region(w.structuredRetrieval.region, p, true), this.q(w.structuredRetrieval.requests, `${p}.requests`), 'structured retrieval requests', true, p);
    }
    if (w.humanEvaluation) {
      const p = `${this.at}.humanEvaluation`;
      this.add('model-evaluation.human', 'human-tasks', this.region(w.humanEvaluation.region, p, true), this.q(w.humanEvaluation.tasks, `${p}.tasks`), 'human evaluation tasks', false, p);
    }
    if (w.dataAutomation) {
      this.dataAutomation(w.dataAutomation, `${this.at}.dataAutomation`);
    }
    (w.lineItems ?? []).forEach((x, i) => {
      const p = `${this.at}.lineItems[${i}]`;
      const feature = this.catalog.items.get(x.item);
      const ref = feature && feature.kind === 'feature'
        ? { item: feature.key, ...this.region(x.region, p, true) }
        : this.model(x.item, x.region, `${p}.item`);
      if (!this.catalog.meters.has(x.meter)) {
        throw new CostProfilesError({ location: this.location, field: `${p}.meter`, problem: 'is not a known meter', value: x.meter, fix: meterFix(x.meter, this.catalog.meters) });
      }
      this.add(ref.item, x.meter, ref, this.q(x.quantity, `${p}.quantity`), this.catalog.meters.get(x.meter)!.description.toLowerCase(), x.growsWithTraffic ?? true, p);
    });
    return this.lines;
  }

  /** Compares on-demand with provisioned throughput for inference blocks that ask for it; `priced` is `build()`'s lines, priced, in order. */
  public provisionedComparisons(priced: PricedLine[], asOf: string): ProvisionedComparison[] {
    return this.plans.filter(p => p.spec.provisionedThroughput).map(plan => {
      const pt = plan.spec.provisionedThroughput!;
      const commitment: Commitment = pt.commitment ?? '1-month';
      const path = `${plan.path}.provisionedThroughput`;
      const onDemandMonthly = Dec.sum(priced.slice(...plan.onlineLines).map(l => l.cost));
      const base = { path, model: plan.model, region: plan.region, rate: plan.rate, commitment, tokensPerMonth: plan.onlineTokens, onDemandMonthly };
      const price = this.catalog.lookup(plan.item, `provisioned-${commitment}`, plan.region, asOf, plan.rate);
      if (!price) {
        return {
          ...base,
          available: false,
          reason: `the catalog has no ${commitment} provisioned-throughput price for ${plan.model} in ${pricedIn(plan.region, plan.rate)} as of ${asOf}`,
        };
      }
      const perUnit = this.q(pt.tokensPerMinutePerModelUnit, `${path}.tokensPerMinutePerModelUnit`);
      if (perUnit.isZero()) {
        throw new CostProfilesError({ location: this.location, field: `${path}.tokensPerMinutePerModelUnit`, problem: 'must be above 0', value: '0', fix: 'Ask your AWS account team for the throughput of a model unit.' });
      }
      const peak = pt.peakToAverage === undefined ? Dec.ONE : this.q(pt.peakToAverage, `${path}.peakToAverage`);
      const minutes = this.days.times(Dec.parse('1440'));
      const needed = plan.onlineTokens.times(peak).divide(minutes.times(perUnit), 0, 'ceil').n;
      const modelUnits = needed < 1n ? 1n : needed;
      const hours = this.days.times(Dec.parse('24'));
      const provisionedMonthly = Dec.fromBigInt(modelUnits).times(price.unitPrice).times(hours);
      const breakEven = onDemandMonthly.isZero() ? undefined : provisionedMonthly.times(plan.onlineTokens).divide(onDemandMonthly, 0, 'ceil').n;
      return {
        ...base,
        available: true,
        modelUnits,
        hourlyPricePerModelUnit: price.unitPrice,
        provisionedMonthly,
        price,
        cheaper: provisionedMonthly.lt(onDemandMonthly) ? 'provisioned' : 'on-demand',
        breakEvenTokensPerMonth: breakEven,
      };
    });
  }

  private inference(spec: InferenceSpec, p: string): void {
    const ref = this.model(spec.model, spec.region, `${p}.model`);
    if ((spec.requestsPerDay === undefined) === (spec.requestsPerMonth === undefined)) {
      throw new CostProfilesError({
        location: this.location,
        field: p,
        problem: 'needs exactly one of requestsPerDay and requestsPerMonth',
        value: { requestsPerDay: spec.requestsPerDay, requestsPerMonth: spec.requestsPerMonth },
        fix: 'Give one of them.',
      });
    }
    const requests = spec.requestsPerMonth !== undefined
      ? this.q(spec.requestsPerMonth, `${p}.requestsPerMonth`)
      : this.q(spec.requestsPerDay!, `${p}.requestsPerDay`).times(this.days);
    const share = (v: Quantity | undefined, name: string) => {
      const d = v === undefined ? Dec.ZERO : this.q(v, `${p}.${name}`);
      if (d.gt(Dec.ONE)) {
        throw new CostProfilesError({ location: this.location, field: `${p}.${name}`, problem: 'must be between 0 and 1', value: v, fix: 'Write a share as a fraction, e.g. 0.3 for 30%.' });
      }
      return d;
    };
    const cacheRead = share(spec.cacheReadShare, 'cacheReadShare');
    const cacheWrite = share(spec.cacheWriteShare, 'cacheWriteShare');
    if (cacheRead.plus(cacheWrite).gt(Dec.ONE)) {
      throw new CostProfilesError({
        location: this.location,
        field: `${p}.cacheReadShare`,
        problem: 'plus cacheWriteShare is more than 1',
        value: { cacheReadShare: spec.cacheReadShare, cacheWriteShare: spec.cacheWriteShare },
        fix: 'They are shares of the same input tokens; their sum must be ≤ 1.',
      });
    }
    const inTokens = this.q(spec.inputTokensPerRequest, `${p}.inputTokensPerRequest`);
    const outTokens = this.q(spec.outputTokensPerRequest, `${p}.outputTokensPerRequest`);
    const batch = requests.times(share(spec.batchShare, 'batchShare'));
    const online = requests.minus(batch);
    const fast = online.times(share(spec.latencyOptimizedShare, 'latencyOptimizedShare'));
    const standard = online.minus(fast);
    const standardIn = standard.times(inTokens);
    const readTokens = standardIn.times(cacheRead);
    const writeTokens = standardIn.times(cacheWrite);

    const start = this.lines.length;
    this.add(ref.item, 'input-tokens', ref, standardIn.minus(readTokens).minus(writeTokens), 'input tokens', true, p);
    this.add(ref.item, 'cache-read-input-tokens', ref, readTokens, 'cache read input tokens', true, p);
    this.add(ref.item, 'cache-write-input-tokens', ref, writeTokens, 'cache write input tokens', true, p);
    this.add(ref.item, 'output-tokens', ref, standard.times(outTokens), 'output tokens', true, p);
    this.add(ref.item, 'latency-optimized-input-tokens', ref, fast.times(inTokens), 'latency-optimized input tokens', true, p);
    this.add(ref.item, 'latency-optimized-output-tokens', ref, fast.times(outTokens), 'latency-optimized output tokens', true, p);
    const onlineLines: [number, number] = [start, this.lines.length];
    this.add(ref.item, 'batch-input-tokens', ref, batch.times(inTokens), 'batch input tokens', true, p);
    this.add(ref.item, 'batch-output-tokens', ref, batch.times(outTokens), 'batch output tokens', true, p);
    this.plans.push({
      path: p,
      model: spec.model,
      item: ref.item,
      region: ref.region,
      rate: ref.rate,
      spec,
      onlineTokens: online.times(inTokens.plus(outTokens)),
      onlineLines,
    });
  }

  private images(x: NonNullable<WorkloadSpec['images']>[number], p: string): void {
    const ref = this.model(x.model, x.region, `${p}.model`);
    const quality = x.quality ?? 'standard';
    const priced = new Set(this.catalog.metersOf(ref.item));
    const candidates = [x.size ? `image-${quality}-${x.size}` : undefined, `image-${quality}`, 'image'].filter((m): m is string => m !== undefined);
    const meter = candidates.find(m => priced.has(m));
    if (meter === undefined) {
      const sized = [...priced].filter(m => m.startsWith(`image-${quality}-`));
      throw new CostProfilesError({
        location: this.location,
        field: x.size || sized.length === 0 ? `${p}.model` : `${p}.size`,
        value: x.size ?? x.model,
        problem: sized.length > 0 && !x.size ? 'is needed: the model is priced by image size' : `has no ${quality} image price${x.size ? ` for size ${x.size}` : ''}`,
        fix: sized.length > 0 ? `Give size: ${sized.map(m => m.split('-').pop()).join(' or ')}.` : `Priced meters: ${[...priced].join(', ') || 'none'}.`,
      });
    }
    this.add(ref.item, meter, ref, this.q(x.count, `${p}.count`), `images (${meter.replace(/^image-?/, '') || 'any size'})`, true, p);
  }

  private guardrails(x: NonNullable<WorkloadSpec['guardrails']>[number], p: string): void {
    const region = this.region(x.region, p, true);
    let units: Dec;
    if (x.textUnits !== undefined) {
      units = this.q(x.textUnits, `${p}.textUnits`);
    } else if (x.requests !== undefined && (x.inputCharactersPerRequest !== undefined || x.outputCharactersPerRequest !== undefined)) {
      // A text unit holds up to 1,000 characters; input and output are counted separately.
      const unitsOf = (chars: Quantity | undefined, name: string) => chars === undefined ? 0n : this.q(chars, `${p}.${name}`).divide(TEXT_UNIT_CHARACTERS, 0, 'ceil').n;
      const perRequest = unitsOf(x.inputCharactersPerRequest, 'inputCharactersPerRequest') + unitsOf(x.outputCharactersPerRequest, 'outputCharactersPerRequest');
      units = this.q(x.requests, `${p}.requests`).times(Dec.fromBigInt(perRequest));
    } else {
      throw new CostProfilesError({
        location: this.location,
        field: p,
        problem: 'needs textUnits, or requests with inputCharactersPerRequest and/or outputCharactersPerRequest',
        value: x,
        fix: 'Give the monthly text units, or the requests and characters per request.',
      });
    }
    for (const policy of x.policies) {
      this.add(`guardrails.${policy}`, 'text-units', region, units, `guardrail text units: ${policy}`, true, p);
    }
  }

  private dataAutomation(x: NonNullable<WorkloadSpec['dataAutomation']>, p: string): void {
    const region = this.region(x.region, p, true);
    const extraFields = Dec.fromBigInt(BigInt(Math.max(0, (x.blueprintFields ?? 0) - DATA_AUTOMATION_INCLUDED_FIELDS)));
    const item = 'data-automation';
    if (x.customDocumentPages !== undefined) {
      const pages = this.q(x.customDocumentPages, `${p}.customDocumentPages`);
      this.add(item, 'custom-document-pages', region, pages, 'custom output document pages', true, p);
      this.add(item, 'custom-document-extra-field-pages', region, pages.times(extraFields), `custom output fields above ${DATA_AUTOMATION_INCLUDED_FIELDS}, per page`, true, p);
    }
    if (x.customImages !== undefined) {
      const images = this.q(x.customImages, `${p}.customImages`);
      this.add(item, 'custom-images', region, images, 'custom output images', true, p);
      this.add(item, 'custom-image-extra-fields', region, images.times(extraFields), `custom output fields above ${DATA_AUTOMATION_INCLUDED_FIELDS}, per image`, true, p);
    }
    const standard: Array<[Quantity | undefined, string, string]> = [
      [x.standardDocumentPages, 'standard-document-pages', 'standardDocumentPages'],
      [x.standardVideoMinutes, 'standard-video-minutes', 'standardVideoMinutes'],
      [x.standardAudioMinutes, 'standard-audio-minutes', 'standardAudioMinutes'],
    ];
    for (const [value, meter, field] of standard) {
      if (value !== undefined) {
        this.add(item, meter, region, this.q(value, `${p}.${field}`), this.catalog.meters.get(meter)!.description.toLowerCase(), true, p);
      }
    }
  }

  private model(model: string, region: string | undefined, field: string): { item: string } & Where {
    const ref = resolveModelRef(this.catalog, model, region ?? this.w.region, this.location, field);
    return { item: ref.item.key, region: ref.sourceRegion, rate: ref.rate };
  }

  /** Region for an item priced per Region, or '*' when none is given and it may be Region-independent. */
  private region(region: string | undefined, p: string, optional = false): Where {
    const r = region ?? this.w.region;
    if (r === undefined) {
      if (optional) {
        return { region: '*', rate: 'regional' };
      }
      throw new CostProfilesError({ location: this.location, field: `${p}.region`, problem: 'is required', value: r, fix: 'Give region here or on the workload.' });
    }
    return { region: r, rate: 'regional' };
  }

  private q(value: Quantity, field: string): Dec {
    return toDec(value, this.location, field);
  }

  private add(item: string, meter: string, where: Where, quantity: Dec, dimension: string, variable: boolean, path: string): void {
    // Only metered usage needs a price: a zero line (batchShare 0, say) is left out.
    if (!quantity.isZero()) {
      this.lines.push({ item, meter, region: where.region, rate: where.rate, quantity: quantity.normalize(), dimension, variable, path });
    }
  }
}
