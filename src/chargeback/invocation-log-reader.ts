import * as fs from 'fs';
import * as zlib from 'zlib';
import { LineSplitter } from './line-splitter';
import { SkippedLogFile } from './log-files';
import { fieldsOf, RecordFields, scanRecordFields } from './record-fields';
import { CostProfilesError, parserMessage, renderValue } from '../core/errors';
import { isIsoDate } from '../core/iso-date';
import { ownValue } from '../core/records';
import { mebibytes, openRegularFile } from '../core/regular-file';

/**
 * Reads Bedrock model invocation records as CloudWatch Logs or S3 deliver them and sums their
 * token counts per (modelId, Region, day, caller), and per value of each `requestMetadata` key
 * asked for. Whole integers only: the sums are priced later, exactly, once per group.
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
  /**
   * The record's `requestMetadata` value of each key asked for, in order; null when the record
   * has no such key. Empty when no keys were asked for.
   */
  readonly metadata: ReadonlyArray<string | null>;
}

/** Options of `InvocationLogAggregator`. */
export interface AggregatorOptions {
  /** Sum per value of these `requestMetadata` keys too. */
  readonly metadataKeys?: readonly string[];
}

/** The key that sums records into one group. */
export function groupKey(g: Pick<UsageGroup, 'modelId' | 'region' | 'day' | 'caller' | 'metadata'>): string {
  const base = `${g.modelId}\t${g.region}\t${g.day}\t${g.caller}`;
  return g.metadata.length === 0 ? base : `${base}\t${JSON.stringify(g.metadata)}`;
}

const NO_METADATA: ReadonlyArray<string | null> = Object.freeze([]);

/**
 * The value of `key` in a record's `requestMetadata`: a string as it is; any other JSON value
 * (the API takes strings only, but a log is input) as its JSON text; null when absent.
 */
export function metadataValue(requestMetadata: unknown, key: string): string | null {
  if (requestMetadata === null || typeof requestMetadata !== 'object' || Array.isArray(requestMetadata)) {
    return null;
  }
  const value = ownValue(requestMetadata as Record<string, unknown>, key);
  return value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
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
  /** Inputs left out because another input holds the same records. */
  readonly skipped: SkippedLogFile[];
}

export const MAX_EXAMPLES = 20;
/**
 * The longest line read: a record carries its prompt and completion (images as base64), but
 * CloudWatch Logs caps an event at 256 KB and Bedrock moves larger bodies out of the record.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** The largest pretty-printed document parsed whole (V8 strings end at about 512 MiB). */
export const MAX_DOCUMENT_BYTES = 128 * 1024 * 1024;
/** A file may hold this many more malformed lines than records before it is refused. */
export const MAX_MALFORMED_LEAD = 100_000;
/** Envelopes (events, messages, payloads) around a record: a few in practice. */
const MAX_ENVELOPE_DEPTH = 8;
const DAY = /^\d{4}-\d{2}-\d{2}T/;
/** 1 MiB reads and inflates: fewer, larger chunks made gzip input twice as fast. */
const CHUNK_BYTES = 1024 * 1024;

export class InvocationLogAggregator {
  private readonly groups = new Map<string, UsageGroup>();
  private readonly metadataKeys: readonly string[];
  private files = 0;
  private records = 0;
  private malformed = 0;
  private ignored = 0;
  private readonly examples: MalformedLine[] = [];
  /** Malformed lines and records of the file being read. */
  private fileMalformed = 0;
  private fileRecords = 0;

  constructor(options: AggregatorOptions = {}) {
    this.metadataKeys = options.metadataKeys ?? [];
  }

  public async readFile(file: string): Promise<void> {
    this.files++;
    this.fileMalformed = 0;
    this.fileRecords = 0;
    const fd = openRegularFile(file, 'invocation log');
    const input = fs.createReadStream('', { fd, highWaterMark: CHUNK_BYTES });
    const stream = isGzip(fd) ? input.pipe(zlib.createGunzip({ chunkSize: CHUNK_BYTES })) : input;
    let sawContent = false;
    const splitter = new LineSplitter((bytes, start, end, line) => {
      // Most lines are plain records: read straight from the bytes (scanRecordFields says why).
      const fields = scanRecordFields(bytes, start, end, this.metadataKeys.length > 0);
      if (fields !== undefined) {
        sawContent = true;
        this.addFields(fields, { file, line }, '');
        return false;
      }
      if (isBlankBytes(bytes, start, end)) {
        return false;
      }
      const text = bytes.toString('utf8', start, end);
      if (!sawContent) {
        sawContent = true;
        // A pretty-printed document (filter-log-events output) opens with a lone bracket.
        const opening = text.trim();
        if (opening === '{' || opening === '[') {
          return true;
        }
      }
      this.addLine(text, file, line);
      return false;
    }, MAX_LINE_BYTES, line => {
      throw new CostProfilesError({
        location: `${file}:${line}`,
        field: '(line)',
        problem: `is longer than ${mebibytes(MAX_LINE_BYTES)}, more than any invocation record`,
        fix: 'Check that this is an invocation log (JSON lines, or a pretty-printed document opening with a lone { or [ line).',
      });
    });
    let document: DocumentBuffer | undefined;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (document) {
          document.add(chunk);
          continue;
        }
        const rest = splitter.push(chunk);
        if (rest) {
          document = new DocumentBuffer(file, splitter.nextLine, rest);
        }
      }
      if (!document) {
        const rest = splitter.end();
        document = rest && new DocumentBuffer(file, splitter.nextLine, rest);
      }
    } catch (e) {
      if (e instanceof CostProfilesError) {
        throw e;
      }
      throw new CostProfilesError({
        location: file,
        field: '(file)',
        problem: `could not be read: ${(e as Error).message}`,
        fix: 'Check that the file is a complete JSON-lines or gzip file.',
      });
    } finally {
      input.destroy();
    }
    if (document) {
      this.addDocument(document.text(), file, document.firstLine);
    }
  }

  /** Adds one line of a JSON-lines file. */
  public addLine(line: string, file: string, lineNumber: number): void {
    if (isBlank(line)) {
      return;
    }
    const where = { file, line: lineNumber };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      this.reject(where, '', `not JSON (${parserMessage(e)})`);
      return;
    }
    this.addValue(value, where, '', 0);
  }

  public result(): ReadResult {
    return {
      files: this.files,
      records: this.records,
      groups: [...this.groups.values()],
      malformed: this.malformed,
      malformedExamples: [...this.examples],
      ignored: this.ignored,
      skipped: [],
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
      value.forEach((item, i) => this.addValue(item, where, `#${i}`, 1));
    } else {
      this.addValue(value, where, '', 0);
    }
  }

  private addValue(value: unknown, where: Where, item: string, depth: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.reject(where, item, 'not a JSON object');
      return;
    }
    if (depth > MAX_ENVELOPE_DEPTH) {
      this.reject(where, item, `log events nested more than ${MAX_ENVELOPE_DEPTH} deep`);
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
      this.addValue(inner, where, item, depth + 1);
      return;
    }
    if (v.messageType === 'CONTROL_MESSAGE') {
      this.ignored++;
      return;
    }
    const events = Array.isArray(v.logEvents) ? v.logEvents : Array.isArray(v.events) ? v.events : undefined;
    if (events !== undefined) {
      events.forEach((event, i) => this.addValue(event, where, `${item}#${i}`, depth + 1));
      return;
    }
    this.addFields(fieldsOf(v, this.metadataKeys.length > 0), where, item);
  }

  /** The one place a record is judged, whichever path read it. */
  private addFields(r: RecordFields, where: Where, item: string): void {
    if (r.schemaType !== undefined && r.schemaType !== 'ModelInvocationLog') {
      this.reject(where, item, `schemaType is ${renderValue(r.schemaType)}, not ModelInvocationLog`);
      return;
    }
    const modelId = r.modelId;
    if (typeof modelId !== 'string' || modelId === '') {
      this.reject(where, item, 'no modelId');
      return;
    }
    const timestamp = r.timestamp;
    if (typeof timestamp !== 'string' || !DAY.test(timestamp) || !isIsoDate(timestamp.slice(0, 10))) {
      this.reject(where, item, 'no ISO timestamp');
      return;
    }
    if (!r.inputIsObject) {
      this.reject(where, item, 'no input section');
      return;
    }
    // A count that is absent is 0 (embedding calls log no output count); one that is present,
    // even null, must be a whole number.
    const inputTokens = count(r.inputTokenCount);
    const cacheRead = r.cacheReadInputTokenCount === undefined ? 0 : count(r.cacheReadInputTokenCount);
    const cacheWrite = r.cacheWriteInputTokenCount === undefined ? 0 : count(r.cacheWriteInputTokenCount);
    const outputTokens = !r.hasOutput || r.outputIsNull ? 0
      : r.outputIsObject ? (r.outputTokenCount === undefined ? 0 : count(r.outputTokenCount)) : -1;
    if (inputTokens < 0 || cacheRead < 0 || cacheWrite < 0 || outputTokens < 0) {
      this.reject(where, item, 'a token count that is not a whole number ≥ 0 (input.inputTokenCount is required)');
      return;
    }
    const region = typeof r.region === 'string' ? r.region : '';
    const caller = typeof r.identityArn === 'string' ? r.identityArn : '';
    const day = timestamp.slice(0, 10);
    const metadata = this.metadataKeys.length === 0 ? NO_METADATA : this.metadataKeys.map(k => metadataValue(r.requestMetadata, k));
    const key = groupKey({ modelId, region, day, caller, metadata });
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        modelId, region, day, caller, metadata, calls: 0, inputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 0,
      };
      this.groups.set(key, group);
    }
    group.calls++;
    group.inputTokens += inputTokens;
    group.cacheReadInputTokens += cacheRead;
    group.cacheWriteInputTokens += cacheWrite;
    group.outputTokens += outputTokens;
    this.fileRecords++;
    if (!Number.isSafeInteger(group.inputTokens + group.outputTokens + group.cacheReadInputTokens + group.cacheWriteInputTokens)) {
      throw new CostProfilesError({
        location: locate(where, item),
        field: 'token counts',
        problem: 'sum beyond 2^53 for one profile, day, caller and metadata value',
        fix: 'Split the logs into smaller periods.',
      });
    }
    this.records++;
  }

  private reject(where: Where, item: string, reason: string): void {
    this.malformed++;
    this.fileMalformed++;
    if (this.examples.length < MAX_EXAMPLES) {
      this.examples.push({ file: where.file, line: where.line, item, reason });
    }
    // Each malformed line is parsed in full; a file of little else would take minutes.
    if (this.fileMalformed - this.fileRecords > MAX_MALFORMED_LEAD) {
      throw new CostProfilesError({
        location: where.file,
        field: '(file)',
        problem: `holds more than ${MAX_MALFORMED_LEAD.toLocaleString('en-US')} malformed lines beyond its ${this.fileRecords} invocation records, so it is no invocation log`,
        fix: 'Remove it from the inputs, or check how it was exported (see the first malformed lines with a smaller sample).',
      });
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

/** Only JSON whitespace (space, tab, CR) between `start` and `end`. */
function isBlankBytes(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0d) {
      return false;
    }
  }
  return true;
}

/** Reads the first two bytes at position 0, leaving the descriptor's offset where it is. */
function isGzip(fd: number): boolean {
  const head = Buffer.alloc(2);
  return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A pretty-printed document, collected whole (it is parsed whole), up to a size that parses. */
class DocumentBuffer {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly file: string, public readonly firstLine: number, first: Buffer) {
    this.add(first);
  }

  public add(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_DOCUMENT_BYTES) {
      throw new CostProfilesError({
        location: this.file,
        field: '(document)',
        problem: `is a pretty-printed document larger than ${mebibytes(MAX_DOCUMENT_BYTES)}, too large to parse whole`,
        fix: "Convert it to JSON lines, e.g. jq -c '.events[]' < file > file.jsonl, or export smaller time ranges.",
      });
    }
    this.chunks.push(chunk);
  }

  public text(): string {
    return Buffer.concat(this.chunks, this.bytes).toString('utf8');
  }
}
