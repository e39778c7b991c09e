/**
 * Custom-resource handler (behind custom_resources.Provider) for Bedrock model invocation
 * logging, which CloudFormation has no resource for. There is one configuration per account
 * and Region, so the handler is careful:
 *
 * - Create/Update: read the current configuration first. One this stack did not write (its log
 *   group is not ours) is refused with a clear message, unless `TakeOver` is set; then it is
 *   saved (in an SSM parameter) so Delete can restore it. Our own configuration is rewritten
 *   (idempotent).
 * - Delete: only if the configuration is still ours: restore the saved one, delete, or retain,
 *   as chosen. A configuration someone else wrote since is left alone.
 * - Throttling and 5xx are retried with full-jitter exponential backoff; every request has a
 *   timeout; responses stay far under CloudFormation's 4 KB; the physical id never changes.
 */
import {
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  LoggingConfig,
  PutModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export const PHYSICAL_ID = 'bedrock-model-invocation-logging';
export const NO_PREVIOUS = 'none';

export type DeleteBehavior = 'RESTORE_PREVIOUS' | 'DELETE' | 'RETAIN';

export interface LoggingEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: LoggingProperties;
  /** On Update: the properties before the change. */
  readonly OldResourceProperties?: LoggingProperties;
}

export interface LoggingProperties {
  /** The LoggingConfig as a JSON string (keeps booleans booleans through CloudFormation). */
  readonly LoggingConfiguration?: string;
  readonly TakeOver?: string;
  readonly OnDelete?: string;
  /** SSM parameter that holds the configuration this stack replaced. */
  readonly StateParameterName?: string;
}

export interface LoggingResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly LogGroupName: string; readonly Replaced: string };
}

/** Seams for tests: clients, sleep and randomness. */
export interface Dependencies {
  readonly bedrock: BedrockClient;
  readonly ssm: SSMClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

// The handler retries itself (with jitter); the SDK makes one attempt per call, each bounded.
const clientConfig = { maxAttempts: 1, requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 } };
let deps: Dependencies = {
  bedrock: new BedrockClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: Math.random,
};

/** For tests. */
export function setDependencies(replacement: Partial<Dependencies>): void {
  deps = { ...deps, ...replacement };
}

export const MAX_ATTEMPTS = 6;
export const BASE_DELAY_MS = 200;
export const MAX_DELAY_MS = 5_000;
/**
 * Bedrock checks at Put that it can assume the delivery role and write to the group. A role
 * created seconds ago may not be visible to it yet (IAM is eventually consistent), so Put
 * retries a ValidationException on this longer schedule before giving up.
 */
export const VALIDATION_ATTEMPTS = 8;
export const VALIDATION_BASE_DELAY_MS = 1_000;
export const VALIDATION_MAX_DELAY_MS = 8_000;

export async function handler(event: LoggingEvent): Promise<LoggingResponse> {
  const props = parseProperties(event.ResourceProperties);
  // Ours = delivering to our log group, or to the one we used before this update.
  const ourGroups = new Set([logGroupOf(props.config), event.OldResourceProperties && oldLogGroup(event.OldResourceProperties)]);
  if (event.RequestType === 'Delete') {
    await remove(props, ourGroups);
    return { PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_ID };
  }
  const replaced = await apply(event.RequestType, props, ourGroups);
  return { PhysicalResourceId: PHYSICAL_ID, Data: { LogGroupName: logGroupOf(props.config) ?? '', Replaced: replaced } };
}

interface Properties {
  readonly config: LoggingConfig;
  readonly takeOver: boolean;
  readonly onDelete: DeleteBehavior;
  readonly stateParameter: string;
}

function parseProperties(p: LoggingProperties): Properties {
  let config: LoggingConfig;
  try {
    config = JSON.parse(p.LoggingConfiguration ?? '');
  } catch {
    throw new Error(`LoggingConfiguration must be a JSON LoggingConfig, got ${JSON.stringify(p.LoggingConfiguration)?.slice(0, 200)}`);
  }
  if (!config?.cloudWatchConfig?.logGroupName || !config.cloudWatchConfig.roleArn) {
    throw new Error('LoggingConfiguration needs cloudWatchConfig.logGroupName and cloudWatchConfig.roleArn');
  }
  if (!p.StateParameterName) {
    throw new Error('StateParameterName is required');
  }
  const onDelete = (p.OnDelete ?? 'RESTORE_PREVIOUS') as DeleteBehavior;
  if (!['RESTORE_PREVIOUS', 'DELETE', 'RETAIN'].includes(onDelete)) {
    throw new Error(`OnDelete must be RESTORE_PREVIOUS, DELETE or RETAIN, got ${p.OnDelete}`);
  }
  return { config, takeOver: p.TakeOver === 'true', onDelete, stateParameter: p.StateParameterName };
}

function oldLogGroup(old: LoggingProperties): string | undefined {
  try {
    return logGroupOf(JSON.parse(old.LoggingConfiguration ?? ''));
  } catch {
    return undefined;
  }
}

function logGroupOf(config: LoggingConfig | undefined): string | undefined {
  return config?.cloudWatchConfig?.logGroupName;
}

function isOurs(current: LoggingConfig | undefined, ourGroups: Set<string | undefined>): boolean {
  const group = logGroupOf(current);
  return group !== undefined && ourGroups.has(group);
}

function describe(config: LoggingConfig): string {
  const cw = config.cloudWatchConfig ? `CloudWatch Logs group ${config.cloudWatchConfig.logGroupName}` : '';
  const s3 = config.s3Config ? `S3 bucket ${config.s3Config.bucketName}` : '';
  return [cw, s3].filter(Boolean).join(' and ') || 'an empty configuration';
}

async function apply(request: 'Create' | 'Update', props: Properties, ourGroups: Set<string | undefined>): Promise<string> {
  const current = await getConfiguration();
  let replaced = NO_PREVIOUS;
  if (current !== undefined && !isOurs(current, ourGroups)) {
    if (!props.takeOver) {
      throw new Error(`Bedrock model invocation logging in this account and Region already delivers to ${describe(current)}, `
        + 'and this stack did not configure it. There is one configuration per account and Region: writing ours would silently '
        + 'turn that one off. Set takeOverExistingConfiguration: true to replace it (it is saved and restored when this stack is '
        + 'deleted), or remove the other configuration first.');
    }
    // Keep the configuration we first replaced: a later take-over must not save over it.
    if (request === 'Create' || (await loadPrevious(props.stateParameter)) === undefined) {
      await savePrevious(props.stateParameter, JSON.stringify(current));
    }
    replaced = describe(current);
  } else if (current === undefined && request === 'Create' && (await loadPrevious(props.stateParameter)) === undefined) {
    await savePrevious(props.stateParameter, NO_PREVIOUS);
  }
  await put(props.config);
  console.log(JSON.stringify({ action: 'put', logGroup: logGroupOf(props.config), replaced }));
  // Data travels back in CloudFormation's 4 KB response: keep it short.
  return replaced.length > 500 ? `${replaced.slice(0, 500)}…` : replaced;
}

async function remove(props: Properties, ourGroups: Set<string | undefined>): Promise<void> {
  const current = await getConfiguration();
  if (!isOurs(current, ourGroups)) {
    console.log(JSON.stringify({ action: 'none', reason: 'the current configuration is not this stack\'s; left alone', current: current && describe(current) }));
  } else if (props.onDelete === 'RETAIN') {
    console.log(JSON.stringify({ action: 'retain' }));
  } else {
    const previous = props.onDelete === 'RESTORE_PREVIOUS' ? await loadPrevious(props.stateParameter) : undefined;
    if (previous !== undefined && previous !== NO_PREVIOUS) {
      const restored = JSON.parse(previous) as LoggingConfig;
      await put(restored);
      console.log(JSON.stringify({ action: 'restore', restored: describe(restored) }));
    } else {
      await withRetries('DeleteModelInvocationLoggingConfiguration', () =>
        deps.bedrock.send(new DeleteModelInvocationLoggingConfigurationCommand({})));
      console.log(JSON.stringify({ action: 'delete' }));
    }
  }
  await deletePrevious(props.stateParameter);
}

async function put(config: LoggingConfig): Promise<void> {
  await withRetries('PutModelInvocationLoggingConfiguration',
    () => deps.bedrock.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: config })),
    { retryValidation: true });
}

async function getConfiguration(): Promise<LoggingConfig | undefined> {
  const response = await withRetries('GetModelInvocationLoggingConfiguration', () =>
    deps.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({})));
  const config = response.loggingConfig;
  return config && (config.cloudWatchConfig || config.s3Config) ? config : undefined;
}

async function loadPrevious(name: string): Promise<string | undefined> {
  try {
    return (await withRetries('GetParameter', () => deps.ssm.send(new GetParameterCommand({ Name: name })))).Parameter?.Value;
  } catch (e) {
    if ((e as Error).name === 'ParameterNotFound') {
      return undefined;
    }
    throw e;
  }
}

async function savePrevious(name: string, value: string): Promise<void> {
  await withRetries('PutParameter', () => deps.ssm.send(new PutParameterCommand({
    Name: name,
    Value: value,
    Type: 'String',
    Overwrite: true,
    Description: 'Bedrock model invocation logging configuration that cdk-bedrock-cost-profiles replaced; restored on delete.',
  })));
}

async function deletePrevious(name: string): Promise<void> {
  try {
    await withRetries('DeleteParameter', () => deps.ssm.send(new DeleteParameterCommand({ Name: name })));
  } catch (e) {
    if ((e as Error).name !== 'ParameterNotFound') {
      throw e;
    }
  }
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailableException', 'InternalServerException', 'RequestTimeout', 'TimeoutError',
]);

function retryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return RETRYABLE_NAMES.has(e.name ?? '') || status === 429 || status >= 500;
}

/** Full-jitter exponential backoff: wait random(0, min(cap, base × 2^(attempt-1))). */
export async function withRetries<T>(what: string, call: () => Promise<T>, options: { retryValidation?: boolean } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const validation = options.retryValidation === true && (e as Error).name === 'ValidationException';
      const limit = validation ? VALIDATION_ATTEMPTS : MAX_ATTEMPTS;
      if (!(retryable(e) || validation) || attempt >= limit) {
        throw explain(what, e as Error, attempt);
      }
      const [base, cap] = validation ? [VALIDATION_BASE_DELAY_MS, VALIDATION_MAX_DELAY_MS] : [BASE_DELAY_MS, MAX_DELAY_MS];
      await deps.sleep(Math.floor(deps.random() * Math.min(cap, base * 2 ** (attempt - 1))));
    }
  }
}

function explain(what: string, error: Error, attempts: number): Error {
  if (error.name === 'AccessDeniedException' || error.name === 'AccessDenied') {
    return new Error(`${what} was denied: ${error.message}. The handler's role needs bedrock:${what} and iam:PassRole on the delivery role `
      + '(this construct grants both; restoring a replaced configuration also passes its role); an SCP or permissions boundary may be blocking it.');
  }
  if (error.name === 'ValidationException') {
    return new Error(`${what} was refused after ${attempts} attempts: ${error.message}. Bedrock checks at this call that it can assume the `
      + 'delivery role and write to the log group (and bucket); check the role trust policy and permissions.');
  }
  if (retryable(error)) {
    return new Error(`${what} still failed after ${attempts} attempts (${error.name}: ${error.message}).`);
  }
  return error;
}
