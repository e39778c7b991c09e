import { Band, ProfileEntry, StackCostReport } from './report-model';
import { Dec } from '../pricing/decimal';
import { formatUsd, ROUNDING_RULE, sourceText, textTable } from '../pricing/render';
import { staleWarning } from '../pricing/staleness';

const usd = (text: string) => formatUsd(Dec.parse(text));
export const sum = (values: string[]) => Dec.sum(values.map(v => Dec.parse(v)));

/** The model a profile calls, with its cross-Region prefix. */
export function model(p: ProfileEntry): string {
  return `${p.geo ? `${p.geo}.` : ''}${p.modelId}`;
}

export function tags(t: Record<string, string>): string {
  return Object.entries(t).map(([k, v]) => `${k}=${v}`).join(', ');
}

export function thresholds(b: StackCostReport['budgets'][number]): string {
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
