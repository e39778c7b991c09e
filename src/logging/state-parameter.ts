// Only the logging handler imports this module, and its bundle carries the client.
// eslint-disable-next-line import/no-extraneous-dependencies
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { EMPTY_STATE, LoggingState, parseState, StoredLoggingConfig } from './logging-state';

/** Calls an AWS API with the handler's retries (and time budget). */
export type Retrying = <T>(what: string, call: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/** The value an earlier version kept per stack when nothing had been replaced. */
export const LEGACY_NONE = 'none';

/**
 * The SSM parameter that holds the ownership state of logging (logging-state.ts): read back
 * through its schema, removed once no owner is left.
 */
export class StateParameter {
  constructor(private readonly ssm: SSMClient, private readonly retrying: Retrying) {}

  /** The state (empty when there is none yet), or why it cannot be used. */
  public async read(name: string): Promise<{ state: LoggingState } | { problem: string }> {
    const text = await this.get(name);
    return text === undefined ? { state: EMPTY_STATE } : parseState(text);
  }

  /** What an earlier version kept per stack: the replaced configuration, or 'none'. */
  public async readLegacy(name: string): Promise<StoredLoggingConfig | null> {
    const text = await this.get(name);
    if (text === undefined || text === LEGACY_NONE) {
      return null;
    }
    let original: unknown;
    try {
      original = JSON.parse(text);
    } catch {
      return null;
    }
    const parsed = parseState(JSON.stringify({ ...EMPTY_STATE, original }));
    return 'state' in parsed ? parsed.state.original : null;
  }

  public async write(name: string, state: LoggingState): Promise<void> {
    await this.retrying('PutParameter', signal => this.ssm.send(new PutParameterCommand({
      Name: name,
      Value: JSON.stringify(state),
      Type: 'String',
      // Standard (free) while it fits in 4 KB; advanced only for a long chain of owners.
      Tier: 'Intelligent-Tiering',
      Overwrite: true,
      Description: 'Who owns the Bedrock model invocation logging configuration, and what to restore (cdk-bedrock-cost-profiles).',
    }), { abortSignal: signal }));
  }

  /** Writes the state, or removes the parameter once no owner is left. */
  public async saveOrClear(name: string, state: LoggingState): Promise<void> {
    if (state.owners.length === 0) {
      await this.delete(name);
    } else {
      await this.write(name, state);
    }
  }

  public async delete(name: string): Promise<void> {
    try {
      await this.retrying('DeleteParameter', signal => this.ssm.send(new DeleteParameterCommand({ Name: name }), { abortSignal: signal }));
    } catch (e) {
      if ((e as Error).name !== 'ParameterNotFound') {
        throw e;
      }
    }
  }

  private async get(name: string): Promise<string | undefined> {
    try {
      const response = await this.retrying('GetParameter', signal => this.ssm.send(new GetParameterCommand({ Name: name }), { abortSignal: signal }));
      return response?.Parameter?.Value;
    } catch (e) {
      if ((e as Error).name === 'ParameterNotFound') {
        return undefined;
      }
      throw e;
    }
  }
}
