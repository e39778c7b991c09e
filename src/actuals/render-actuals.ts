import { Actuals, ActualLine } from './actual-costs';
import { Dec } from '../pricing/decimal';
import { formatUsd, textTable } from '../pricing/render';

const money = (d?: Dec) => (d === undefined ? '–' : formatUsd(d));
const percent = (d?: Dec) => (d === undefined ? '–' : `${d.gt(Dec.ZERO) ? '+' : ''}${d.toFixed(1)}%`);

/** What a line's numbers say, in a few words. */
export function lineStatus(line: ActualLine, failOverPercent?: Dec): string {
  if (line.tagKeyStatus === 'inactive') {
    return 'tag key not activated';
  }
  if (line.tagKeyStatus === 'not seen') {
    return 'tag key not seen on billed usage';
  }
  if (line.budgetUsd !== undefined && line.projectedUsd.gt(line.budgetUsd)) {
    return 'over budget';
  }
  if (line.variancePercent === undefined) {
    return line.forecastUsd.isZero() && line.unforecastProfiles > 0 ? 'no forecast' : 'ok';
  }
  if (failOverPercent !== undefined && line.variancePercent.gt(failOverPercent)) {
    return `over forecast by more than ${failOverPercent.toFixed()}%`;
  }
  return line.variancePercent.gt(Dec.ZERO) ? 'over forecast' : 'ok';
}

/** The lines whose projection is over the forecast by more than the threshold. */
export function linesOverThreshold(actuals: Actuals, failOverPercent: Dec): ActualLine[] {
  return actuals.lines.filter(l => l.variancePercent !== undefined && l.variancePercent.gt(failOverPercent));
}

export function renderActuals(actuals: Actuals, format: 'table' | 'markdown', failOverPercent?: Dec): string {
  const md = format === 'markdown';
  const out: string[] = [];
  const span = actuals.complete
    ? `${actuals.month}, the whole month`
    : `${actuals.month}, ${actuals.daysCounted} of ${actuals.daysInMonth} days (to ${actuals.end}, exclusive); projected to the month at that rate`;
  out.push(md ? `## Bedrock forecast vs actual: ${span}` : `Bedrock forecast vs actual: ${span}`, '');
  const header = ['Attribution', 'Tag', 'Profiles', 'Forecast', 'Budget', 'Actual', 'Projected', 'Variance', 'Var %', 'Status'];
  const rows = actuals.lines.map(l => [
    l.attribution,
    `${l.tagKey}=${l.tagValue}`,
    String(l.profiles.length),
    money(l.forecastUsd) + (l.unforecastProfiles > 0 ? ` (+${l.unforecastProfiles} without)` : ''),
    money(l.budgetUsd),
    money(l.actualUsd),
    money(l.projectedUsd),
    money(l.varianceUsd),
    percent(l.variancePercent),
    lineStatus(l, failOverPercent),
  ]);
  out.push(textTable(header, rows, md, [false, false, true, true, true, true, true, true, true, false]));

  const attributed = actuals.profiles.filter(p => p.attributedBy);
  if (actuals.profiles.length > 0) {
    out.push('', md ? '### Per profile' : 'Per profile', '');
    out.push(textTable(['Profile', 'Model', 'Attributed by', 'Forecast', 'Actual', 'Projected', 'Variance'], actuals.profiles.map(p => [
      p.path, p.model, p.attributedBy ? `${p.attributedBy.tagKey}=${p.attributedBy.tagValue}` : 'no tag value of its own',
      money(p.forecastUsd), money(p.actualUsd), money(p.projectedUsd), money(p.varianceUsd),
    ]), md, [false, false, false, true, true, true, true]));
    if (attributed.length < actuals.profiles.length) {
      out.push('', 'A profile shows its own actual only through a tag value no other profile carries.');
    }
  }

  const other = actuals.lines.filter(l => l.otherUsage.length > 0);
  if (other.length > 0) {
    out.push('', md ? '### Other usage under these tags (not Bedrock, not in Actual)' : 'Other usage under these tags (not Bedrock, not in Actual)', '');
    out.push(textTable(['Tag', 'Usage type', 'Cost'], other.flatMap(l => l.otherUsage.map(o => [`${l.tagKey}=${l.tagValue}`, o.usageType, money(o.usd)])), md,
      [false, false, true]));
  }

  const keyNotes = actuals.tagKeys.filter(k => k.status !== 'active').map(k => {
    switch (k.status) {
      case 'inactive': return `${k.costExplorerKey} is not activated as a cost-allocation tag: Cost Explorer shows no cost for it (activate it with CostAllocationTagActivation, in the payer account).`;
      case 'not seen': return `${k.costExplorerKey} has not appeared on billed usage yet (AWS lists a key up to 24 hours after the first tagged, billed call).`;
      default: return `${k.costExplorerKey}: activation not checked (the credentials may not call ce:ListCostAllocationTags).`;
    }
  });
  out.push('');
  out.push(...keyNotes);
  out.push(`UnblendedCost of usage records (credits and refunds not netted)${actuals.estimated ? ', estimated by Cost Explorer for a billing period still open' : ''}. `
    + `Cost Explorer requests made: ${actuals.requests} (each billed at 0.01 USD).`);
  return out.join('\n') + '\n';
}

export function actualsToJson(actuals: Actuals, failOverPercent?: Dec): Record<string, unknown> {
  const s = (d?: Dec) => d?.toFixed();
  return {
    month: actuals.month,
    start: actuals.start,
    end: actuals.end,
    daysCounted: actuals.daysCounted,
    daysInMonth: actuals.daysInMonth,
    complete: actuals.complete,
    estimated: actuals.estimated,
    currency: 'USD',
    lines: actuals.lines.map(l => ({
      attribution: l.attribution,
      tagKey: l.tagKey,
      tagValue: l.tagValue,
      profiles: l.profiles,
      unforecastProfiles: l.unforecastProfiles,
      forecastUsd: s(l.forecastUsd),
      budgetUsd: s(l.budgetUsd),
      budgets: l.budgets,
      actualUsd: s(l.actualUsd),
      projectedUsd: s(l.projectedUsd),
      varianceUsd: s(l.varianceUsd),
      variancePercent: s(l.variancePercent),
      otherUsage: l.otherUsage.map(o => ({ usageType: o.usageType, usd: o.usd.toFixed() })),
      tagKeyStatus: l.tagKeyStatus,
      status: lineStatus(l, failOverPercent),
    })),
    profiles: actuals.profiles.map(p => ({
      stack: p.stack,
      path: p.path,
      model: p.model,
      tags: p.tags,
      attributedBy: p.attributedBy,
      forecastUsd: s(p.forecastUsd),
      actualUsd: s(p.actualUsd),
      projectedUsd: s(p.projectedUsd),
      varianceUsd: s(p.varianceUsd),
    })),
    tagKeys: actuals.tagKeys,
    requests: actuals.requests,
  };
}
