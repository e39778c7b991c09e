import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, ISynthesisSession, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { renderStackReport } from './render-report';
import {
  Band,
  BudgetDescription,
  PrincipalDescription,
  ProfileEntry,
  REPORT_JSON_SUFFIX,
  REPORT_MARKDOWN_SUFFIX,
  REPORT_SCHEMA_VERSION,
  ShardDescription,
  SpendAlarmDescription,
  StackCostReport,
  StalePriceEntry,
  TagValueEntry,
} from './report-model';
import { Dec } from '../pricing/decimal';
import { Forecast } from '../pricing/forecast';
import { isReservedMeter, parseTokenMeter, RESERVED_UNIT } from '../pricing/meters';
import { ROUNDING_RULE } from '../pricing/render';
import { stalePrices } from '../pricing/staleness';

/** A profile as the report sees it; the forecast stays exact until written. */
export interface ProfilePart {
  readonly entry: Omit<ProfileEntry, 'forecast'>;
  readonly forecast?: Forecast;
}

/** What one construct contributes, computed at synthesis. */
export interface ReportContribution {
  readonly profile?: () => ProfilePart;
  readonly budget?: () => BudgetDescription;
  readonly alarm?: () => SpendAlarmDescription;
  readonly shard?: () => ShardDescription;
  readonly principals?: () => PrincipalDescription;
}

const COLLECTOR_ID = 'BedrockCostReport';

/**
 * Registers a construct for its stack's cost report. The first registration in a stack adds
 * the collector that writes `<artifactId>.bedrock-cost.json` and `.md` into the cloud assembly.
 */
export function contributeToCostReport(scope: IConstruct, contribution: ReportContribution): void {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) {
    stack = stack.nestedStackParent;
  }
  const existing = stack.node.tryFindChild(COLLECTOR_ID) as CostReportCollector | undefined;
  (existing ?? new CostReportCollector(stack, COLLECTOR_ID)).add(contribution);
}

/**
 * The cost reports every stack under `scope`'s app would write, built now. Call it at synthesis
 * (from a Lazy value or a validation), when every construct has contributed.
 */
export function costReportsOf(scope: IConstruct): StackCostReport[] {
  return scope.node.root.node.findAll()
    .filter((c): c is CostReportCollector => c instanceof CostReportCollector)
    .map(collector => collector.build());
}

class CostReportCollector extends Construct {
  private readonly contributions: ReportContribution[] = [];

  constructor(private readonly stack: Stack, id: string) {
    super(stack, id);
    attachCustomSynthesis(this, { onSynthesize: session => this.write(session) });
  }

  public add(contribution: ReportContribution): void {
    this.contributions.push(contribution);
  }

  /** The profiles (and projects) of this stack, evaluated now. */
  public profileParts(): ProfilePart[] {
    return this.contributions.filter(c => c.profile).map(c => c.profile!());
  }

  private write(session: ISynthesisSession): void {
    const report = this.build();
    const base = path.join(session.outdir, this.stack.artifactId);
    fs.writeFileSync(`${base}${REPORT_JSON_SUFFIX}`, JSON.stringify(report, null, 2) + '\n');
    fs.writeFileSync(`${base}${REPORT_MARKDOWN_SUFFIX}`, renderStackReport(report, 'markdown'));
  }

  public build(): StackCostReport {
    const parts = this.profileParts();
    const profiles: ProfileEntry[] = parts.map(({ entry, forecast }) => (forecast ? { ...entry, forecast: forecastEntry(forecast) } : entry));
    const zero = { low: Dec.ZERO, expected: Dec.ZERO, high: Dec.ZERO };
    const total = parts.reduce((acc, p) => {
      const m = p.forecast?.workloads[0].monthly;
      return m ? { low: acc.low.plus(m.low), expected: acc.expected.plus(m.expected), high: acc.high.plus(m.high) } : acc;
    }, zero);
    const sources = new Map<string, { id: string; title: string; effectiveDate: string }>();
    for (const p of parts) {
      for (const line of p.forecast?.workloads[0].lines ?? []) {
        const s = line.price.source;
        sources.set(s.id, { id: s.id, title: s.title, effectiveDate: s.effectiveDate });
      }
    }
    const stale = new Map<string, StalePriceEntry>();
    for (const p of parts) {
      for (const s of p.forecast ? stalePrices(p.forecast) : []) {
        stale.set(`${s.sourceId} ${s.asOf}`, s);
      }
    }
    const principals = this.contributions.filter(c => c.principals).map(c => c.principals!());
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      generator: 'cdk-bedrock-cost-profiles',
      stack: {
        name: this.stack.stackName,
        artifactId: this.stack.artifactId,
        path: this.stack.node.path,
        region: Token.isUnresolved(this.stack.region) ? '(deploy-time)' : this.stack.region,
        account: Token.isUnresolved(this.stack.account) ? '(deploy-time)' : this.stack.account,
      },
      currency: 'USD',
      rounding: ROUNDING_RULE,
      pricesAsOf: [...new Set(parts.filter(p => p.forecast).map(p => p.forecast!.asOf))].sort(),
      profiles,
      tagValues: tagValues(parts),
      ...(principals.length > 0 ? { principals, principalTagValues: principalTagValues(principals, profileForecasts(this.stack)) } : {}),
      budgets: this.contributions.filter(c => c.budget).map(c => c.budget!()),
      alarms: this.contributions.filter(c => c.alarm).map(c => c.alarm!()),
      shard: this.contributions.find(c => c.shard)?.shard!(),
      sources: [...sources.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.id.localeCompare(b.id)),
      ...(stale.size > 0 ? { stalePrices: [...stale.values()].sort(byDateAndAsOf) } : {}),
      total: { low: total.low.toFixed(), expected: total.expected.toFixed(), high: total.high.toFixed() },
    };
  }
}

function forecastEntry(forecast: Forecast): NonNullable<ProfileEntry['forecast']> {
  const w = forecast.workloads[0];
  return {
    low: w.monthly.low.toFixed(),
    expected: w.monthly.expected.toFixed(),
    high: w.monthly.high.toFixed(),
    asOf: forecast.asOf,
    daysPerMonth: w.daysPerMonth.toFixed(),
    monthlyGrowth: w.monthlyGrowth.toFixed(),
    lines: w.lines.map(l => ({
      dimension: l.dimension,
      meter: l.meter,
      quantity: l.quantity.toFixed(),
      unit: l.meter.endsWith('tokens') ? 'token' : isReservedMeter(l.meter) ? RESERVED_UNIT : l.meter,
      ...lineTier(l.meter),
      rate: l.rate,
      unitPriceUsd: l.price.unitPrice.toFixed(),
      costUsd: l.cost.toFixed(),
      source: `${l.price.source.id}${l.price.line !== undefined ? `:${l.price.line}` : ''} (${l.price.source.effectiveDate})`,
    })),
  };
}

function tagValues(parts: ProfilePart[]): TagValueEntry[] {
  const groups = new Map<string, { key: string; value: string; parts: ProfilePart[] }>();
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.entry.tags)) {
      const id = `${key}\u0000${value}`;
      const group = groups.get(id) ?? { key, value, parts: [] };
      group.parts.push(part);
      groups.set(id, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value))
    .map(g => {
      const monthly = g.parts.filter(p => p.forecast).map(p => p.forecast!.workloads[0].monthly);
      return {
        key: g.key,
        value: g.value,
        profiles: g.parts.map(p => p.entry.path),
        forecast: {
          low: Dec.sum(monthly.map(m => m.low)).toFixed(),
          expected: Dec.sum(monthly.map(m => m.expected)).toFixed(),
          high: Dec.sum(monthly.map(m => m.high)).toFixed(),
        },
        unforecastProfiles: g.parts.length - monthly.length,
      };
    });
}

/** Every profile's month-1 band in the app, by path (principals may call profiles of other stacks). */
function profileForecasts(scope: IConstruct): Map<string, Band> {
  const bands = new Map<string, Band>();
  for (const collector of scope.node.root.node.findAll().filter((c): c is CostReportCollector => c instanceof CostReportCollector)) {
    for (const part of collector.profileParts()) {
      const m = part.forecast?.workloads[0].monthly;
      if (m) {
        bands.set(part.entry.path, { low: m.low.toFixed(), expected: m.expected.toFixed(), high: m.high.toFixed() });
      }
    }
  }
  return bands;
}

/** Per principal tag value: its principals' profiles, each counted once, and their forecast. */
function principalTagValues(principals: PrincipalDescription[], forecasts: Map<string, Band>): TagValueEntry[] {
  const groups = new Map<string, { key: string; value: string; profiles: Set<string> }>();
  for (const p of principals) {
    for (const [key, value] of Object.entries(p.tags)) {
      const id = `${key}\u0000${value}`;
      const group = groups.get(id) ?? { key, value, profiles: new Set<string>() };
      p.profiles.forEach(profile => group.profiles.add(profile));
      groups.set(id, group);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value))
    .map(g => {
      const bands = [...g.profiles].map(profile => forecasts.get(profile)).filter((b): b is Band => b !== undefined);
      return {
        key: g.key,
        value: g.value,
        profiles: [...g.profiles].sort(),
        forecast: {
          low: Dec.sum(bands.map(b => Dec.parse(b.low))).toFixed(),
          expected: Dec.sum(bands.map(b => Dec.parse(b.expected))).toFixed(),
          high: Dec.sum(bands.map(b => Dec.parse(b.high))).toFixed(),
        },
        unforecastProfiles: g.profiles.size - bands.length,
      };
    });
}

function byDateAndAsOf(a: StalePriceEntry, b: StalePriceEntry): number {
  return a.effectiveDate.localeCompare(b.effectiveDate) || a.asOf.localeCompare(b.asOf) || a.sourceId.localeCompare(b.sourceId);
}

/** The service tier of a token or reserved-tier line, for the report. */
function lineTier(meter: string): { tier?: string } {
  const token = parseTokenMeter(meter);
  if (token) {
    return { tier: token.tier };
  }
  return isReservedMeter(meter) ? { tier: 'reserved' } : {};
}
