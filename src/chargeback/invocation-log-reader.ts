import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { fieldsOf, RecordFields, scanRecordFields } from './record-fields';
import { CostProfilesError } from '../core/errors';

/**
 * Reads Bedrock model invocation records as CloudWatch Logs or S3 deliver them and sums their
 * token counts per (modelId, Region, day, caller). Whole integers only: the sums are priced
 * later, exactly, once per group.
 *
 * Accepted, one JSON value per line (plain or gzip):
 * - a record (`schemaType: "ModelInvocationLog"`), as S3 delivery writes it;
 * - a CloudWatch Logs event whose `message` is a record (exports, `aws logs tail --format json`);
 * - a CloudWatch Logs subscription payload (`logEvents: [{ message }]`), as Firehose lands it.
 * And a whole pretty-printed document starting with `{` or `[` on its own line: the output of
 * `aws logs filter-log-events` (`events: [{ message }]`), or an array of any of the above (a file
 * that opens like one but does not parse as a whole is read as JSON lines after all).
 *
 * A line that is none of these is counted as malformed with its reason, never guessed at.
 */

/** Token sums of one group. Plain numbers: each is checked to stay a safe integer. */
export interface TokenSums {
  calls: number;
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  outputTokens: number;
}

export interface UsageGroup extends TokenSums {
  /** What the caller invoked: a profile ARN, a model id, a system profile id or ARN. */
  readonly modelId: string;
  /** The record's Region ('' when the record has none). */
  readonly region: string;
  /** UTC day of the record (YYYY-MM-DD). */
  readonly day: string;
  /** The caller's IAM identity ARN ('' when the record has none). */
  readonly caller: string;
}

export interface MalformedLine {
  readonly file: string;
  /** Line number in a JSON-lines file. */
  readonly line?: number;
  /** Position inside a line or document holding several events (`#3`). */
  readonly item: string;
  readonly reason: string;
}

export interface ReadResult {
  readonly files: number;
  readonly records: number;
  readonly groups: UsageGroup[];
  readonly malformed: number;
  /** The first malformed lines, with where and why. */
  readonly malformedExamples: MalformedLine[];
  /** Lines that are valid JSON but no invocation record (CloudWatch control messages). */
  readonly ignored: number;
}

export const MAX_EXAMPLES = 20;
const DAY = /^\d{4}-\d{2}-\d{2}T/;
const NEWLINE = 0x0a;
/** 1 MiB reads and inflates: fewer, larger chunks made gzip input twice as fast. */
const CHUNK_BYTES = 1024 * 1024;

export class InvocationLogAggregator {
  private readonly groups = new Map<string, UsageGroup>();
  private files = 0;
  private records = 0;
  private malformed = 0;
  private ignored = 0;
  private readonly examples: MalformedLine[] = [];

  public async readFile(file: string): Promise<void> {
    this.files++;
    const input = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
    const stream = (await isGzip(file)) ? input.pipe(zlib.createGunzip({ chunkSize: CHUNK_BYTES })) : input;
    // Lines are cut from bytes (a newline byte never occurs inside a UTF-8 sequence). A line the
    // byte scanner cannot read for certain is decoded and parsed on its own.
    let rest: Buffer | undefined;
    let lineNumber = 0;
    let sawContent = false;
    let document: Buffer[] | undefined;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (document) {
          document.push(chunk);
          continue;
        }
        const bytes = rest ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
          // Most lines are plain records: read straight from the bytes (scanRecordFields says why).
          const fields = scanRecordFields(bytes, start, end);
          if (fields !== undefined) {
            sawContent = true;
            this.addFields(fields, { file, line: lineNumber + 1 }, '');
          } else {
            const line = bytes.toString('utf8', start, end);
            if (!sawContent && !isBlank(line)) {
              sawContent = true;
              // A pretty-printed document (filter-log-events output) opens with a lone bracket.
              const opening = line.trim();
              if (opening === '{' || opening === '[') {
                document = [bytes.subarray(start)];
                break;
              }
            }
            this.addLine(line, file, lineNumber + 1);
          }
          lineNumber++;
          start = end + 1;
        }
        rest = !document && start < bytes.length ? bytes.subarray(start) : undefined;
      }
    } catch (e) {
      throw new CostProfilesError({
        location: file,
        field: '(file)',
        problem: `could not be read: ${(e as Error).message}`,
        fix: 'Check that the file is a complete JSON-lines or gzip file.',
      });
    }
    if (document) {
      this.addDocument(Buffer.concat(document).toString('utf8'), file, lineNumber + 1);
    } else if (rest !== undefined) {
      this.addLine(rest.toString('utf8'), file, lineNumber + 1);
    }
  }

  /** Adds one line of a JSON-lines file. */
  public addLine(line: string, file: string, lineNumber: number): void {
    const where = { file, line: lineNumber };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (isBlank(line)) {
        return;
      }
      this.reject(where, '', `not JSON (${(e as Error).message.split('\n')[0]})`);
      return;
    }
    this.addValue(value, where, '');
  }

  public result(): ReadResult {
    return {
      files: this.files,
      records: this.records,
      groups: [...this.groups.values()],
      malformed: this.malformed,
      malformedExamples: [...this.examples],
      ignored: this.ignored,
    };
  }

  /**
   * Adds a pretty-printed document. One that does not parse is read again as JSON lines: a file
   * that merely starts with a lone bracket keeps its valid lines, and each bad line is reported.
   */
  private addDocument(text: string, file: string, firstLine: number): void {
    const where = { file };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      text.split('\n').forEach((line, i) => this.addLine(line, file, firstLine + i));
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.addValue(item, where, `#${i}`));
    } else {
      this.addValue(value, where, '');
    }
  }

  private addValue(value: unknown, where: Where, item: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.reject(where, item, 'not a JSON object');
      return;
    }
    const v = value as Record<string, unknown>;
    if (typeof v.message === 'string' && v.modelId === undefined) {
      let inner: unknown;
      try {
        inner = JSON.parse(v.message);
      } catch {
        this.reject(where, item, 'a log event whose message is not JSON');
        return;
      }
      this.addValue(inner, where, item);
      return;
    }
    if (v.messageType === 'CONTROL_MESSAGE') {
      this.ignored++;
      return;
    }
    const events = Array.isArray(v.logEvents) ? v.logEvents : Array.isArray(v.events) ? v.events : undefined;
    if (events !== undefined) {
      events.forEach((event, i) => this.addValue(event, where, `${item}#${i}`));
      return;
    }
    this.addFields(fieldsOf(v), where, item);
  }

  /** The one place a record is judged, whichever path read it. */
  private addFields(r: RecordFields, where: Where, item: string): void {
    if (r.schemaType !== undefined && r.schemaType !== 'ModelInvocationLog') {
      this.reject(where, item, `schemaType is ${JSON.stringify(r.schemaType)}, not ModelInvocationLog`);
      return;
    }
    const modelId = r.modelId;
    if (typeof modelId !== 'string' || modelId === '') {
      this.reject(where, item, 'no modelId');
      return;
    }
    const timestamp = r.timestamp;
    if (typeof timestamp !== 'string' || !DAY.test(timestamp)) {
      this.reject(where, item, 'no ISO timestamp');
      return;
    }
    if (!r.inputIsObject) {
      this.reject(where, item, 'no input section');
      return;
    }
    const inputTokens = count(r.inputTokenCount);
    const cacheRead = count(r.cacheReadInputTokenCount ?? 0);
    const cacheWrite = count(r.cacheWriteInputTokenCount ?? 0);
    // Embedding calls have no output token count; anything present must be a count.
    const outputTokens = !r.hasOutput || r.outputIsNull ? 0 : r.outputIsObject ? count(r.outputTokenCount ?? 0) : -1;
    if (inputTokens < 0 || cacheRead < 0 || cacheWrite < 0 || outputTokens < 0) {
      this.reject(where, item, 'a token count that is not a whole number ≥ 0 (input.inputTokenCount is required)');
      return;
    }
    const region = typeof r.region === 'string' ? r.region : '';
    const caller = typeof r.identityArn === 'string' ? r.identityArn : '';
    const day = timestamp.slice(0, 10);
    const key = `${modelId}\t${region}\t${day}\t${caller}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { modelId, region, day, caller, calls: 0, inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0 };
      this.groups.set(key, group);
    }
    group.calls++;
    group.inputTokens += inputTokens;
    group.cacheReadInputTokens += cacheRead;
    group.cacheWriteInputTokens += cacheWrite;
    group.outputTokens += outputTokens;
    if (!Number.isSafeInteger(group.inputTokens + group.outputTokens + group.cacheReadInputTokens + group.cacheWriteInputTokens)) {
      throw new CostProfilesError({
        location: locate(where, item),
        field: 'token counts',
        problem: 'sum beyond 2^53 for one profile, day and caller',
        fix: 'Split the logs into smaller periods.',
      });
    }
    this.records++;
  }

  private reject(where: Where, item: string, reason: string): void {
    this.malformed++;
    if (this.examples.length < MAX_EXAMPLES) {
      this.examples.push({ file: where.file, line: where.line, item, reason });
    }
  }
}

export interface Where {
  readonly file: string;
  readonly line?: number;
}

/** `file:line#item`, for messages. */
export function locate(where: Where, item: string): string {
  return `${where.file}${where.line !== undefined ? `:${where.line}` : ''}${item}`;
}

/** A whole number ≥ 0, or -1. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Files under the given paths, sorted, directories walked, hidden entries skipped. */
export function listFiles(paths: string[]): string[] {
  const files: string[] = [];
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new CostProfilesError({ location: p, field: '(path)', problem: 'does not exist', fix: 'Give invocation-log files or directories.' });
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (!entry.startsWith('.')) {
          visit(path.join(p, entry));
        }
      }
    } else {
      files.push(p);
    }
  };
  paths.forEach(visit);
  return files;
}
