/** Invocation-log records for the chargeback tests, shaped as Bedrock writes them, and the CLI. */
import { run } from '../../src/cli/main';

export const ACCOUNT = '111111111111';
export const ARN_1 = `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/abc111`;
export const ARN_2 = `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/abc222`;
export const ARN_GEO = `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/geo333`;
export const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
export const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
export const ROLE_A = `arn:aws:sts::${ACCOUNT}:assumed-role/checkout/a`;
export const ROLE_B = `arn:aws:sts::${ACCOUNT}:assumed-role/search/b`;

export interface RecordOptions {
  modelId?: unknown;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  day?: string;
  caller?: string;
  region?: string;
  /** The record's requestMetadata (written last, as Bedrock does); absent when undefined. */
  metadata?: unknown;
}

export function record(o: RecordOptions = {}): Record<string, unknown> {
  return {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: `${o.day ?? '2026-11-02'}T10:00:00Z`,
    accountId: ACCOUNT,
    identity: { arn: o.caller ?? ROLE_A },
    region: o.region ?? 'us-west-2',
    requestId: 'r',
    operation: 'Converse',
    modelId: o.modelId ?? ARN_1,
    input: {
      inputContentType: 'application/json',
      inputBodyJson: { messages: [{ role: 'user', content: [{ text: 'hi "there" {not a brace} \\ ' }] }] },
      inputTokenCount: o.input ?? 1000,
      cacheReadInputTokenCount: o.cacheRead ?? 0,
      cacheWriteInputTokenCount: o.cacheWrite ?? 0,
    },
    output: { outputContentType: 'application/json', outputBodyJson: { stopReason: 'end_turn' }, outputTokenCount: o.output ?? 200 },
    ...(o.metadata !== undefined && { requestMetadata: o.metadata }),
  };
}

export const lines = (...records: unknown[]) => records.map(r => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';


/** Runs `bedrock-cost` in this process: exit code and what it wrote. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}
