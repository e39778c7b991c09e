import { Dec } from '../pricing/decimal';
import { StackCostReport } from '../report/report-model';

/**
 * What the cost reports plan for a month: one line per cost-allocation tag value, with the
 * forecast of its profiles and the limits of the budgets on it, summed over every stack.
 */

/** Whose tags: resource tags of inference profiles, or tags of the calling IAM principals. */
export type Attribution = 'profile' | 'principal';

export interface PlannedLine {
  readonly attribution: Attribution;
  readonly tagKey: string;
  readonly tagValue: string;
  /** Sum of the monthly expected cost of the profiles with a forecast. */
  readonly forecastUsd: Dec;
  /** Paths of the profiles carrying the tag value. */
  readonly profiles: string[];
  readonly unforecastProfiles: number;
  /** Sum of the limits of the budgets filtering on this tag value, when there is one. */
  readonly budgetUsd?: Dec;
  readonly budgets: string[];
}

/** A profile and the tag values that carry only it (through which its own actual cost is visible). */
export interface PlannedProfile {
  readonly stack: string;
  readonly path: string;
  readonly model: string;
  readonly tags: Record<string, string>;
  readonly forecastUsd?: Dec;
}

const DEPLOY_TIME = '(deploy-time)';
/** svc-2 before svc-10; one collator (localeCompare with options builds one per call). */
const NATURAL = new Intl.Collator('en', { numeric: true });

export function plannedLines(reports: readonly StackCostReport[]): PlannedLine[] {
  const lines = new Map<string, {
    attribution: Attribution;
    tagKey: string;
    tagValue: string;
    forecast: Dec;
    profiles: string[];
    unforecast: number;
    budget?: Dec;
    budgets: string[];
  }>();
  const line = (attribution: Attribution, tagKey: string, tagValue: string) => {
    const id = `${attribution}\u0000${tagKey}\u0000${tagValue}`;
    let entry = lines.get(id);
    if (entry === undefined) {
      entry = { attribution, tagKey, tagValue, forecast: Dec.ZERO, profiles: [], unforecast: 0, budgets: [] };
      lines.set(id, entry);
    }
    return entry;
  };
  for (const report of reports) {
    const views: Array<[Attribution, StackCostReport['tagValues']]> = [['profile', report.tagValues], ['principal', report.principalTagValues ?? []]];
    for (const [attribution, values] of views) {
      for (const t of values) {
        if (t.key === DEPLOY_TIME || t.value === DEPLOY_TIME) {
          continue;
        }
        const entry = line(attribution, t.key, t.value);
        entry.forecast = entry.forecast.plus(Dec.parse(t.forecast.expected));
        entry.profiles.push(...t.profiles);
        entry.unforecast += t.unforecastProfiles;
      }
    }
    for (const b of report.budgets) {
      if (b.tagKey === DEPLOY_TIME || b.tagValue === DEPLOY_TIME) {
        continue;
      }
      const entry = line(b.attribution ?? 'profile', b.tagKey, b.tagValue);
      entry.budget = (entry.budget ?? Dec.ZERO).plus(Dec.parse(b.limitUsd));
      entry.budgets.push(b.budgetName);
    }
  }
  return [...lines.values()]
    .map(e => ({
      attribution: e.attribution,
      tagKey: e.tagKey,
      tagValue: e.tagValue,
      forecastUsd: e.forecast,
      profiles: e.profiles,
      unforecastProfiles: e.unforecast,
      budgetUsd: e.budget,
      budgets: e.budgets,
    }))
    .sort((a, b) => NATURAL.compare(a.attribution, b.attribution) || NATURAL.compare(a.tagKey, b.tagKey) || NATURAL.compare(a.tagValue, b.tagValue));
}

export function plannedProfiles(reports: readonly StackCostReport[]): PlannedProfile[] {
  return reports.flatMap(report => report.profiles.map(p => ({
    stack: report.stack.name,
    path: p.path,
    model: `${p.geo ? `${p.geo}.` : ''}${p.modelId}`,
    tags: p.tags,
    forecastUsd: p.forecast ? Dec.parse(p.forecast.expected) : undefined,
  })));
}
