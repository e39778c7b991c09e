import {
  CostExplorerClient, Expression, GetCostAndUsageCommand, GetCostAndUsageCommandOutput, ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { Attribution, PlannedLine, PlannedProfile } from './planned-lines';
import { AwsCallContext, explainAwsError } from '../core/aws-errors';
import { CostProfilesError } from '../core/errors';
import { Dec } from '../pricing/decimal';
import { parseBilledUsd } from '../pricing/usd-amount';

/**
 * Forecast vs billed cost per cost-allocation tag value, from Cost Explorer's GetCostAndUsage:
 * one query per tag key (grouped by the key and by usage type, usage records only), the
 * Bedrock usage types summed as the actual, anything else billed under the same tags shown
 * apart, never dropped.
 */

/** Cost Explorer tag keys: a resource tag by its own key, an IAM principal tag as `iamPrincipal/<key>`. */
export const PRINCIPAL_TAG_PREFIX = 'iamPrincipal/';

/**
 * Usage types Bedrock bills: token meters (`USE1-NovaPro-input-tokens`,
 * `USE1-MP:USE1_InputTokenCount-Units`, cache read/write, batch, flex, priority, global),
 * provisioned model units and reserved tokens-per-minute. Not the service name: third-party
 * models bill under their own Marketplace service names.
 */
const BEDROCK_USAGE_TYPE = /token|modelunit|-tpm|_tpm/i;

export function isBedrockUsageType(usageType: string): boolean {
  return BEDROCK_USAGE_TYPE.test(usageType);
}

export type TagKeyStatus = 'active' | 'inactive' | 'not seen' | 'not checked';

export interface TagKeyCheck {
  readonly attribution: Attribution;
  readonly tagKey: string;
  /** The key as Cost Explorer names it. */
  readonly costExplorerKey: string;
  readonly status: TagKeyStatus;
}

export interface ActualLine extends PlannedLine {
  /** Bedrock usage billed to the tag value so far in the month. */
  readonly actualUsd: Dec;
  /** Other usage billed under the same tag value (not Bedrock), per usage type. */
  readonly otherUsage: Array<{ usageType: string; usd: Dec }>;
  /** The month's actual extrapolated from the days so far (the actual itself for a complete month). */
  readonly projectedUsd: Dec;
  /** Projected minus forecast. */
  readonly varianceUsd: Dec;
  /** Variance as a percentage of the forecast, one decimal; undefined without a forecast. */
  readonly variancePercent?: Dec;
  readonly tagKeyStatus: TagKeyStatus;
}

export interface ActualProfile extends PlannedProfile {
  /** The tag value that carries this profile alone, whose actual is the profile's. */
  readonly attributedBy?: { tagKey: string; tagValue: string };
  readonly actualUsd?: Dec;
  readonly projectedUsd?: Dec;
  readonly varianceUsd?: Dec;
}

export interface Actuals {
  readonly month: string;
  /** First day of the month (inclusive) and the day after the last day counted (exclusive). */
  readonly start: string;
  readonly end: string;
  readonly daysCounted: number;
  readonly daysInMonth: number;
  readonly complete: boolean;
  /** Cost Explorer marks amounts of an unfinished billing period as estimated. */
  readonly estimated: boolean;
  readonly lines: ActualLine[];
  readonly profiles: ActualProfile[];
  readonly tagKeys: TagKeyCheck[];
  /** API calls made (each Cost Explorer request is billed). */
  readonly requests: number;
}

export interface ActualsOptions {
  readonly client: CostExplorerClient;
  /** YYYY-MM. */
  readonly month: string;
  /** Count spend up to this day, exclusive (YYYY-MM-DD, UTC). */
  readonly asOf: string;
}

const HUNDRED = Dec.parse('100');

export async function actualCosts(lines: PlannedLine[], profiles: PlannedProfile[], options: ActualsOptions): Promise<Actuals> {
  const period = periodOf(options.month, options.asOf);
  const keys = [...new Map(lines.map(l => [`${l.attribution}\u0000${l.tagKey}`, { attribution: l.attribution, tagKey: l.tagKey }])).values()];
  const counter = { requests: 0 };
  const statuses = await tagKeyStatuses(options.client, keys.map(k => costExplorerKey(k.attribution, k.tagKey)), counter);
  const billed = new Map<string, Map<string, Dec>>();
  let estimated = false;
  if (period.daysCounted > 0) {
    for (const k of keys) {
      const result = await billedByTagValue(options.client, costExplorerKey(k.attribution, k.tagKey), period, counter);
      estimated ||= result.estimated;
      for (const [value, usage] of result.byValue) {
        billed.set(`${k.attribution}\u0000${k.tagKey}\u0000${value}`, usage);
      }
    }
  }
  const actualLines = lines.map(line => {
    const usage = billed.get(`${line.attribution}\u0000${line.tagKey}\u0000${line.tagValue}`) ?? new Map<string, Dec>();
    const bedrock = [...usage].filter(([type]) => isBedrockUsageType(type));
    const other = [...usage].filter(([type]) => !isBedrockUsageType(type)).map(([usageType, usd]) => ({ usageType, usd }));
    const actualUsd = Dec.sum(bedrock.map(([, usd]) => usd));
    const projectedUsd = project(actualUsd, period);
    const varianceUsd = projectedUsd.minus(line.forecastUsd);
    return {
      ...line,
      actualUsd,
      otherUsage: other.sort((a, b) => b.usd.compare(a.usd) || a.usageType.localeCompare(b.usageType)),
      projectedUsd,
      varianceUsd,
      variancePercent: line.forecastUsd.gt(Dec.ZERO) ? varianceUsd.times(HUNDRED).divide(line.forecastUsd, 1, 'half-up') : undefined,
      tagKeyStatus: statuses.get(costExplorerKey(line.attribution, line.tagKey)) ?? 'not checked',
    };
  });
  return {
    month: options.month,
    start: period.start,
    end: period.end,
    daysCounted: period.daysCounted,
    daysInMonth: period.daysInMonth,
    complete: period.daysCounted === period.daysInMonth,
    estimated,
    lines: actualLines,
    profiles: attributeProfiles(profiles, actualLines),
    tagKeys: keys.map(k => ({ ...k, costExplorerKey: costExplorerKey(k.attribution, k.tagKey), status: statuses.get(costExplorerKey(k.attribution, k.tagKey)) ?? 'not checked' })),
    requests: counter.requests,
  };
}

export function costExplorerKey(attribution: Attribution, tagKey: string): string {
  return attribution === 'principal' ? `${PRINCIPAL_TAG_PREFIX}${tagKey}` : tagKey;
}

interface Period {
  readonly start: string;
  readonly end: string;
  readonly daysCounted: number;
  readonly daysInMonth: number;
  /** The two as decimals, made once (the projection divides by them for every line). */
  readonly counted: Dec;
  readonly inMonth: Dec;
}

const DAY_MS = 86_400_000;

function periodOf(month: string, asOf: string): Period {
  const [year, m] = month.split('-').map(Number);
  const startMs = Date.UTC(year, m - 1, 1);
  const nextMs = Date.UTC(year, m, 1);
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  if (asOfMs <= startMs) {
    throw new CostProfilesError({
      location: 'actuals',
      field: 'month',
      problem: `has not begun on ${asOf}: there is no billed cost to compare yet`,
      value: month,
      fix: 'Give a month that has started (YYYY-MM), or omit --month for the current one.',
    });
  }
  const endMs = Math.min(nextMs, asOfMs);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const days = (ms: number) => Math.round(ms / DAY_MS);
  const daysCounted = days(endMs - startMs);
  const daysInMonth = days(nextMs - startMs);
  return {
    start: iso(startMs), end: iso(endMs), daysCounted, daysInMonth, counted: Dec.fromNumber(daysCounted), inMonth: Dec.fromNumber(daysInMonth),
  };
}

/** The month's cost at the rate of the days counted so far, to the cent. */
function project(actual: Dec, period: Period): Dec {
  if (period.daysCounted === period.daysInMonth || period.daysCounted === 0) {
    return actual;
  }
  return actual.times(period.inMonth).divide(period.counted, 2, 'half-up');
}

async function tagKeyStatuses(client: CostExplorerClient, keys: string[], counter: { requests: number }): Promise<Map<string, TagKeyStatus>> {
  const statuses = new Map<string, TagKeyStatus>(keys.map(k => [k, 'not seen']));
  try {
    // At most 100 keys a request (ListCostAllocationTags TagKeys).
    for (let i = 0; i < keys.length; i += 100) {
      let token: string | undefined;
      do {
        counter.requests++;
        const page = await client.send(new ListCostAllocationTagsCommand({ TagKeys: keys.slice(i, i + 100), NextToken: token, MaxResults: 1000 }));
        for (const tag of page.CostAllocationTags ?? []) {
          if (tag.TagKey !== undefined && statuses.has(tag.TagKey)) {
            statuses.set(tag.TagKey, tag.Status === 'Active' ? 'active' : 'inactive');
          }
        }
        token = page.NextToken;
      } while (token);
    }
  } catch (e) {
    if ((e as Error).name !== 'AccessDeniedException') {
      throw explain(e as Error);
    }
    // The caller may read costs but not the tag settings: say so, do not fail.
    return new Map(keys.map(k => [k, 'not checked']));
  }
  return statuses;
}

async function billedByTagValue(client: CostExplorerClient, key: string, period: Period, counter: { requests: number })
  : Promise<{ byValue: Map<string, Map<string, Dec>>; estimated: boolean }> {
  const filter: Expression = {
    And: [
      { Not: { Tags: { Key: key, MatchOptions: ['ABSENT'] } } },
      { Dimensions: { Key: 'RECORD_TYPE', Values: ['Usage'] } },
    ],
  };
  const byValue = new Map<string, Map<string, Dec>>();
  let estimated = false;
  let token: string | undefined;
  do {
    counter.requests++;
    let page: GetCostAndUsageCommandOutput;
    try {
      page = await client.send(new GetCostAndUsageCommand({
        TimePeriod: { Start: period.start, End: period.end },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: key }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }],
        Filter: filter,
        NextPageToken: token,
      }));
    } catch (e) {
      throw explain(e as Error);
    }
    if (!Array.isArray(page.ResultsByTime)) {
      throw new CostProfilesError({
        location: 'Cost Explorer',
        field: 'GetCostAndUsage',
        problem: 'answered without ResultsByTime: not a Cost Explorer response',
        fix: 'Check --endpoint-url (or leave it out); run it again.',
      });
    }
    for (const result of page.ResultsByTime) {
      estimated ||= result.Estimated === true;
      for (const group of result.Groups ?? []) {
        const [tag, usageType] = group.Keys ?? [];
        const amount = parseBilledUsd(group.Metrics?.UnblendedCost?.Amount);
        if (tag === undefined || usageType === undefined || amount === undefined || !tag.startsWith(`${key}$`)) {
          throw new CostProfilesError({
            location: 'Cost Explorer',
            field: 'GetCostAndUsage group',
            problem: `is not the <tag key>$<value>, usage type and UnblendedCost amount (a plain decimal below 10^13 USD) asked for (key ${key})`,
            value: group,
            fix: 'Run it again; if it persists, report it with the --endpoint-url you used.',
          });
        }
        const value = tag.slice(key.length + 1);
        const usage = byValue.get(value) ?? new Map<string, Dec>();
        usage.set(usageType, (usage.get(usageType) ?? Dec.ZERO).plus(amount));
        byValue.set(value, usage);
      }
    }
    token = page.NextPageToken;
  } while (token);
  return { byValue, estimated };
}

/**
 * A profile's own actual is visible only through a tag value no other profile carries; the
 * first such tag key (by name) is used.
 */
function attributeProfiles(profiles: PlannedProfile[], lines: ActualLine[]): ActualProfile[] {
  const byValue = new Map(lines.filter(l => l.attribution === 'profile').map(l => [`${l.tagKey}\u0000${l.tagValue}`, l]));
  return profiles.map(p => {
    const own = Object.entries(p.tags).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => byValue.get(`${k}\u0000${v}`))
      .find(l => l !== undefined && l.profiles.length === 1);
    if (own === undefined) {
      return p;
    }
    return {
      ...p,
      attributedBy: { tagKey: own.tagKey, tagValue: own.tagValue },
      actualUsd: own.actualUsd,
      projectedUsd: own.projectedUsd,
      varianceUsd: p.forecastUsd ? own.projectedUsd.minus(p.forecastUsd) : undefined,
    };
  });
}

const COST_EXPLORER: AwsCallContext = {
  service: 'Cost Explorer',
  purpose: 'actuals reads billed cost from Cost Explorer',
  permission: 'ce:GetCostAndUsage (and ce:ListCostAllocationTags)',
  where: 'in the management (payer) account, or in the account whose costs you compare',
};

/** SDK errors a user can act on, as one clear message. */
function explain(error: Error): Error {
  if (error.name === 'DataUnavailableException') {
    return new CostProfilesError({
      location: 'Cost Explorer',
      field: 'data',
      problem: `is not available (${error.message})`,
      fix: 'Enable Cost Explorer in the account; its data appears within 24 hours.',
    });
  }
  return explainAwsError(error, COST_EXPLORER);
}
