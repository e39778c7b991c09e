import { Band, ProfileEntry, StackCostReport } from './report-model';
import { Dec } from '../pricing/decimal';
import { formatUsd, ROUNDING_RULE, sourceText, textTable } from '../pricing/render';
import { staleWarning } from '../pricing/staleness';

const usd = (text: string) => formatUsd(Dec.parse(text));
const sum = (values: string[]) => Dec.sum(values.map(v => Dec.parse(v)));

function model(p: ProfileEntry): string {
  return `${p.geo ? `${p.geo}.` : ''}${p.modelId}`;
}

function tags(t: Record<string, string>): string {
  return Object.entries(t).map(([k, v]) => `${k}=${v}`).join(', ');
}

function thresholds(b: StackCostReport['budgets'][number]): string {
  return b.thresholds.map(t => `${t.notificationType === 'ACTUAL' ? 'actual' : 'forecast'} ${t.thresholdType === 'PERCENTAGE' ? `${t.value}%` : `${t.value} USD`}`).join(', ');
}

/** One stack's report, as markdown (for pull requests) or a plain table. */
export function renderStackReport(report: StackCostReport, format: 'markdown' | 'table'): string {
  const md = format === 'markdown';
  const out: string[] = [];
  const where = `${report.stack.name} (${report.stack.region})`;
  out.push(md ? `## Bedrock cost estimate: ${where}` : `Bedrock cost estimate: ${where}`, '');
  out.push(`USD per month, prices as of ${report.pricesAsOf.join(', ') || '(no forecasts)'}.`, '');

  const rows = report.profiles.map(p => [
    p.path, model(p), p.region, tags(p.tags),
    p.forecast ? usd(p.forecast.low) : '–', p.forecast ? usd(p.forecast.expected) : 'no forecast', p.forecast ? usd(p.forecast.high) : '–',
  ]);
  rows.push([md ? '**Total**' : 'Total', '', '', '', usd(report.total.low), md ? `**${usd(report.total.expected)}**` : usd(report.total.expected), usd(report.total.high)]);
  out.push(textTable(['Profile', 'Model', 'Region', 'Tags', 'Low', 'Expected', 'High'], rows, md, [false, false, false, false, true, true, true]));

  if (report.tagValues.length > 0) {
    const budgetOf = (key: string, value: string) => report.budgets.filter(b => b.attribution !== 'principal' && b.tagKey === key && b.tagValue === value)
      .map(b => usd(b.limitUsd)).join(', ');
    out.push('', md ? '### By cost-allocation tag' : 'By cost-allocation tag', '');
    out.push(textTable(['Tag', 'Profiles', 'Expected', 'Budget limit'], report.tagValues.map(t => [
      `${t.key}=${t.value}`, String(t.profiles.length), usd(t.forecast.expected) + (t.unforecastProfiles ? ` (+${t.unforecastProfiles} without forecast)` : ''),
      budgetOf(t.key, t.value) || '–',
    ]), md, [false, true, true, true]));
  }
  if (report.principalTagValues && report.principalTagValues.length > 0) {
    const budgetOf = (key: string, value: string) => report.budgets.filter(b => b.attribution === 'principal' && b.tagKey === key && b.tagValue === value)
      .map(b => usd(b.limitUsd)).join(', ');
    out.push('', md ? '### By IAM principal tag (`iamPrincipal/<key>`)' : 'By IAM principal tag (iamPrincipal/<key>)', '');
    out.push(textTable(['Tag', 'Principals', 'Profiles called', 'Expected', 'Budget limit'], report.principalTagValues.map(t => [
      `iamPrincipal/${t.key}=${t.value}`,
      String((report.principals ?? []).filter(p => p.tags[t.key] === t.value).reduce((n, p) => n + p.principals.length, 0)),
      String(t.profiles.length),
      usd(t.forecast.expected) + (t.unforecastProfiles ? ` (+${t.unforecastProfiles} without forecast)` : ''),
      budgetOf(t.key, t.value) || '–',
    ]), md, [false, true, true, true, true]));
  }
  if (report.budgets.length > 0) {
    out.push('', md ? '### Budgets' : 'Budgets', '');
    out.push(textTable(['Budget', 'Filter', 'Limit', 'Limit from', 'Thresholds', 'Notifies'], report.budgets.map(b => [
      b.budgetName, b.costFilter, usd(b.limitUsd),
      b.limitSource === 'forecast' ? `forecast + ${Dec.parse(b.headroom ?? '0').times(Dec.parse('100')).toFixed()}%` + (b.plannedLimits ? ', planned by month' : '') : 'fixed',
      thresholds(b), [b.emailSubscribers ? `${b.emailSubscribers} email` : '', b.snsSubscribers ? 'SNS' : ''].filter(Boolean).join(' + '),
    ]), md, [false, false, true, false, false, false]));
  }
  if (report.alarms.length > 0) {
    out.push('', md ? '### Spend alarms' : 'Spend alarms', '');
    out.push(textTable(['Alarm', 'Profile', 'Threshold (USD/hour)', 'Rule'], report.alarms.map(a => [
      a.path, a.profile, usd(a.thresholdUsdPerHour), `${a.rule}; ${a.evaluationPeriods} × ${a.periodMinutes} min`,
    ]), md, [false, false, true, false]));
    out.push('', 'Spend alarms estimate spend from token counts at on-demand prices; the budget is the bill.');
    for (const a of report.alarms.filter(x => x.notCounted !== undefined && x.notCounted.length > 0)) {
      out.push(`${a.path} does not count ${a.notCounted!.join('; ')}.`);
    }
  }
  if (report.shard) {
    const sh = report.shard;
    out.push('', `${md ? '**Shard**' : 'Shard'} ${sh.shard} of target ${sh.target}: ${sh.resources} resources of ${sh.resourceLimit} `
      + `(new teams placed while under ${sh.placementLimit}); teams ${sh.teams.map(t => `${t.name} (${t.services} services)`).join(', ')}.`);
  }
  if (report.sources.length > 0) {
    out.push('', `Prices: ${report.sources.map(s => sourceText(s)).join('; ')}. ${ROUNDING_RULE}`);
  }
  for (const stale of report.stalePrices ?? []) {
    out.push('', `${md ? '**Warning:**' : 'Warning:'} ${staleWarning(stale)}`);
  }
  return out.join('\n') + '\n';
}

/** Several stacks' reports, with a grand total when there is more than one. */
export function renderReports(reports: StackCostReport[], format: 'markdown' | 'table'): string {
  const parts = reports.map(r => renderStackReport(r, format));
  const shards = reports.filter(r => r.shard).map(r => r.shard!);
  if (shards.length > 0) {
    const md = format === 'markdown';
    parts.push([md ? '### Vending shards' : 'Vending shards', '', textTable(
      ['Target', 'Shard', 'Stack', 'Teams', 'Services', 'Resources', 'Limit'],
      shards.map(sh => [sh.target, sh.shard, sh.stackName, String(sh.teams.length), String(sh.teams.reduce((n, t) => n + t.services, 0)),
        String(sh.resources), String(sh.resourceLimit)]),
      md, [false, false, false, true, true, true, true]), ''].join('\n'));
  }
  if (reports.length > 1) {
    const total = bandSum(reports.map(r => r.total));
    const line = `All stacks: ${usd(total.expected)} USD per month expected (low ${usd(total.low)}, high ${usd(total.high)}).`;
    parts.push(format === 'markdown' ? `**${line}**\n` : `${line}\n`);
  }
  return parts.join('\n');
}

function bandSum(bands: Band[]): Band {
  return {
    low: sum(bands.map(b => b.low)).toFixed(),
    expected: sum(bands.map(b => b.expected)).toFixed(),
    high: sum(bands.map(b => b.high)).toFixed(),
  };
}

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

/**
 * A pull-request comment: the headline monthly change and what changed per profile and budget,
 * between two synthesized cloud assemblies.
 */
export function renderDiff(before: StackCostReport[], after: StackCostReport[]): string {
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
      if (!expectedOf(b).eq(expectedOf(a)) || notes.length > 0) {
        changes.push({ key, kind: 'changed', before: b, after: a, notes });
      }
    }
  }
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
      c.kind === 'added' ? 'added' : c.kind === 'removed' ? 'removed' : 'changed',
      `\`${c.key}\``,
      model((c.after ?? c.before)!),
      c.before ? (c.before.forecast ? formatUsd(expectedOf(c.before)) : 'no forecast') : '–',
      c.after ? (c.after.forecast ? formatUsd(expectedOf(c.after)) : 'no forecast') : '–',
      signedUsd(expectedOf(c.after).minus(expectedOf(c.before))),
      c.notes.join('; '),
    ]), true, [false, false, false, true, true, true, false]));
  }

  const oldBudgets = new Map(before.flatMap(r => r.budgets.map(x => [x.path, x] as const)));
  const newBudgets = new Map(after.flatMap(r => r.budgets.map(x => [x.path, x] as const)));
  const budgetRows: string[][] = [];
  for (const key of [...new Set([...oldBudgets.keys(), ...newBudgets.keys()])].sort()) {
    const b = oldBudgets.get(key);
    const a = newBudgets.get(key);
    const limit = (x?: typeof a) => (x ? formatUsd(Dec.parse(x.limitUsd)) : '–');
    const notifications = (x?: typeof a) => (x ? `${thresholds(x)} → ${x.emailSubscribers} email${x.snsSubscribers ? ' + SNS' : ''}` : '');
    if (!b || !a || b.limitUsd !== a.limitUsd || notifications(b) !== notifications(a)) {
      const note = b && a && notifications(b) !== notifications(a) ? 'notifications changed: the budget is replaced' : '';
      budgetRows.push([!b ? 'added' : !a ? 'removed' : 'changed', `\`${key}\``, (a ?? b)!.costFilter, limit(b), limit(a), note]);
    }
  }
  if (budgetRows.length > 0) {
    out.push('', '### Budgets', '', textTable(['', 'Budget', 'Filter', 'Limit before', 'Limit after', 'Notes'], budgetRows, true, [false, false, false, true, true, false]));
  }
  const asOf = [...new Set(after.flatMap(r => r.pricesAsOf))].join(', ');
  out.push('', `<sub>USD per month, expected (the band is in the full report). Prices as of ${asOf || 'n/a'}. Generated by bedrock-cost diff.</sub>`);
  return out.join('\n') + '\n';
}
