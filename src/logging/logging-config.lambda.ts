/**
 * Custom-resource handler (behind custom_resources.Provider) for Bedrock model invocation
 * logging, which CloudFormation has no resource for. There is one configuration per account
 * and Region, so the handler keeps, in one SSM parameter per account and Region, who owns it
 * and what to put back (see logging-state.ts):
 *
 * - Create/Update: read the live configuration. Ours (written by this construct), or by this
 *   construct under an earlier name in the same stack (a rename), is rewritten. One written by
 *   this library in another stack, or by anyone else, is refused unless `TakeOver` is set; then
 *   this construct becomes its owner, and the configuration first replaced is kept to restore.
 * - Delete: a construct that is not the last owner just leaves the chain. The last owner hands
 *   the configuration back to the owner before it, or restores the original, deletes or
 *   retains, as chosen. Nothing is restored that fails the state's schema, delivers to another
 *   account's role or bucket, or cannot be checked: the configuration is then deleted and the
 *   response says why. A configuration someone else wrote since is left alone.
 * - Every call has a timeout and retries throttling and 5xx with full-jitter backoff, within a
 *   time budget that fits the Lambda timeout; responses stay far under CloudFormation's 4 KB;
 *   the physical id never changes.
 */
import {
  BedrockClient,
  DeleteModelInvocationLoggingConfigurationCommand,
  GetModelInvocationLoggingConfigurationCommand,
  LoggingConfig,
  PutModelInvocationLoggingConfigurationCommand,
} from '@aws-sdk/client-bedrock';
import { SSMClient } from '@aws-sdk/client-ssm';
import { BucketOwnership, bucketOwnership } from './bucket-owner';
import {
  bucketsOf, configProblem, describeConfig, EMPTY_STATE, foreignAccountProblem, LoggingOwner, MAX_OWNERS, sameDestinations, stored,
  StoredLoggingConfig,
} from './logging-state';
import { LEGACY_NONE, StateParameter } from './state-parameter';
import { CALL_TIMEOUT_MS, Deadline } from '../core/handler-budget';
import { DEFAULT_RETRIES, RetriesExhausted, retryable, RetrySchedule, withRetries as retry } from '../core/retries';

export const PHYSICAL_ID = 'bedrock-model-invocation-logging';
export const NO_PREVIOUS = LEGACY_NONE;

export type DeleteBehavior = 'RESTORE_PREVIOUS' | 'DELETE' | 'RETAIN';

export interface LoggingEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The stack's id (ARN) and the resource's logical id: who owns what this resource writes. */
  readonly StackId: string;
  readonly LogicalResourceId: string;
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
  /** SSM parameter that holds the account's and Region's ownership state. */
  readonly StateParameterName?: string;
}

export interface LoggingResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/** Seams for tests: clients, clock, sleep, randomness and the S3 ownership check. */
export interface Dependencies {
  readonly bedrock: BedrockClient;
  readonly ssm: SSMClient;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly bucketOwnership: (bucket: string, account: string, signal: AbortSignal) => Promise<BucketOwnership>;
}

// The handler retries itself (with jitter); the SDK makes one attempt per call, each aborted
// after CALL_TIMEOUT_MS.
const clientConfig = { maxAttempts: 1, requestHandler: { connectionTimeout: 3_000, requestTimeout: CALL_TIMEOUT_MS } };
let deps: Dependencies = {
  bedrock: new BedrockClient(clientConfig),
  ssm: new SSMClient(clientConfig),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
  bucketOwnership: async (bucket, account, signal) => bucketOwnership({
    bucket,
    account,
    signal,
    region: await deps.bedrock.config.region(),
    credentials: await deps.bedrock.config.credentials(),
    // The SDK's convention for a custom endpoint (the tests point it at a local server).
    endpoint: process.env.AWS_ENDPOINT_URL_S3,
  }),
};

/** For tests. */
export function setDependencies(replacement: Partial<Dependencies>): void {
  deps = { ...deps, ...replacement };
}

export const MAX_ATTEMPTS = DEFAULT_RETRIES.attempts;
export const BASE_DELAY_MS = DEFAULT_RETRIES.baseDelayMs;
export const MAX_DELAY_MS = DEFAULT_RETRIES.maxDelayMs;
/**
 * Bedrock checks at Put that it can assume the delivery role and write to the group. A role
 * created seconds ago may not be visible to it yet (IAM is eventually consistent), so Put
 * retries a ValidationException on this longer schedule before giving up.
 */
export const VALIDATION_RETRIES: RetrySchedule = { attempts: 8, baseDelayMs: 1_000, maxDelayMs: 8_000 };
export const VALIDATION_ATTEMPTS = VALIDATION_RETRIES.attempts;

/** This invocation's time budget. */
let deadline = new Deadline(() => deps.now());

const stateParameter = () => new StateParameter(deps.ssm, withRetries);

interface Context {
  readonly me: { readonly stackId: string; readonly logicalId: string };
  readonly account: string;
  readonly props: Properties;
  /** Log groups this resource delivers to, and did before this update. */
  readonly ourGroups: Set<string | undefined>;
}

export async function handler(event: LoggingEvent): Promise<LoggingResponse> {
  deadline = new Deadline(() => deps.now());
  const props = parseProperties(event.ResourceProperties);
  const account = String(event.StackId).split(':')[4];
  if (!/^\d{12}$/.test(account ?? '') || typeof event.LogicalResourceId !== 'string') {
    throw new Error(`the event carries no stack id and logical id (StackId ${JSON.stringify(event.StackId)?.slice(0, 100)})`);
  }
  const context: Context = {
    me: { stackId: event.StackId, logicalId: event.LogicalResourceId },
    account,
    props,
    // Ours = delivering to our log group, or to the one we used before this update.
    ourGroups: new Set([logGroupOf(props.config), event.OldResourceProperties && oldLogGroup(event.OldResourceProperties)]),
  };
  if (event.RequestType === 'Delete') {
    const outcome = await remove(context);
    console.log(JSON.stringify(outcome));
    return { PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_ID, Data: short({ ...outcome }) };
  }
  const replaced = await apply(context, event.OldResourceProperties?.StateParameterName);
  return { PhysicalResourceId: PHYSICAL_ID, Data: short({ LogGroupName: logGroupOf(props.config) ?? '', Replaced: replaced }) };
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

/** Who wrote a configuration, for messages: the construct and its stack's name. */
function ownerName(owner: LoggingOwner): string {
  return `${owner.logicalId} in stack ${owner.stackId.split('/')[1] ?? owner.stackId}`;
}

function isMe(owner: LoggingOwner | undefined, context: Context): boolean {
  return owner !== undefined && owner.stackId === context.me.stackId && owner.logicalId === context.me.logicalId;
}

async function apply(context: Context, oldStateParameter: string | undefined): Promise<string> {
  const { props } = context;
  const current = await getConfiguration();
  const read = await stateParameter().read(props.stateParameter);
  let state = 'state' in read ? read.state : EMPTY_STATE;
  if ('problem' in read) {
    console.log(JSON.stringify({ action: 'reset-state', reason: read.problem }));
  } else if (oldStateParameter !== undefined && oldStateParameter !== props.stateParameter && state.owners.length === 0 && state.original === null) {
    state = { ...state, original: await stateParameter().readLegacy(oldStateParameter) };
  }
  const top = state.owners[state.owners.length - 1];
  let replaced = NO_PREVIOUS;
  if (current !== undefined && top !== undefined && sameDestinations(current, top.config)) {
    // Written by this library: by this construct, by it under an earlier name in this stack, or elsewhere.
    if (!isMe(top, context) && top.stackId !== context.me.stackId && !props.takeOver) {
      throw new Error(`Bedrock model invocation logging in this account and Region is managed by ${ownerName(top)} `
        + `(it delivers to ${describeConfig(current)}). There is one configuration per account and Region. Remove it there first, `
        + 'or set takeOverExistingConfiguration: true here: that stack gets it back when this one is deleted.');
    }
    replaced = isMe(top, context) ? NO_PREVIOUS : `${describeConfig(current)} (written by ${ownerName(top)})`;
  } else if (current !== undefined && !isOurs(current, context.ourGroups)) {
    if (!props.takeOver) {
      throw new Error(`Bedrock model invocation logging in this account and Region already delivers to ${describeConfig(current)}, `
        + 'and this stack did not configure it. There is one configuration per account and Region: writing ours would silently '
        + 'turn that one off. Set takeOverExistingConfiguration: true to replace it (it is saved and restored when this stack is '
        + 'deleted), or remove the other configuration first.');
    }
    const problem = configProblem(current);
    if (problem !== undefined) {
      throw new Error(`The configuration to take over (${describeConfig(current)}) cannot be saved to restore later: it ${problem}. `
        + 'Remove it first, or take it over with a newer version of this library.');
    }
    // The configuration first replaced stays the one to restore: a later take-over keeps it.
    if (state.owners.length === 0 && state.original === null) {
      state = { ...state, original: stored(current) };
    }
    replaced = describeConfig(current);
  }
  const mine: LoggingOwner = { ...context.me, config: stored(props.config) };
  const owners = [...state.owners.filter(o => !isMe(o, context)), mine].slice(-MAX_OWNERS);
  await stateParameter().write(props.stateParameter, { ...state, owners });
  if (oldStateParameter !== undefined && oldStateParameter !== props.stateParameter) {
    await stateParameter().delete(oldStateParameter);
  }
  await put(props.config);
  console.log(JSON.stringify({ action: 'put', logGroup: logGroupOf(props.config), replaced, stateProblem: 'problem' in read ? read.problem : undefined }));
  return replaced;
}

/** What a Delete did, and why (the response's Data, and the log). */
interface Outcome {
  readonly Action: 'none' | 'leave-chain' | 'retain' | 'delete' | 'restore' | 'hand-back';
  readonly Reason: string;
}

async function remove(context: Context): Promise<Outcome> {
  const { props } = context;
  const current = await getConfiguration();
  const read = await stateParameter().read(props.stateParameter);
  if ('problem' in read) {
    // Nothing in a state that fails its schema is used; the stack must still delete.
    if (!isOurs(current, context.ourGroups)) {
      return { Action: 'none', Reason: `the live configuration is not this construct's; left alone (and ${read.problem})` };
    }
    await stateParameter().delete(props.stateParameter);
    return props.onDelete === 'RETAIN'
      ? { Action: 'retain', Reason: `retained as chosen; ${read.problem}, so it was removed` }
      : deleteConfiguration(`nothing was restored: ${read.problem}`);
  }
  const state = read.state;
  const index = state.owners.findIndex(o => isMe(o, context));
  const rest = state.owners.filter((_, i) => i !== index);
  const recorded = index >= 0;
  const last = recorded && index === state.owners.length - 1;
  const live = recorded ? sameDestinations(current, state.owners[index].config) : isOurs(current, context.ourGroups);
  if (!live || (recorded && !last)) {
    if (recorded) {
      await stateParameter().saveOrClear(props.stateParameter, { ...state, owners: rest });
    }
    return {
      Action: recorded ? 'leave-chain' : 'none',
      Reason: recorded && !last
        ? `${ownerName(state.owners[state.owners.length - 1])} manages the configuration now; left alone`
        : 'the live configuration is not the one this construct wrote; left alone',
    };
  }
  // This construct wrote the live configuration: hand it back, or restore, delete or retain.
  const previous = rest[rest.length - 1];
  let outcome: Outcome;
  if (previous !== undefined) {
    outcome = await restore(previous.config, 'hand-back', `handed back to ${ownerName(previous)}`, context);
  } else if (props.onDelete === 'RETAIN') {
    outcome = { Action: 'retain', Reason: 'retained as chosen' };
  } else if (props.onDelete === 'RESTORE_PREVIOUS' && state.original !== null) {
    outcome = await restore(state.original, 'restore', 'restored the configuration first replaced', context);
  } else {
    outcome = await deleteConfiguration(props.onDelete === 'DELETE' ? 'deleted as chosen' : 'there was no configuration before this library\'s');
  }
  await stateParameter().saveOrClear(props.stateParameter, { ...state, owners: rest });
  return outcome;
}

/** Puts a saved configuration back, if it may be: else deletes the configuration and says why. */
async function restore(config: StoredLoggingConfig, action: 'restore' | 'hand-back', done: string, context: Context): Promise<Outcome> {
  const problem = await restoreProblem(config, context.account);
  if (problem !== undefined) {
    return deleteConfiguration(`${describeConfig(config)} was not restored: ${problem}`);
  }
  try {
    await put(config);
  } catch (e) {
    // Its role or group may be gone: the stack must still delete.
    return deleteConfiguration(`${describeConfig(config)} could not be restored: ${(e as Error).message.slice(0, 300)}`);
  }
  return { Action: action, Reason: `${done}: ${describeConfig(config)}` };
}

/** Why a saved configuration must not be put back: another account's role or bucket, or unverifiable. */
async function restoreProblem(config: StoredLoggingConfig, account: string): Promise<string | undefined> {
  const roleProblem = foreignAccountProblem(config, account);
  if (roleProblem !== undefined) {
    return roleProblem;
  }
  for (const bucket of bucketsOf(config)) {
    let ownership: BucketOwnership;
    try {
      ownership = await withRetries('HeadBucket', signal => deps.bucketOwnership(bucket, account, signal));
    } catch (e) {
      return `the owner of S3 bucket ${bucket} could not be checked (${(e as Error).message.slice(0, 200)})`;
    }
    if (!ownership.owned) {
      return ownership.reason;
    }
  }
  return undefined;
}

async function deleteConfiguration(reason: string): Promise<Outcome> {
  await withRetries('DeleteModelInvocationLoggingConfiguration', signal =>
    deps.bedrock.send(new DeleteModelInvocationLoggingConfigurationCommand({}), { abortSignal: signal }));
  return { Action: 'delete', Reason: reason };
}

/** Data travels back in CloudFormation's 4 KB response: each value at most 500 characters. */
function short(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.length > 500 ? `${v.slice(0, 500)}…` : v]));
}

async function put(config: LoggingConfig): Promise<void> {
  await withRetries('PutModelInvocationLoggingConfiguration',
    signal => deps.bedrock.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig: config }), { abortSignal: signal }),
    { retryValidation: true });
}

async function getConfiguration(): Promise<LoggingConfig | undefined> {
  const response = await withRetries('GetModelInvocationLoggingConfiguration', signal =>
    deps.bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}), { abortSignal: signal }));
  const config = response.loggingConfig;
  return config && (config.cloudWatchConfig || config.s3Config) ? config : undefined;
}

/** The schedule for an error: Put's ValidationException on the longer one, the rest as usual. */
function scheduleFor(retryValidation: boolean) {
  return (e: Error) => (retryValidation && e.name === 'ValidationException' ? VALIDATION_RETRIES : retryable(e) ? DEFAULT_RETRIES : undefined);
}

async function withRetries<T>(what: string, call: (signal: AbortSignal) => Promise<T>, options: { retryValidation?: boolean } = {}): Promise<T> {
  try {
    return await retry(what, call, { sleep: deps.sleep, random: deps.random, deadline }, scheduleFor(options.retryValidation === true));
  } catch (e) {
    throw explain(what, e as Error);
  }
}

function explain(what: string, error: Error): Error {
  const cause = error instanceof RetriesExhausted ? error.cause ?? error : error;
  if (cause.name === 'AccessDeniedException' || cause.name === 'AccessDenied') {
    return new Error(`${what} was denied: ${cause.message}. The handler's role needs bedrock:${what} and iam:PassRole on the delivery role `
      + '(this construct grants both; restoring a replaced configuration also passes its role); an SCP or permissions boundary may be blocking it.');
  }
  if (cause.name === 'ValidationException' && error instanceof RetriesExhausted) {
    return new Error(`${what} was refused after ${error.attempts} attempts: ${cause.message}. Bedrock checks at this call that it can assume the `
      + 'delivery role and write to the log group (and bucket); check the role trust policy and permissions.');
  }
  return error;
}
