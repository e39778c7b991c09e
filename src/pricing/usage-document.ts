import { Dec } from './decimal';
import { CostProfilesError } from '../core/errors';

// The usage document: what a usage file (and `expectedUsage`) says, before pricing. These types
// are the one definition of the format: test/pricing/usage-schema-sync.test.ts keeps
// usage.schema.json in step with them.

/** A number from a usage document: a JS number or a decimal string. */
export type Quantity = number | string;

export interface BandSpec { readonly low: Quantity; readonly high: Quantity }

export type Commitment = 'no-commitment' | '1-month' | '6-month';

/** Shares of the on-demand (non-batch) requests sent with `service_tier` flex or priority; Standard is the rest. */
export interface ServiceTierSpec {
  readonly flex?: Quantity;
  readonly priority?: Quantity;
}

/** Reserved-tier capacity bought for this traffic; tokens above it are billed at Standard. */
export interface ReservedSpec {
  readonly inputTokensPerMinute: Quantity;
  readonly outputTokensPerMinute: Quantity;
  /** Term: 1 or 3 months. */
  readonly months: number;
}

export interface InferenceSpec {
  readonly model: string;
  readonly region?: string;
  readonly requestsPerDay?: Quantity;
  readonly requestsPerMonth?: Quantity;
  readonly inputTokensPerRequest: Quantity;
  readonly outputTokensPerRequest: Quantity;
  readonly cacheReadShare?: Quantity;
  readonly cacheWriteShare?: Quantity;
  readonly cacheWrite1hShare?: Quantity;
  readonly longContextShare?: Quantity;
  readonly batchShare?: Quantity;
  readonly latencyOptimizedShare?: Quantity;
  readonly serviceTier?: ServiceTierSpec;
  readonly reserved?: ReservedSpec;
  readonly provisionedThroughput?: {
    readonly commitment?: Commitment;
    readonly tokensPerMinutePerModelUnit: Quantity;
    readonly peakToAverage?: Quantity;
  };
}

export interface ImageSpec {
  readonly model: string;
  readonly region?: string;
  readonly count: Quantity;
  readonly quality?: 'standard' | 'premium';
  readonly size?: 'small' | 'large';
}

export interface VideoSpec { readonly model: string; readonly region?: string; readonly seconds: Quantity; readonly resolution: '720p' | '540p' }

export interface GuardrailSpec {
  readonly region?: string;
  readonly policies: string[];
  readonly textUnits?: Quantity;
  readonly requests?: Quantity;
  readonly inputCharactersPerRequest?: Quantity;
  readonly outputCharactersPerRequest?: Quantity;
}

export interface ProvisionedSpec {
  readonly model: string;
  readonly region?: string;
  readonly modelUnits: Quantity;
  readonly commitment: Commitment;
  readonly hours?: Quantity;
  readonly customModel?: boolean;
}

export interface CustomizationSpec {
  readonly model: string;
  readonly region?: string;
  readonly trainingTokens?: Quantity;
  readonly epochs?: Quantity;
  readonly trainingImages?: Quantity;
  readonly storedModels?: Quantity;
}

export interface CustomModelImportSpec {
  readonly region?: string;
  readonly customModelUnits: Quantity;
  readonly activeWindows?: Quantity;
  readonly activeMinutes?: Quantity;
  readonly storedCustomModelUnits?: Quantity;
}

export interface RerankSpec { readonly model: string; readonly region?: string; readonly requests: Quantity; readonly documentsPerRequest: number }

export interface DataAutomationSpec {
  readonly region?: string;
  readonly customDocumentPages?: Quantity;
  readonly customImages?: Quantity;
  readonly blueprintFields?: number;
  readonly standardDocumentPages?: Quantity;
  readonly standardVideoMinutes?: Quantity;
  readonly standardAudioMinutes?: Quantity;
}

export interface LineItemSpec {
  readonly item: string;
  readonly meter: string;
  readonly region?: string;
  readonly quantity: Quantity;
  readonly growsWithTraffic?: boolean;
}

export interface WorkloadSpec {
  readonly name: string;
  readonly region?: string;
  readonly tags?: Record<string, string>;
  readonly daysPerMonth?: Quantity;
  readonly monthlyGrowth?: Quantity;
  readonly band?: BandSpec;
  readonly inference?: InferenceSpec | InferenceSpec[];
  readonly images?: ReadonlyArray<ImageSpec>;
  readonly video?: ReadonlyArray<VideoSpec>;
  readonly guardrails?: ReadonlyArray<GuardrailSpec>;
  readonly provisioned?: ReadonlyArray<ProvisionedSpec>;
  readonly customization?: ReadonlyArray<CustomizationSpec>;
  readonly customModelImport?: ReadonlyArray<CustomModelImportSpec>;
  readonly rerank?: ReadonlyArray<RerankSpec>;
  readonly flows?: { readonly region?: string; readonly nodeTransitions: Quantity };
  readonly structuredRetrieval?: { readonly region?: string; readonly requests: Quantity };
  readonly humanEvaluation?: { readonly region?: string; readonly tasks: Quantity };
  readonly dataAutomation?: DataAutomationSpec;
  readonly lineItems?: ReadonlyArray<LineItemSpec>;
}

export interface UsageDocument {
  readonly $schema?: string;
  readonly asOf?: string;
  readonly daysPerMonth: Quantity;
  readonly months?: number;
  readonly band?: BandSpec;
  readonly priceFiles?: string[];
  readonly workloads: WorkloadSpec[];
}

/**
 * What the caller calls the fields of a usage document, for errors. A usage file uses the
 * document's own paths (the default); a construct that builds the document from its props
 * names the props instead (`expectedUsage.cacheReadShare`, `source`), so its errors point at
 * what the user wrote.
 */
export interface UsageFieldNames {
  /** A top-level field: asOf, daysPerMonth, months, band, band.low, band.high. */
  readonly top: (field: string) => string;
  /** The path of workload `index`. */
  readonly workload: (index: number) => string;
  /** The path of an inference block of `workload`; `index` undefined: the only one, not in a list. */
  readonly inference: (workload: string, index: number | undefined) => string;
  /** Where an unknown model of an inference block is reported. */
  readonly model: (inference: string) => string;
  /** Where a bad or missing Region of an inference block is reported. */
  readonly region: (inference: string) => string;
  /** Where a missing price of an inference block's traffic is reported. */
  readonly price: (inference: string) => string;
}

/** The usage document's own paths (workloads[0].inference.cacheReadShare). */
export const DOCUMENT_FIELD_NAMES: UsageFieldNames = {
  top: field => field,
  workload: index => `workloads[${index}]`,
  inference: (workload, index) => (index === undefined ? `${workload}.inference` : `${workload}.inference[${index}]`),
  model: inference => `${inference}.model`,
  region: () => 'region',
  price: inference => inference,
};

/** `parent.field`, or `field` when the parent is the root (''). */
export function fieldPath(parent: string, field: string): string {
  return parent === '' ? field : `${parent}.${field}`;
}

/** Where errors about a usage document are reported: the file or construct, and its field names. */
export interface UsageContext {
  readonly location: string;
  readonly names: UsageFieldNames;
}

/** Turns a usage quantity into an exact decimal (see the schema for the accepted forms). */
export function toDec(value: Quantity, location: string, field: string): Dec {
  const parsed = typeof value === 'number'
    ? (Number.isFinite(value) ? Dec.fromNumber(value) : undefined)
    : typeof value === 'string' ? Dec.tryParse(value) : undefined;
  if (parsed === undefined || parsed.isNegative()) {
    throw new CostProfilesError({ location, field, problem: 'must be a non-negative decimal number', value, fix: 'Write e.g. 1500 or "0.05".' });
  }
  return parsed;
}

/** A share from 0 to 1 (absent: 0). */
export function toShare(value: Quantity | undefined, location: string, field: string): Dec {
  const d = value === undefined ? Dec.ZERO : toDec(value, location, field);
  if (d.gt(Dec.ONE)) {
    throw new CostProfilesError({ location, field, problem: 'must be between 0 and 1', value, fix: 'Write a share as a fraction, e.g. 0.3 for 30%.' });
  }
  return d;
}
