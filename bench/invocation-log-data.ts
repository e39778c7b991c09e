/**
 * Generates Bedrock model invocation records shaped as S3 delivery writes them (one JSON record
 * per line, gzip), with prompt and completion bodies, for the chargeback benchmark. Deterministic
 * (seeded), so every run reads the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const ACCOUNT = '111111111111';
export const PROFILE_ARNS = Array.from({ length: 20 }, (_, i) =>
  `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/${(0x1a2b3c4d + i * 7919).toString(36).padStart(12, '0')}`);
const DIRECT_MODELS = ['anthropic.claude-3-5-haiku-20241022-v1:0', 'us.anthropic.claude-3-5-haiku-20241022-v1:0'];
const CALLERS = Array.from({ length: 50 }, (_, i) => `arn:aws:sts::${ACCOUNT}:assumed-role/service-${i % 20}-task/${i}`);
const TEAMS = ['growth', 'search', 'ads', 'support', 'platform', 'risk'];
const WORDS = 'the of cost profile budget token model service team region invoice usage forecast alarm tag bill price daily monthly'.split(' ');

/** A small linear congruential generator (mod 2^32): fast and seeded. */
function random(seed: number): () => number {
  const modulus = 2 ** 32;
  let state = seed % modulus;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223 + modulus) % modulus;
    return state / modulus;
  };
}

function sentence(next: () => number, words: number): string {
  let text = '';
  for (let i = 0; i < words; i++) {
    text += (i ? ' ' : '') + WORDS[Math.floor(next() * WORDS.length)];
  }
  return text;
}

/** One record as a JSON line: about 1.3 KB with bodies (text delivery on), 0.5 KB without. */
export function record(next: () => number, index: number, bodies: boolean, metadata = false): string {
  const direct = next() < 0.05;
  const modelId = direct ? DIRECT_MODELS[index % 2] : PROFILE_ARNS[Math.floor(next() * PROFILE_ARNS.length)];
  const input = 200 + Math.floor(next() * 3000);
  const output = 20 + Math.floor(next() * 600);
  const cacheRead = next() < 0.2 ? Math.floor(input / 2) : 0;
  const day = 1 + (index % 30);
  const prompt = sentence(next, 40);
  const completion = sentence(next, 30);
  return JSON.stringify({
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: `2026-11-${String(day).padStart(2, '0')}T${String(index % 24).padStart(2, '0')}:15:30Z`,
    accountId: ACCOUNT,
    identity: { arn: CALLERS[index % CALLERS.length] },
    region: 'us-west-2',
    requestId: `${index.toString(16).padStart(8, '0')}-1111-2222-3333-444455556666`,
    operation: 'Converse',
    modelId,
    input: {
      inputContentType: 'application/json',
      ...(bodies ? { inputBodyJson: { messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 1024 } } } : {}),
      inputTokenCount: input,
      cacheReadInputTokenCount: cacheRead,
      cacheWriteInputTokenCount: 0,
    },
    output: {
      outputContentType: 'application/json',
      ...(bodies ? {
        outputBodyJson: {
          output: { message: { role: 'assistant', content: [{ text: completion }] } },
          stopReason: 'end_turn',
          usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
          metrics: { latencyMs: 500 + Math.floor(next() * 3000) },
        },
      } : {}),
      outputTokenCount: output,
    },
    // From the index, not the generator: the other fields stay the same bytes.
    ...(metadata && index % 5 !== 0 ? { requestMetadata: { team: TEAMS[index % TEAMS.length], user: `user-${index % 200}` } } : {}),
  });
}

export interface LogSet {
  readonly records: number;
  readonly files: number;
  /** Prompt and completion bodies in the records (text delivery on). */
  readonly bodies: boolean;
  readonly gzip: boolean;
  /** requestMetadata (team, user) on 4 records in 5. */
  readonly metadata?: boolean;
}

/**
 * Writes the records of a log set into files under `dir` (reused when already complete) and
 * returns the file paths and the uncompressed size.
 */
export function generateLogs(dir: string, set: LogSet): { paths: string[]; bytes: number } {
  const { records, files, bodies, gzip, metadata = false } = set;
  // The generator's version is in the marker: a changed generator regenerates.
  const marker = path.join(dir, `.complete-v2-${records}-${files}${metadata ? '-metadata' : ''}`);
  const paths = Array.from({ length: files }, (_, i) => path.join(dir, `part-${String(i).padStart(3, '0')}.json${gzip ? '.gz' : ''}`));
  if (fs.existsSync(marker)) {
    return { paths, bytes: Number(fs.readFileSync(marker, 'utf-8')) };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const next = random(42);
  let bytes = 0;
  const perFile = Math.ceil(records / files);
  for (let f = 0; f < files; f++) {
    const lines: string[] = [];
    for (let i = f * perFile; i < Math.min(records, (f + 1) * perFile); i++) {
      lines.push(record(next, i, bodies, metadata));
    }
    const text = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(paths[f], gzip ? zlib.gzipSync(text, { level: 6 }) : text);
  }
  fs.writeFileSync(marker, String(bytes));
  return { paths, bytes };
}
