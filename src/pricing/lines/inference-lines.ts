import { PriceRow } from '../catalog';
import { Dec } from '../decimal';
import { PricedLine } from '../line-items';
import { RESERVED_MINIMUM_TPM, RESERVED_TERMS, ReservedTerm, reservedMeterId, TOKEN_KINDS, TOKEN_TIERS, tokenMeterId, TokenKind, TokenTier } from '../meters';
import { PriceRate, pricedIn } from '../price-file';
import { Commitment, fieldPath, InferenceSpec, ServiceTierSpec } from '../usage-document';
import { LineSink, Where } from './line-sink';

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
    ? b.q(spec.requestsPerMonth, fieldPath(p, 'requestsPerMonth'))
    : b.q(spec.requestsPerDay!, fieldPath(p, 'requestsPerDay')).times(b.days);
  const cacheRead = b.share(spec.cacheReadShare, p, 'cacheReadShare');
  const cacheWrite = b.share(spec.cacheWriteShare, p, 'cacheWriteShare');
  if (cacheRead.plus(cacheWrite).gt(Dec.ONE)) {
    throw b.error(fieldPath(p, 'cacheReadShare'), 'plus cacheWriteShare is more than 1',
      { cacheReadShare: spec.cacheReadShare, cacheWriteShare: spec.cacheWriteShare },
      'They are shares of the same input tokens; their sum must be ≤ 1.');
  }
  const cacheWrite1h = b.share(spec.cacheWrite1hShare, p, 'cacheWrite1hShare');
  if (cacheRead.plus(cacheWrite).plus(cacheWrite1h).gt(Dec.ONE)) {
    throw b.error(fieldPath(p, 'cacheWrite1hShare'), 'plus cacheReadShare and cacheWriteShare is more than 1',
      { cacheReadShare: spec.cacheReadShare, cacheWriteShare: spec.cacheWriteShare, cacheWrite1hShare: spec.cacheWrite1hShare },
      'They are shares of the same input tokens; their sum must be ≤ 1.');
  }
  const longContext = b.share(spec.longContextShare, p, 'longContextShare');
  const inTokens = b.q(spec.inputTokensPerRequest, fieldPath(p, 'inputTokensPerRequest'));
  const outTokens = b.q(spec.outputTokensPerRequest, fieldPath(p, 'outputTokensPerRequest'));
  const batch = requests.times(b.share(spec.batchShare, p, 'batchShare'));
  const online = requests.minus(batch);
  const fastShare = b.share(spec.latencyOptimizedShare, p, 'latencyOptimizedShare');
  if (spec.serviceTier !== undefined && (typeof spec.serviceTier !== 'object' || spec.serviceTier === null)) {
    throw b.error(fieldPath(p, 'serviceTier'), 'must be an object with flex and/or priority shares', spec.serviceTier, 'Write e.g. { flex: 0.2, priority: 0.1 }.');
  }
  const tiers: ServiceTierSpec = spec.serviceTier ?? {};
  const flexShare = b.share(tiers.flex, p, 'serviceTier.flex');
  const priorityShare = b.share(tiers.priority, p, 'serviceTier.priority');
  const tiered = !flexShare.isZero() || !priorityShare.isZero();
  if (tiered && fastShare.plus(flexShare).plus(priorityShare).gt(Dec.ONE)) {
    throw b.error(fieldPath(p, 'serviceTier'), 'shares plus latencyOptimizedShare are more than 1',
      { flex: tiers.flex, priority: tiers.priority, latencyOptimizedShare: spec.latencyOptimizedShare },
      'They are shares of the same on-demand requests (Standard is the rest); their sum must be ≤ 1.');
  }
  const fast = online.times(fastShare);
  const flex = flexShare.isZero() ? Dec.ZERO : online.times(flexShare);
  const priority = priorityShare.isZero() ? Dec.ZERO : online.times(priorityShare);
  const standard = tiered ? online.minus(fast).minus(flex).minus(priority) : online.minus(fast);
  const cache = { read: cacheRead, write: cacheWrite, write1h: cacheWrite1h };
  const cover = spec.reserved === undefined || spec.reserved === null
    ? NO_COVER
    : addReservation(b, ref, spec, p, standard.times(inTokens).times(Dec.ONE.minus(cacheRead)), standard.times(outTokens));

  const start = b.lines.length;
  const traffic = { ref, longContext, inTokens, outTokens, p };
  addTier(b, traffic, 'standard', standard, cache, cover);
  addTier(b, traffic, 'flex', flex, cache);
  addTier(b, traffic, 'priority', priority, cache);
  addTier(b, traffic, 'latency-optimized', fast, NO_CACHE);
  const onlineLines: [number, number] = [start, b.lines.length];
  addTier(b, traffic, 'batch', batch, NO_CACHE);
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
    const path = fieldPath(plan.path, 'provisionedThroughput');
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

interface Traffic {
  readonly ref: { readonly item: string } & Where;
  readonly longContext: Dec;
  readonly inTokens: Dec;
  readonly outTokens: Dec;
  readonly p: string;
}

const KIND_TEXT: Record<TokenKind, string> = {
  'input-tokens': 'input tokens',
  'cache-read-input-tokens': 'cache read input tokens',
  'cache-write-input-tokens': 'cache write input tokens',
  'cache-write-1h-input-tokens': 'cache write (1 h) input tokens',
  'output-tokens': 'output tokens',
};

/** Batch and latency-optimized requests are priced without the prompt cache. */
const NO_CACHE = { read: Dec.ZERO, write: Dec.ZERO, write1h: Dec.ZERO };

/** The reservation serves nothing (no reserved capacity, or another tier). */
const NO_COVER = { input: Dec.ZERO, output: Dec.ZERO };

type TokenLine = { readonly meter: string; readonly dimension: string };

/** Meter id and breakdown text of each tier, context (0 below the long-context threshold, 1 above) and kind: built once, not per line. */
const tokenLine = (tier: TokenTier, longContext: boolean, kind: TokenKind): TokenLine => ({
  meter: tokenMeterId(kind, tier, longContext),
  dimension: `${tier === 'standard' ? '' : `${tier} `}${longContext ? 'long-context ' : ''}${KIND_TEXT[kind]}`,
});
const TOKEN_LINES = Object.fromEntries(TOKEN_TIERS.map(tier => [tier, [false, true].map(longContext =>
  Object.fromEntries(TOKEN_KINDS.map(kind => [kind, tokenLine(tier, longContext, kind)])) as Record<TokenKind, TokenLine>)],
)) as Record<TokenTier, Array<Record<TokenKind, TokenLine>>>;

/**
 * The token lines of one tier: its requests' input split into plain, cache read and cache writes,
 * and output; requests above the long-context threshold at the long-context meters. `cover` is
 * the share of input and output the reservation serves (Standard only): billed there, not here.
 * Zero shares are skipped rather than multiplied: this runs for every inference block.
 */
function addTier(
  b: LineSink, t: Traffic, tier: TokenTier, requests: Dec, cache: { read: Dec; write: Dec; write1h: Dec },
  cover: { input: Dec; output: Dec } = NO_COVER,
): void {
  if (requests.isZero()) {
    return;
  }
  const long = t.longContext.isZero() ? Dec.ZERO : requests.times(t.longContext);
  addContext(b, t, TOKEN_LINES[tier][0], long.isZero() ? requests : requests.minus(long), cache, cover);
  addContext(b, t, TOKEN_LINES[tier][1], long, cache, cover);
}

function addContext(
  b: LineSink, t: Traffic, lines: Record<TokenKind, TokenLine>, count: Dec,
  cache: { read: Dec; write: Dec; write1h: Dec }, cover: { input: Dec; output: Dec },
): void {
  if (count.isZero()) {
    return;
  }
  const input = count.times(t.inTokens);
  const read = cache.read.isZero() ? Dec.ZERO : input.times(cache.read);
  const write = cache.write.isZero() ? Dec.ZERO : input.times(cache.write);
  const write1h = cache.write1h.isZero() ? Dec.ZERO : input.times(cache.write1h);
  const plain = read.isZero() && write.isZero() && write1h.isZero() ? input : input.minus(read).minus(write).minus(write1h);
  const served = !cover.input.isZero();
  const add = (line: TokenLine, quantity: Dec) => b.add(t.ref.item, line.meter, t.ref, quantity, line.dimension, true, t.p);
  add(lines['input-tokens'], served ? plain.times(Dec.ONE.minus(cover.input)) : plain);
  add(lines['cache-read-input-tokens'], read);
  add(lines['cache-write-input-tokens'], served ? write.times(Dec.ONE.minus(cover.input)) : write);
  add(lines['cache-write-1h-input-tokens'], served ? write1h.times(Dec.ONE.minus(cover.input)) : write1h);
  const output = count.times(t.outTokens);
  add(lines['output-tokens'], cover.output.isZero() ? output : output.times(Dec.ONE.minus(cover.output)));
}

/** Share of the counted tokens a reservation serves, estimated from the month's average. */
const COVER_PLACES = 12;

/**
 * The reservation's fixed monthly lines (TPM-hours: the TPM reserved × the month's hours, priced
 * per TPM-hour as AWS quotes it), and the share of the Standard traffic it serves. Reserved
 * capacity counts input and cache-write tokens (AWS docs, service-tiers-inference), so `countedInput`
 * is the Standard input without cache reads. Overflow is estimated from the month's average tokens
 * per minute (traffic spread evenly over daysPerMonth × 1440 minutes): the reservation serves up to
 * its TPM times the minutes, the rest is billed at Standard. Bursts above the average overflow more.
 */
function addReservation(
  b: LineSink, ref: { readonly item: string } & Where, spec: InferenceSpec, p: string, countedInput: Dec, output: Dec,
): { input: Dec; output: Dec } {
  const r = spec.reserved!;
  const at = fieldPath(p, 'reserved');
  if (typeof r !== 'object' || r === null) {
    throw b.error(at, 'must be an object with inputTokensPerMinute, outputTokensPerMinute and months', r, 'Write e.g. { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 1 }.');
  }
  if (!(RESERVED_TERMS as readonly number[]).includes(r.months)) {
    throw b.error(`${at}.months`, `must be ${RESERVED_TERMS.join(' or ')}`, r.months, 'Reserved capacity is sold for 1- or 3-month terms.');
  }
  const term = r.months as ReservedTerm;
  const inputTpm = b.q(r.inputTokensPerMinute, `${at}.inputTokensPerMinute`);
  const outputTpm = b.q(r.outputTokensPerMinute, `${at}.outputTokensPerMinute`);
  for (const [tpm, minimum, field] of [[inputTpm, RESERVED_MINIMUM_TPM.input, 'inputTokensPerMinute'], [outputTpm, RESERVED_MINIMUM_TPM.output, 'outputTokensPerMinute']] as const) {
    if (tpm.lt(Dec.fromBigInt(BigInt(minimum)))) {
      throw b.error(`${at}.${field}`, `is below the reserved tier's minimum of ${minimum.toLocaleString('en-US')}`, r[field],
        'Reserve at least 100,000 input and 10,000 output tokens per minute (AWS docs, service tiers), or leave reserved out.');
    }
  }
  const minutes = b.days.times(Dec.parse('1440'));
  const hours = b.days.times(Dec.parse('24'));
  const share = (tpm: Dec, tokens: Dec) => (tokens.isZero() ? Dec.ZERO : Dec.ONE.min(tpm.times(minutes).divide(tokens, COVER_PLACES, 'half-up')));
  // AWS prices reserved capacity per TPM per hour: the month's line is TPM × its hours (daysPerMonth × 24).
  const held = `× ${hours.toFixed()} h (${term}-month term)`;
  b.add(ref.item, reservedMeterId('input', term), ref, inputTpm.times(hours), `reserved input TPM ${held}`, false, at);
  b.add(ref.item, reservedMeterId('output', term), ref, outputTpm.times(hours), `reserved output TPM ${held}`, false, at);
  return { input: share(inputTpm, countedInput), output: share(outputTpm, output) };
}
