/**
 * The cost report each stack with profiles, budgets or spend alarms writes into the cloud
 * assembly at synthesis (`<artifactId>.bedrock-cost.json` and `.md`). Plain data: the CLI
 * reads it without aws-cdk-lib. Amounts are exact decimal strings in USD.
 */

export const REPORT_JSON_SUFFIX = '.bedrock-cost.json';
export const REPORT_MARKDOWN_SUFFIX = '.bedrock-cost.md';
export const REPORT_SCHEMA_VERSION = 1;

export interface Band {
  readonly low: string;
  readonly expected: string;
  readonly high: string;
}

export interface ReportLine {
  readonly dimension: string;
  readonly meter: string;
  readonly quantity: string;
  readonly unit: string;
  /** Service tier of a token or reserved line: standard, batch, flex, priority, latency-optimized, reserved. */
  readonly tier?: string;
  /** `regional`, or `global`: the global cross-Region rate of the source Region. */
  readonly rate?: string;
  readonly unitPriceUsd: string;
  readonly costUsd: string;
  readonly source: string;
}

export interface ProfileEntry {
  /** Construct path, unique in the app. */
  readonly path: string;
  readonly logicalId: string;
  readonly profileName: string;
  readonly modelId: string;
  /** Cross-Region geography prefix, for a cross-Region source. */
  readonly geo?: string;
  readonly sourceKind: string;
  readonly region: string;
  readonly destinationRegions: string[];
  readonly tags: Record<string, string>;
  /** Month 1 of the forecast; absent for a profile without expectedUsage. */
  readonly forecast?: Band & {
    readonly asOf: string;
    readonly daysPerMonth: string;
    readonly monthlyGrowth: string;
    readonly lines: ReportLine[];
  };
}

export interface TagValueEntry {
  readonly key: string;
  readonly value: string;
  readonly profiles: string[];
  /** Sum over its profiles with a forecast. */
  readonly forecast: Band;
  readonly unforecastProfiles: number;
}

/** IAM principals tagged for cost allocation (`PrincipalCostTags`), and the profiles they call. */
export interface PrincipalDescription {
  readonly path: string;
  /** Role and user names, or construct paths for those defined in the app. */
  readonly principals: string[];
  /** Their tags; Cost Explorer shows each as `iamPrincipal/<key>`. */
  readonly tags: Record<string, string>;
  /** Paths of the profiles they call (whose forecasts the tags' forecast is). */
  readonly profiles: string[];
}

export interface BudgetDescription {
  readonly path: string;
  readonly budgetName: string;
  readonly tagKey: string;
  readonly tagValue: string;
  readonly costFilter: string;
  readonly limitUsd: string;
  readonly limitSource: 'forecast' | 'fixed';
  readonly headroom?: string;
  readonly plannedLimits?: Array<{ month: string; limitUsd: string }>;
  readonly thresholds: Array<{ notificationType: string; thresholdType: string; value: string }>;
  readonly emailSubscribers: number;
  readonly snsSubscribers: number;
  readonly profiles: string[];
  /**
   * Which tags the budget filters on: the profiles' resource tags, or IAM principal tags
   * (`iamPrincipal/<key>`).
   *
   * Absent: profile (only principal budgets record it, so reports of profile budgets stay as
   * they were).
   */
  readonly attribution?: 'profile' | 'principal';
}

export interface SpendAlarmDescription {
  readonly path: string;
  readonly profile: string;
  readonly thresholdUsdPerHour: string;
  readonly rule: string;
  readonly inputUsdPerToken: string;
  /** Absent when the model has no output-token price (embedding models): not counted. */
  readonly outputUsdPerToken?: string;
  /** The cache-read price the rate counts `CacheReadInputTokenCount` at; absent: not counted. */
  readonly cacheReadUsdPerToken?: string;
  /** The cache-write price (5-minute TTL) the rate counts `CacheWriteInputTokenCount` at; absent: not counted. */
  readonly cacheWriteUsdPerToken?: string;
  /** The tokens the rate leaves out for want of a price, and why. */
  readonly notCounted?: string[];
  readonly priceSources: string[];
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
}

/** Where a vended stack sits in the sharding of `PlatformVending`. */
export interface ShardDescription {
  readonly target: string;
  readonly shard: string;
  readonly stackName: string;
  readonly teams: Array<{ readonly name: string; readonly services: number; readonly estimatedResources: number }>;
  /** Resources in the stack, counted at synthesis. */
  readonly resources: number;
  readonly resourceLimit: number;
  /** New teams are placed only while the shard stays under this. */
  readonly placementLimit: number;
}

/** A price source a forecast used although it is stale. */
export interface StalePriceEntry {
  readonly sourceId: string;
  readonly title: string;
  readonly effectiveDate: string;
  readonly asOf: string;
  readonly days: number;
}

export interface StackCostReport {
  readonly schemaVersion: number;
  readonly generator: string;
  readonly stack: { readonly name: string; readonly artifactId: string; readonly path: string; readonly region: string; readonly account: string };
  readonly currency: 'USD';
  readonly rounding: string;
  /** The price dates used (one per distinct as-of date). */
  readonly pricesAsOf: string[];
  readonly profiles: ProfileEntry[];
  readonly tagValues: TagValueEntry[];
  /** Tagged IAM principals; absent in reports written before principal tags. */
  readonly principals?: PrincipalDescription[];
  /**
   * Per IAM principal tag value (`iamPrincipal/<key>` in Cost Explorer), the forecast of the
   * profiles its principals call, each counted once; absent without tagged principals.
   */
  readonly principalTagValues?: TagValueEntry[];
  readonly budgets: BudgetDescription[];
  readonly alarms: SpendAlarmDescription[];
  /** For a stack of `PlatformVending`: its shard. */
  readonly shard?: ShardDescription;
  readonly sources: Array<{ readonly id: string; readonly title: string; readonly effectiveDate: string }>;
  /**
   * Sources of applied prices more than 120 days older than their forecast's as-of date; absent
   * when none (and in reports written before staleness was reported).
   */
  readonly stalePrices?: StalePriceEntry[];
  /** Sum over the profiles with a forecast. */
  readonly total: Band;
}
