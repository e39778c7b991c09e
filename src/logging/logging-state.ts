import type { LoggingConfig } from '@aws-sdk/client-bedrock';
import stateSchema from './logging-state.schema.json';
import { parserMessage } from '../core/errors';
import { allSchemaProblems } from '../pricing/schema-check';

/**
 * Who owns the one Bedrock model invocation logging configuration of an account and Region,
 * and what to put back. Kept by the logging handler in one SSM parameter per account and
 * Region (`STATE_PARAMETER_NAME`), so every stack's handler sees the same story:
 *
 * - `original`: the configuration the first of this library's constructs replaced (null: none).
 *   Later take-overs never overwrite it.
 * - `owners`: the constructs (stack id + logical id) that wrote a configuration and still exist,
 *   oldest first, each with what it wrote. The last one wrote the live configuration.
 *
 * Deleting the last owner hands the configuration back to the one before it (a second take-over
 * stack, a renamed construct during its update), or, when none is left, restores `original`.
 * The format is `logging-state.schema.json`; nothing read back is used before it passes.
 */
export interface LoggingState {
  readonly schemaVersion: 1;
  readonly original: StoredLoggingConfig | null;
  readonly owners: LoggingOwner[];
}

export interface LoggingOwner {
  /** The CloudFormation stack id (ARN) of the construct's stack. */
  readonly stackId: string;
  /** The custom resource's logical id. */
  readonly logicalId: string;
  /** The configuration it wrote. */
  readonly config: StoredLoggingConfig;
}

/** The parts of Bedrock's LoggingConfig this library reads, writes and restores. */
export interface StoredLoggingConfig {
  readonly cloudWatchConfig?: {
    readonly logGroupName: string;
    readonly roleArn: string;
    readonly largeDataDeliveryS3Config?: StoredS3Config;
  };
  readonly s3Config?: StoredS3Config;
  readonly textDataDeliveryEnabled?: boolean;
  readonly imageDataDeliveryEnabled?: boolean;
  readonly embeddingDataDeliveryEnabled?: boolean;
  readonly videoDataDeliveryEnabled?: boolean;
  readonly audioDataDeliveryEnabled?: boolean;
}

export interface StoredS3Config {
  readonly bucketName: string;
  readonly keyPrefix?: string;
}

/** One parameter per account and Region (parameters are both). */
export const STATE_PARAMETER_NAME = '/cdk-bedrock-cost-profiles/invocation-logging/state';
/** More owners than this means something loops; the oldest are dropped. */
export const MAX_OWNERS = 10;

export const EMPTY_STATE: LoggingState = { schemaVersion: 1, original: null, owners: [] };

/** The state, or why the text is not one (then nothing in it may be used). */
export function parseState(text: string): { state: LoggingState } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `the saved state is not JSON (${parserMessage(e)})` };
  }
  const problem = schemaProblem(value);
  return problem ? { problem: `the saved state ${problem}` } : { state: value as LoggingState };
}

/** The schema of one configuration: the state schema's definition of it. */
const configSchema = { ...stateSchema.definitions.loggingConfig, definitions: stateSchema.definitions };

/** Why a configuration cannot be stored and restored by this version, or undefined. */
export function configProblem(config: LoggingConfig): string | undefined {
  return schemaProblem(config, configSchema);
}

function schemaProblem(value: unknown, schema: object = stateSchema): string | undefined {
  const problems = allSchemaProblems(schema, value);
  if (problems.length === 0) {
    return undefined;
  }
  // The deepest path says most (a oneOf also reports the branch that did not apply at its top).
  const first = [...problems].sort((x, y) => y.path.length - x.path.length)[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `does not match its schema: ${first.path} ${first.problem.slice(0, 200)}${more}`;
}

/**
 * Why `config` must not be restored in `account`, or undefined: its delivery role must be a role
 * of this account (a log group always is). Buckets are checked by the caller against S3.
 */
export function foreignAccountProblem(config: StoredLoggingConfig, account: string): string | undefined {
  const roleArn = config.cloudWatchConfig?.roleArn;
  const roleAccount = roleArn?.split(':')[4];
  if (roleArn !== undefined && roleAccount !== account) {
    return `its delivery role ${roleArn} is not in this account (${account})`;
  }
  return undefined;
}

/** The S3 buckets a configuration delivers to. */
export function bucketsOf(config: StoredLoggingConfig): string[] {
  return [config.s3Config?.bucketName, config.cloudWatchConfig?.largeDataDeliveryS3Config?.bucketName].filter((b): b is string => b !== undefined);
}

/**
 * Whether the live configuration is the one an owner wrote: the same destinations (log group,
 * delivery role, buckets), so a configuration someone pointed elsewhere since (console, another
 * tool) is not mistaken for ours. Delivery switches may differ: they send nothing elsewhere.
 */
export function sameDestinations(a: LoggingConfig | undefined, b: StoredLoggingConfig | undefined): boolean {
  return a !== undefined && b !== undefined && destinations(a) === destinations(b);
}

/** The stored form of a configuration Bedrock returned: only the fields this library knows. */
export function stored(config: LoggingConfig): StoredLoggingConfig {
  const s3 = (c: { bucketName?: string; keyPrefix?: string } | undefined): StoredS3Config | undefined =>
    c?.bucketName === undefined ? undefined : { bucketName: c.bucketName, ...(c.keyPrefix ? { keyPrefix: c.keyPrefix } : {}) };
  const cw = config.cloudWatchConfig;
  const large = s3(cw?.largeDataDeliveryS3Config);
  return omitUndefined({
    cloudWatchConfig: cw?.logGroupName !== undefined && cw.roleArn !== undefined
      ? { logGroupName: cw.logGroupName, roleArn: cw.roleArn, ...(large ? { largeDataDeliveryS3Config: large } : {}) }
      : undefined,
    s3Config: s3(config.s3Config),
    textDataDeliveryEnabled: config.textDataDeliveryEnabled,
    imageDataDeliveryEnabled: config.imageDataDeliveryEnabled,
    embeddingDataDeliveryEnabled: config.embeddingDataDeliveryEnabled,
    videoDataDeliveryEnabled: config.videoDataDeliveryEnabled,
    audioDataDeliveryEnabled: config.audioDataDeliveryEnabled,
  });
}

function destinations(config: LoggingConfig): string {
  const s = stored(config);
  const cw = s.cloudWatchConfig;
  return JSON.stringify([cw?.logGroupName, cw?.roleArn, cw?.largeDataDeliveryS3Config?.bucketName, s.s3Config?.bucketName]);
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A short account of a configuration's destinations, for messages. */
export function describeConfig(config: StoredLoggingConfig | LoggingConfig): string {
  const cw = config.cloudWatchConfig ? `CloudWatch Logs group ${config.cloudWatchConfig.logGroupName}` : '';
  const s3 = config.s3Config ? `S3 bucket ${config.s3Config.bucketName}` : '';
  return [cw, s3].filter(Boolean).join(' and ') || 'an empty configuration';
}
