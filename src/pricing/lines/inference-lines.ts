import { PriceRow } from '../catalog';
import { Dec } from '../decimal';
import { PricedLine } from '../line-items';
import { PriceRate, pricedIn } from '../price-file';
import { Commitment, InferenceSpec } from '../usage-document';
import { LineSink } from './line-sink';

/** One inference block, for the comparisons made after pricing. */
export interface InferencePlan {
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

/** Token traffic to one model: the lines of each tier and kind of token. */
export function addInference(b: LineSink, spec: InferenceSpec, p: string): InferencePlan {
  const names = b.ctx.names;
  const ref = b.model(spec.model, spec.region, names.model(p), names.region(p));
  if ((spec.requestsPerDay === undefined) === (spec.requestsPerMonth === undefined)) {
    throw b.error(p, 'needs exactly one of requestsPerDay and requestsPerMonth',
      { requestsPerDay: spec.requestsPerDay, requestsPerMonth: spec.requestsPerMonth }, 'Give one of them.');
  }
  const requests = spec.requestsPerMonth !== undefined
    ? b.q(spec.requestsPerMonth, `${p}.requestsPerMonth`)
    : b.q(spec.requestsPerDay!, `${p}.requestsPerDay`).times(b.days);
  const cacheRead = b.share(spec.cacheReadShare, `${p}.cacheReadShare`);
  const cacheWrite = b.share(spec.cacheWriteShare, `${p}.cacheWriteShare`);
  if (cacheRead.plus(cacheWrite).gt(Dec.ONE)) {
    throw b.error(`${p}.cacheReadShare`, 'plus cacheWriteShare is more than 1',
      { cacheReadShare: spec.cacheReadShare, cacheWriteShare: spec.cacheWriteShare },
      'They are shares of the same input tokens; their sum must be ≤ 1.');
  }
  const inTokens = b.q(spec.inputTokensPerRequest, `${p}.inputTokensPerRequest`);
  const outTokens = b.q(spec.outputTokensPerRequest, `${p}.outputTokensPerRequest`);
  const batch = requests.times(b.share(spec.batchShare, `${p}.batchShare`));
  const online = requests.minus(batch);
  const fast = online.times(b.share(spec.latencyOptimizedShare, `${p}.latencyOptimizedShare`));
  const standard = online.minus(fast);
  const standardIn = standard.times(inTokens);
  const readTokens = standardIn.times(cacheRead);
  const writeTokens = standardIn.times(cacheWrite);

  const start = b.lines.length;
  b.add(ref.item, 'input-tokens', ref, standardIn.minus(readTokens).minus(writeTokens), 'input tokens', true, p);
  b.add(ref.item, 'cache-read-input-tokens', ref, readTokens, 'cache read input tokens', true, p);
  b.add(ref.item, 'cache-write-input-tokens', ref, writeTokens, 'cache write input tokens', true, p);
  b.add(ref.item, 'output-tokens', ref, standard.times(outTokens), 'output tokens', true, p);
  b.add(ref.item, 'latency-optimized-input-tokens', ref, fast.times(inTokens), 'latency-optimized input tokens', true, p);
  b.add(ref.item, 'latency-optimized-output-tokens', ref, fast.times(outTokens), 'latency-optimized output tokens', true, p);
  const onlineLines: [number, number] = [start, b.lines.length];
  b.add(ref.item, 'batch-input-tokens', ref, batch.times(inTokens), 'batch input tokens', true, p);
  b.add(ref.item, 'batch-output-tokens', ref, batch.times(outTokens), 'batch output tokens', true, p);
  return {
    path: p,
    model: spec.model,
    item: ref.item,
    region: ref.region,
    rate: ref.rate,
    spec,
    onlineTokens: online.times(inTokens.plus(outTokens)),
    onlineLines,
  };
}

/** Compares on-demand with provisioned throughput for inference blocks that ask for it; `priced` is the workload's lines, priced, in order. */
export function provisionedComparisons(b: LineSink, plans: InferencePlan[], priced: PricedLine[], asOf: string): ProvisionedComparison[] {
  return plans.filter(p => p.spec.provisionedThroughput).map(plan => {
    const pt = plan.spec.provisionedThroughput!;
    const commitment: Commitment = pt.commitment ?? '1-month';
    const path = `${plan.path}.provisionedThroughput`;
    const onDemandMonthly = Dec.sum(priced.slice(...plan.onlineLines).map(l => l.cost));
    const base = { path, model: plan.model, region: plan.region, rate: plan.rate, commitment, tokensPerMonth: plan.onlineTokens, onDemandMonthly };
    const price = b.catalog.lookup(plan.item, `provisioned-${commitment}`, plan.region, asOf, plan.rate);
    if (!price) {
      return {
        ...base,
        available: false,
        reason: `the catalog has no ${commitment} provisioned-throughput price for ${plan.model} in ${pricedIn(plan.region, plan.rate)} as of ${asOf}`,
      };
    }
    const perUnit = b.q(pt.tokensPerMinutePerModelUnit, `${path}.tokensPerMinutePerModelUnit`);
    if (perUnit.isZero()) {
      throw b.error(`${path}.tokensPerMinutePerModelUnit`, 'must be above 0', '0', 'Ask your AWS account team for the throughput of a model unit.');
    }
    const peak = pt.peakToAverage === undefined ? Dec.ONE : b.q(pt.peakToAverage, `${path}.peakToAverage`);
    const minutes = b.days.times(Dec.parse('1440'));
    const needed = plan.onlineTokens.times(peak).divide(minutes.times(perUnit), 0, 'ceil').n;
    const modelUnits = needed < 1n ? 1n : needed;
    const hours = b.days.times(Dec.parse('24'));
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
