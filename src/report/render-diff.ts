import { model, sum, tags, thresholds } from './render-report';
import { ProfileEntry, ReportLine, StackCostReport, StalePriceEntry } from './report-model';
import { Dec } from '../pricing/decimal';
import { formatUsd, textTable } from '../pricing/render';
import { staleWarning } from '../pricing/staleness';

// The pull-request comment of `bedrock-cost diff`: what two synthesized cloud assemblies change.

interface ProfileChange {
  readonly key: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: ProfileEntry;
  readonly after?: ProfileEntry;
  readonly notes: string[];
}

function profiles(reports: StackCostReport[]): Map<string, ProfileEntry> {
  return new Map(reports.flatMap(r => r.profiles.map(p => [p.path, p] as const)));
}

function expectedOf(p?: ProfileEntry): Dec {
  return p?.forecast ? Dec.parse(p.forecast.expected) : Dec.ZERO;
}

function signedUsd(d: Dec): string {
  return `${d.isNegative() ? '−' : d.isZero() ? '±' : '+'}${formatUsd(d.isNegative() ? d.negated() : d)}`;
}

const linesOf = (p: ProfileEntry): ReportLine[] => p.forecast?.lines ?? [];
/** Reports written before tiers and rates were recorded priced every line at Standard, regional. */
const tierOf = (l: ReportLine) => l.tier ?? 'standard';
const rateOf = (l: ReportLine) => l.rate ?? 'regional';

const TIER_ORDER = ['standard', 'flex', 'priority', 'batch', 'latency-optimized', 'reserved'];
const tierRank = (t: string) => (TIER_ORDER.includes(t) ? TIER_ORDER.indexOf(t) : TIER_ORDER.length);

/** The distinct values, Standard first, then in the order of TIER_ORDER (others by name). */
function distinct(values: string[]): string {
  return [...new Set(values)].sort((a, b) => tierRank(a) - tierRank(b) || a.localeCompare(b)).join(', ');
}

/**
 * What changed in how a profile's forecast is priced, beside its amount: the as-of date, the
 * service tiers, the rate (regional or global), and the other lines (cache TTLs, long context,
 * batch, reserved) that appear or go.
 */
function pricingNotes(b: ProfileEntry, a: ProfileEntry): string[] {
  if (!b.forecast || !a.forecast) {
    return b.forecast === a.forecast ? [] : [a.forecast ? 'forecast added' : 'forecast removed'];
  }
  const notes: string[] = [];
  if (b.forecast.asOf !== a.forecast.asOf) {
    notes.push(`prices as of ${b.forecast.asOf} → ${a.forecast.asOf}`);
  }
  const [before, after] = [linesOf(b), linesOf(a)];
  const tiersBefore = distinct(before.map(tierOf));
  const tiersAfter = distinct(after.map(tierOf));
  if (tiersBefore !== tiersAfter) {
    notes.push(`tiers ${tiersBefore || 'none'} → ${tiersAfter || 'none'}`);
  }
  const ratesBefore = distinct(before.map(rateOf));
  const ratesAfter = distinct(after.map(rateOf));
  if (ratesBefore !== ratesAfter && model(b) === model(a)) {
    notes.push(`rate ${ratesBefore || 'none'} → ${ratesAfter || 'none'}`);
  } else if (ratesBefore === ratesAfter) {
    // The same rates overall, but a line priced at the other one: name the line.
    const ratesByLine = (lines: ReportLine[]) => {
      const byLine = new Map<string, string[]>();
      for (const l of lines) {
        const key = `${l.dimension}|${l.meter}|${tierOf(l)}`;
        byLine.set(key, [...byLine.get(key) ?? [], rateOf(l)]);
      }
      return byLine;
    };
    const [wasRates, isRates] = [ratesByLine(before), ratesByLine(after)];
    isRates.forEach((rates, key) => {
      const was = wasRates.get(key);
      if (was !== undefined && distinct(was) !== distinct(rates)) {
        notes.push(`${key.split('|')[0]}: rate ${distinct(was)} → ${distinct(rates)}`);
      }
    });
  }
  // Lines of a tier both sides price: a tier that comes or goes is said above, not line by line.
  const shared = new Set(before.map(tierOf).filter(t => after.some(l => tierOf(l) === t)));
  const dims = (lines: ReportLine[]) => new Set(lines.filter(l => shared.has(tierOf(l))).map(l => l.dimension));
  const [was, is] = [dims(before), dims(after)];
  const added = [...is].filter(d => !was.has(d));
  const removed = [...was].filter(d => !is.has(d));
  if (added.length > 0) {
    notes.push(`now priced: ${added.join(', ')}`);
  }
  if (removed.length > 0) {
    notes.push(`no longer priced: ${removed.join(', ')}`);
  }
  return notes;
}

function profileChanges(before: StackCostReport[], after: StackCostReport[]): ProfileChange[] {
  const old = profiles(before);
  const now = profiles(after);
  const changes: ProfileChange[] = [];
  for (const key of [...new Set([...old.keys(), ...now.keys()])].sort()) {
    const b = old.get(key);
    const a = now.get(key);
    if (!b) {
      changes.push({ key, kind: 'added', after: a, notes: [] });
    } else if (!a) {
      changes.push({ key, kind: 'removed', before: b, notes: [] });
    } else {
      const notes: string[] = [];
      if (model(b) !== model(a)) {
        notes.push(`model ${model(b)} → ${model(a)} (replaces the profile: new ARN)`);
      }
      if (b.region !== a.region) {
        notes.push(`Region ${b.region} → ${a.region}`);
      }
      if (tags(b.tags) !== tags(a.tags)) {
        notes.push(`tags ${tags(b.tags) || 'none'} → ${tags(a.tags) || 'none'}`);
      }
      notes.push(...pricingNotes(b, a));
      if (!expectedOf(b).eq(expectedOf(a)) || notes.length > 0) {
        changes.push({ key, kind: 'changed', before: b, after: a, notes });
      }
    }
  }
  return changes;
}

function budgetRows(before: StackCostReport[], after: StackCostReport[]): string[][] {
  const oldBudgets = new Map(before.flatMap(r => r.budgets.map(x => [x.path, x] as const)));
  const newBudgets = new Map(after.flatMap(r => r.budgets.map(x => [x.path, x] as const)));
  const rows: string[][] = [];
  for (const key of [...new Set([...oldBudgets.keys(), ...newBudgets.keys()])].sort()) {
    const b = oldBudgets.get(key);
    const a = newBudgets.get(key);
    const limit = (x?: typeof a) => (x ? formatUsd(Dec.parse(x.limitUsd)) : '–');
    const notifications = (x?: typeof a) => (x ? `${thresholds(x)} → ${x.emailSubscribers} email${x.snsSubscribers ? ' + SNS' : ''}` : '');
    if (!b || !a || b.limitUsd !== a.limitUsd || notifications(b) !== notifications(a)) {
      const note = b && a && notifications(b) !== notifications(a) ? 'notifications changed: the budget is replaced' : '';
      rows.push([!b ? 'added' : !a ? 'removed' : 'changed', `\`${key}\``, (a ?? b)!.costFilter, limit(b), limit(a), note]);
    }
  }
  return rows;
}

/** The stale-price warnings of the new assembly, each once; "new" when the old one did not have it. */
function staleLines(before: StackCostReport[], after: StackCostReport[]): string[] {
  const key = (s: StalePriceEntry) => `${s.sourceId}|${s.asOf}`;
  const was = new Set(before.flatMap(r => r.stalePrices ?? []).map(key));
  const seen = new Map<string, StalePriceEntry>();
  for (const stale of after.flatMap(r => r.stalePrices ?? [])) {
    seen.set(key(stale), stale);
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([k, stale]) => `**Warning${was.has(k) ? '' : ' (new)'}:** ${staleWarning(stale)}`);
}

/**
 * A pull-request comment: the headline monthly change and what changed per profile and budget,
 * between two synthesized cloud assemblies.
 */
export function renderDiff(before: StackCostReport[], after: StackCostReport[]): string {
  const changes = profileChanges(before, after);
  const totalBefore = sum(before.map(r => r.total.expected));
  const totalAfter = sum(after.map(r => r.total.expected));
  const delta = totalAfter.minus(totalBefore);
  const percent = totalBefore.isZero() ? '' : ` (${delta.isNegative() ? '−' : '+'}${delta.divide(totalBefore, 4, 'half-up').times(Dec.parse('100')).round(1, 'half-up').toFixed(1).replace('-', '')}%)`;

  const out = ['## Bedrock cost change', ''];
  out.push(`**Monthly estimate: ${formatUsd(totalBefore)} → ${formatUsd(totalAfter)} USD, ${signedUsd(delta)}${percent}.**`, '');
  if (changes.length === 0) {
    out.push('No profile changed.');
  } else {
    out.push(textTable(['', 'Profile', 'Model', 'Before', 'After', 'Change', 'Notes'], changes.map(c => [
      c.kind,
      `\`${c.key}\``,
      model((c.after ?? c.before)!),
      c.before ? (c.before.forecast ? formatUsd(expectedOf(c.before)) : 'no forecast') : '–',
      c.after ? (c.after.forecast ? formatUsd(expectedOf(c.after)) : 'no forecast') : '–',
      signedUsd(expectedOf(c.after).minus(expectedOf(c.before))),
      c.notes.join('; '),
    ]), true, [false, false, false, true, true, true, false]));
  }
  const budgets = budgetRows(before, after);
  if (budgets.length > 0) {
    out.push('', '### Budgets', '', textTable(['', 'Budget', 'Filter', 'Limit before', 'Limit after', 'Notes'], budgets, true, [false, false, false, true, true, false]));
  }
  const stale = staleLines(before, after);
  if (stale.length > 0) {
    out.push('', ...stale.flatMap((line, i) => (i === 0 ? [line] : ['', line])));
  }
  const asOf = (reports: StackCostReport[]) => [...new Set(reports.flatMap(r => r.pricesAsOf))].sort().join(', ');
  const was = asOf(before) !== asOf(after) && asOf(before) ? ` (before: ${asOf(before)})` : '';
  out.push('', `<sub>USD per month, expected (the band is in the full report). Prices as of ${asOf(after) || 'n/a'}${was}. Generated by bedrock-cost diff.</sub>`);
  return out.join('\n') + '\n';
}
