import { ReadResult, UsageGroup } from './invocation-log-reader';
import { parseProfileArn, ProfileDirectory, ProfileInfo } from './profile-directory';
import { CostProfilesError } from '../core/errors';
import { ownValue } from '../core/records';
import { Catalog, PriceRow } from '../pricing/catalog';
import { Dec } from '../pricing/decimal';
import { ModelRef, resolveModelRef } from '../pricing/model-ref';

/** Invocation-log token fields and the meters that price them. */
const METERS = [
  ['inputTokens', 'input-tokens'],
  ['cacheReadInputTokens', 'cache-read-input-tokens'],
  ['cacheWriteInputTokens', 'cache-write-input-tokens'],
  ['outputTokens', 'output-tokens'],
] as const;

type TokenField = typeof METERS[number][0];
type TokenSums = Record<TokenField | 'calls', bigint>;

const zeroSums = (): TokenSums => ({ calls: 0n, inputTokens: 0n, cacheReadInputTokens: 0n, cacheWriteInputTokens: 0n, outputTokens: 0n });

export interface Tokens {
  readonly calls: bigint;
  readonly inputTokens: bigint;
  readonly cacheReadInputTokens: bigint;
  readonly cacheWriteInputTokens: bigint;
  readonly outputTokens: bigint;
}

export interface CallerCost extends Tokens {
  readonly caller: string;
  /** Undefined when the line is unpriced. */
  readonly cost?: Dec;
}

/** One profile, or one model called directly (not through a profile). */
export interface ChargebackLine extends Tokens {
  /** The modelId the logs show: a profile ARN, or a model id / system profile for direct calls. */
  readonly modelId: string;
  readonly kind: 'profile' | 'direct';
  readonly name: string;
  /** What was priced (model id with geography prefix). */
  readonly model?: string;
  /** Where it was priced: the source Region, or e.g. "global rate from us-east-1". */
  readonly pricingRegion?: string;
  readonly tags: Record<string, string>;
  readonly cost?: Dec;
  /** Why there is no cost. */
  readonly unpriced?: string;
  readonly prices: PriceRow[];
  readonly callers: CallerCost[];
}

export interface TagCost {
  readonly key: string;
  readonly value: string;
  readonly cost: Dec;
  readonly calls: bigint;
  readonly profiles: string[];
  /** Profiles with this tag whose cost is unknown (not in `cost`). */
  readonly unpricedProfiles: number;
}

/** Cost per value of one `requestMetadata` key, over every record (profile or direct call). */
export interface MetadataCost extends Tokens {
  readonly key: string;
  /** The value; null for the records without the key (shown as "(none)"). */
  readonly value: string | null;
  /** The priced calls' cost. */
  readonly cost: Dec;
  /** Calls whose cost is unknown (not in `cost`). */
  readonly unpricedCalls: bigint;
}

export interface Chargeback {
  readonly from?: string;
  readonly to?: string;
  readonly files: number;
  readonly records: number;
  readonly malformed: number;
  readonly malformedExamples: ReadResult['malformedExamples'];
  readonly ignored: number;
  readonly profiles: ChargebackLine[];
  readonly direct: ChargebackLine[];
  readonly tags: TagCost[];
  /** The `requestMetadata` keys grouped by, in the order asked. */
  readonly metadataKeys: string[];
  /** Cost per key and value: for each key, the values' costs sum to `total`. */
  readonly metadata: MetadataCost[];
  /** Every priced line. */
  readonly total: Dec;
  /** Calls whose cost is unknown. */
  readonly unpricedCalls: bigint;
  /** The price dates used. */
  readonly pricesAsOf: string[];
  /** The one date every record was priced at, when `asOf` was given. */
  readonly asOf?: string;
}

export interface ChargebackOptions {
  readonly catalog: Catalog;
  readonly directory: ProfileDirectory;
  /** Price every record at this date's prices, instead of each record's own day. */
  readonly asOf?: string;
  /** The `requestMetadata` keys the groups were read with (their `metadata`, in order). */
  readonly metadataKeys?: readonly string[];
}

interface Target {
  readonly kind: 'profile' | 'direct';
  readonly name: string;
  readonly model?: string;
  readonly region?: string;
  readonly tags: Record<string, string>;
  readonly unpriced?: string;
  readonly info?: ProfileInfo;
}

/**
 * Prices summed invocation-log usage exactly: each (model, Region, day) group's integer token
 * counts times the catalog's prices in effect that day (or `asOf`), summed per profile, per
 * caller, per cost-allocation tag value and per value of the `requestMetadata` keys asked for.
 */
export function chargeback(read: ReadResult, options: ChargebackOptions): Chargeback {
  const metadataKeys = [...(options.metadataKeys ?? [])];
  const groupCosts: GroupCost[] = [];
  const lines = new Map<string, LineBuilder>();
  const priceDates = new Set<string>();
  const targets = new Map<string, Target>();
  for (const group of read.groups) {
    const targetKey = `${group.modelId}\t${parseProfileArn(group.modelId) ? '' : group.region}`;
    let target = targets.get(targetKey);
    if (target === undefined) {
      target = targetOf(group, options);
      targets.set(targetKey, target);
    }
    let line = lines.get(targetKey);
    if (line === undefined) {
      line = new LineBuilder(group.modelId, target);
      lines.set(targetKey, line);
    }
    const cost = line.add(group, options, priceDates);
    if (metadataKeys.length > 0) {
      groupCosts.push({ group, line, cost });
    }
  }
  const built = [...lines.values()].map(l => l.build());
  const profiles = built.filter(l => l.kind === 'profile').sort(byCostThenName);
  const direct = built.filter(l => l.kind === 'direct').sort(byCostThenName);
  const days = read.groups.map(g => g.day).sort();
  return {
    from: days[0],
    to: days[days.length - 1],
    files: read.files,
    records: read.records,
    malformed: read.malformed,
    malformedExamples: read.malformedExamples,
    ignored: read.ignored,
    profiles,
    direct,
    tags: tagCosts(profiles),
    metadataKeys,
    metadata: metadataCosts(metadataKeys, groupCosts),
    total: built.reduce((sum, l) => (l.cost ? sum.plus(l.cost) : sum), Dec.ZERO),
    unpricedCalls: built.reduce((sum, l) => (l.cost ? sum : sum + l.calls), 0n),
    pricesAsOf: [...priceDates].sort(),
    asOf: options.asOf,
  };
}

function targetOf(group: UsageGroup, options: ChargebackOptions): Target {
  if (parseProfileArn(group.modelId)) {
    const info = options.directory.lookup(group.modelId);
    const name = info.name ?? info.id;
    if (info.model === undefined) {
      return { kind: 'profile', name, tags: info.tags, info, unpriced: `unknown model: ${info.unknownModelReason}` };
    }
    return { kind: 'profile', name, model: info.model, region: info.region, tags: info.tags, info };
  }
  return { kind: 'direct', name: group.modelId, model: group.modelId, region: group.region || undefined, tags: {} };
}

class LineBuilder {
  private readonly sums = zeroSums();
  private readonly callers = new Map<string, { sums: TokenSums; cost: Dec }>();
  private cost = Dec.ZERO;
  private unpriced?: string;
  private pricingRegion?: string;
  private readonly prices = new Map<string, PriceRow>();
  private ref?: ModelRef;

  constructor(private readonly modelId: string, private readonly target: Target) {
    this.unpriced = target.unpriced;
  }

  /** Whether every group added so far was priced (the line's cost is known). */
  public get isPriced(): boolean {
    return this.unpriced === undefined;
  }

  /** Adds a group's tokens; returns its cost, or undefined when it (or the line) is unpriced. */
  public add(group: UsageGroup, options: ChargebackOptions, priceDates: Set<string>): Dec | undefined {
    let caller = this.callers.get(group.caller);
    if (caller === undefined) {
      caller = { sums: zeroSums(), cost: Dec.ZERO };
      this.callers.set(group.caller, caller);
    }
    this.sums.calls += BigInt(group.calls);
    caller.sums.calls += BigInt(group.calls);
    for (const [field] of METERS) {
      this.sums[field] += BigInt(group[field]);
      caller.sums[field] += BigInt(group[field]);
    }
    if (this.unpriced !== undefined) {
      return undefined;
    }
    const asOf = options.asOf ?? group.day;
    try {
      const ref = this.ref ?? resolveModelRef(options.catalog, this.target.model, this.target.region, this.modelId, 'modelId');
      this.ref = ref;
      this.pricingRegion = ref.pricedIn;
      let groupCost = Dec.ZERO;
      for (const [field, meter] of METERS) {
        if (group[field] === 0) {
          continue;
        }
        const row = options.catalog.lookup(ref.item.key, meter, ref.sourceRegion, asOf, ref.rate);
        if (row === undefined) {
          const name = ref.item.name;
          throw new CostProfilesError({
            location: this.modelId,
            field: meter,
            problem: `${name} has no "${meter}" price in ${ref.pricedIn} on ${asOf}`,
            fix: 'Add the price with --prices, or price at another date with --as-of.',
          });
        }
        this.prices.set(`${row.source.id}:${row.line ?? ''}:${meter}:${row.source.effectiveDate}`, row);
        priceDates.add(row.source.effectiveDate);
        groupCost = groupCost.plus(Dec.fromBigInt(BigInt(group[field])).times(row.unitPrice));
      }
      this.cost = this.cost.plus(groupCost);
      caller.cost = caller.cost.plus(groupCost);
      return groupCost;
    } catch (e) {
      if (!(e instanceof CostProfilesError)) {
        throw e;
      }
      this.unpriced = e.problem;
      return undefined;
    }
  }

  public build(): ChargebackLine {
    const priced = this.unpriced === undefined;
    return {
      modelId: this.modelId,
      kind: this.target.kind,
      name: this.target.name,
      model: this.target.model,
      pricingRegion: priced ? this.pricingRegion : undefined,
      tags: this.target.tags,
      cost: priced ? this.cost : undefined,
      unpriced: this.unpriced,
      prices: [...this.prices.values()],
      ...this.sums,
      callers: [...this.callers.entries()]
        .map(([caller, c]) => ({ caller, ...c.sums, cost: priced ? c.cost : undefined }))
        .sort((a, b) => (b.cost && a.cost ? b.cost.compare(a.cost) : 0) || Number(b.outputTokens + b.inputTokens - a.outputTokens - a.inputTokens)
          || a.caller.localeCompare(b.caller)),
    };
  }
}

function byCostThenName(a: ChargebackLine, b: ChargebackLine): number {
  const ca = a.cost ?? Dec.ZERO;
  const cb = b.cost ?? Dec.ZERO;
  return cb.compare(ca) || a.name.localeCompare(b.name);
}

function tagCosts(profiles: ChargebackLine[]): TagCost[] {
  const keys = [...new Set(profiles.flatMap(p => Object.keys(p.tags)))].sort();
  const result: TagCost[] = [];
  for (const key of keys) {
    const byValue = new Map<string, ChargebackLine[]>();
    for (const p of profiles) {
      const value = ownValue(p.tags, key) ?? '(untagged)';
      byValue.set(value, [...(byValue.get(value) ?? []), p]);
    }
    for (const [value, members] of [...byValue.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
      result.push({
        key,
        value,
        cost: members.reduce((sum, p) => (p.cost ? sum.plus(p.cost) : sum), Dec.ZERO),
        calls: members.reduce((sum, p) => sum + p.calls, 0n),
        profiles: members.map(p => p.name),
        unpricedProfiles: members.filter(p => p.cost === undefined).length,
      });
    }
  }
  return result;
}

interface GroupCost {
  readonly group: UsageGroup;
  readonly line: LineBuilder;
  readonly cost?: Dec;
}

/**
 * Sums per value of each metadata key. A group counts as priced only if its whole line is, as
 * in the per-profile view, so each key's values add up to the total.
 */
function metadataCosts(keys: string[], groups: GroupCost[]): MetadataCost[] {
  return keys.flatMap((key, k) => {
    const byValue = new Map<string | null, { sums: TokenSums; cost: Dec; unpricedCalls: bigint }>();
    for (const { group, line, cost } of groups) {
      const value = group.metadata[k] ?? null;
      let acc = byValue.get(value);
      if (acc === undefined) {
        acc = { sums: zeroSums(), cost: Dec.ZERO, unpricedCalls: 0n };
        byValue.set(value, acc);
      }
      acc.sums.calls += BigInt(group.calls);
      for (const [field] of METERS) {
        acc.sums[field] += BigInt(group[field]);
      }
      if (cost !== undefined && line.isPriced) {
        acc.cost = acc.cost.plus(cost);
      } else {
        acc.unpricedCalls += BigInt(group.calls);
      }
    }
    return [...byValue.entries()]
      .map(([value, acc]) => ({ key, value, ...acc.sums, cost: acc.cost, unpricedCalls: acc.unpricedCalls }))
      .sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || b.cost.compare(a.cost) || (a.value ?? '').localeCompare(b.value ?? ''));
  });
}
