import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { record as benchRecord } from '../../bench/invocation-log-data';
import { InvocationLogAggregator } from '../../src/chargeback/invocation-log-reader';
import { fieldsOf, RecordFields, scanRecordFields } from '../../src/chargeback/record-fields';

const ACCOUNT = '111111111111';
const RECORD = {
  schemaType: 'ModelInvocationLog',
  schemaVersion: '1.0',
  timestamp: '2026-11-02T10:00:00Z',
  accountId: ACCOUNT,
  identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/checkout/a` },
  region: 'us-west-2',
  requestId: 'r',
  operation: 'Converse',
  modelId: `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/abc111`,
  input: {
    inputContentType: 'application/json',
    inputBodyJson: { messages: [{ role: 'user', content: [{ text: 'hi "there" {not a brace} \\ é 😀 \u0001' }] }], n: [1.5e-3, -0, true, false, null] },
    inputTokenCount: 1000,
    cacheReadInputTokenCount: 10,
    cacheWriteInputTokenCount: 0,
  },
  output: { outputContentType: 'application/json', outputBodyJson: { stopReason: 'end_turn', modelId: 'not this one' }, outputTokenCount: 200 },
  requestMetadata: { 'team': 'growth', 'user id': 'a\\b "c" é 😀', 'nested': { modelId: 'not this one either' } },
};

/** What the fast path read from `text` (request metadata kept or not), and what JSON.parse gives. */
function bothWays(text: string | Buffer, withMetadata = true): { scanned: RecordFields | undefined; parsed: unknown; parses: boolean } {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const scanned = scanRecordFields(bytes, 0, bytes.length, withMetadata);
  try {
    return { scanned, parsed: JSON.parse(bytes.toString('utf8')), parses: true };
  } catch {
    return { scanned, parsed: undefined, parses: false };
  }
}

const ENVELOPE_KEYS = ['message', 'messageType', 'logEvents', 'events'];

/**
 * The fast path's contract: it never reads a line JSON.parse rejects, never reads an envelope,
 * and what it reads equals fieldsOf(JSON.parse(line)), with request metadata kept or not.
 * Returns what it read keeping the metadata.
 */
function expectAgreement(text: string | Buffer): RecordFields | undefined {
  expectAgreementIn(text, false);
  return expectAgreementIn(text, true);
}

function expectAgreementIn(text: string | Buffer, withMetadata: boolean): RecordFields | undefined {
  const { scanned, parsed, parses } = bothWays(text, withMetadata);
  if (scanned === undefined) {
    return undefined;
  }
  expect(parses).toBe(true);
  expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)).toBe(true);
  const object = parsed as Record<string, unknown>;
  expect(ENVELOPE_KEYS.filter(k => Object.prototype.hasOwnProperty.call(object, k))).toEqual([]);
  expect({ ...scanned }).toStrictEqual(fieldsOf(object, withMetadata));
  return scanned;
}

describe('the fast path reads records straight from bytes', () => {
  test('a Bedrock record: the same fields as JSON.parse, bodies skipped (a body key named modelId is not the record\'s)', () => {
    const scanned = expectAgreement(JSON.stringify(RECORD));
    expect(scanned).toMatchObject({
      modelId: RECORD.modelId,
      identityArn: RECORD.identity.arn,
      inputTokenCount: 1000,
      cacheReadInputTokenCount: 10,
      outputTokenCount: 200,
      requestMetadata: RECORD.requestMetadata,
    });
  });

  test.each([
    ['pretty-printed, every kind of white space', JSON.stringify(RECORD, null, '\t').replace(/\n/g, '\r\n ')],
    ['an embedding call: no output token count', JSON.stringify({ ...RECORD, output: { outputContentType: 'application/json' } })],
    ['output null', JSON.stringify({ ...RECORD, output: null })],
    ['no output at all', JSON.stringify({ ...RECORD, output: undefined })],
    ['a repeated section: the last wins', JSON.stringify(RECORD).slice(0, -1) + ',"input":{"inputTokenCount":7},"identity":{},"output":null}'],
    ['a repeated field: the last wins', JSON.stringify(RECORD).slice(0, -1) + ',"modelId":"second"}'],
    ['an empty object', '{}'],
    ['request metadata with escaped and non-ASCII keys (the caller\'s, read whole)', JSON.stringify({ ...RECORD, requestMetadata: { 'te\u00e9m': '\u0000', '"': '' } })],
    ['request metadata empty', JSON.stringify({ ...RECORD, requestMetadata: {} })],
    ['request metadata repeated: the last wins', JSON.stringify(RECORD).slice(0, -1) + ',"requestMetadata":{"team":"second"}}'],
    ['request metadata first, then the sections', JSON.stringify({ requestMetadata: { input: { inputTokenCount: 5 } }, ...RECORD, input: { inputTokenCount: 3 } })],
    ['the benchmark\'s records', benchRecord(() => 0.5, 3, true)],
  ])('read, and read alike: %s', (_name, text) => {
    expect(expectAgreement(text)).toBeDefined();
  });

  test.each([
    ['a CloudWatch event', JSON.stringify({ timestamp: 1, message: JSON.stringify(RECORD) })],
    ['a subscription payload', JSON.stringify({ messageType: 'DATA_MESSAGE', logEvents: [] })],
    ['filter-log-events output', JSON.stringify({ events: [] })],
    ['an escaped key that spells a kept one', JSON.stringify(RECORD).replace('"modelId"', '"model\\u0049d"')],
    ['an escaped key in a section', JSON.stringify(RECORD).replace('"inputTokenCount"', '"input\\u0054okenCount"')],
    ['an escape in a kept string', JSON.stringify({ ...RECORD, modelId: 'a"b' })],
    ['non-ASCII in a kept string', JSON.stringify({ ...RECORD, region: 'ré' })],
    ['a count with an exponent', JSON.stringify(RECORD).replace('"inputTokenCount":1000', '"inputTokenCount":1e3')],
    ['a negative zero count', JSON.stringify(RECORD).replace('"inputTokenCount":1000', '"inputTokenCount":-0')],
    ['a count of 16 digits', JSON.stringify({ ...RECORD, output: { outputTokenCount: 1234567890123456 } })],
    ['a string count', JSON.stringify({ ...RECORD, input: { inputTokenCount: '12' } })],
    ['a modelId that is no string', JSON.stringify({ ...RECORD, modelId: null })],
    ['an input that is no object', JSON.stringify({ ...RECORD, input: [] })],
    ['request metadata that is a string', JSON.stringify({ ...RECORD, requestMetadata: 'team=growth' })],
    ['request metadata that is null', JSON.stringify({ ...RECORD, requestMetadata: null })],
    ['request metadata that is an array', JSON.stringify({ ...RECORD, requestMetadata: [{ team: 'growth' }] })],
    ['an escaped key that spells requestMetadata', JSON.stringify(RECORD).replace('"requestMetadata"', '"request\\u004detadata"')],
    ['a top-level array', '[1, 2]'],
  ])('left to the exact path: %s', (_name, text) => {
    const { scanned, parses } = bothWays(text);
    expect(scanned).toBeUndefined();
    expect(parses).toBe(true);
  });

  test.each([
    ['truncated', JSON.stringify(RECORD).slice(0, -1)],
    ['something after the record', `${JSON.stringify(RECORD)} x`],
    ['two records on a line', `${JSON.stringify(RECORD)}${JSON.stringify(RECORD)}`],
    ['a leading zero', '{"a":01}'],
    ['a control character in a string', '{"a":"x\u0001y"}'],
    ['an unknown escape', '{"a":"\\x41"}'],
    ['a short unicode escape', '{"a":"\\u12G4"}'],
    ['a cut literal', '{"a":tru}'],
    ['a trailing comma', '{"a":1,}'],
    ['a missing colon', '{"a" 1}'],
    ['a lone minus', '{"a":-}'],
    ['a fraction without digits', '{"a":1.}'],
    ['an exponent without digits', '{"a":1e+}'],
    ['a form feed as white space', '{"a":1\f}'],
    ['a mismatched bracket', '{"a":[1}'],
    ['a single-quoted string', "{'a':1}"],
    ['a byte-order mark', `\ufeff${JSON.stringify(RECORD)}`],
  ])('not JSON, never read: %s', (_name, text) => {
    const { scanned, parses } = bothWays(text);
    expect(parses).toBe(false);
    expect(scanned).toBeUndefined();
  });

  test('request metadata is read only when asked for; otherwise skipped like a body, whatever its type', () => {
    const text = JSON.stringify({ ...RECORD, requestMetadata: 'team=growth' });
    expect(bothWays(text, false).scanned).toMatchObject({ modelId: RECORD.modelId, requestMetadata: undefined });
    expect(bothWays(text, true).scanned).toBeUndefined();
    expect(bothWays(JSON.stringify(RECORD), false).scanned!.requestMetadata).toBeUndefined();
    expect(bothWays(JSON.stringify(RECORD), true).scanned!.requestMetadata).toEqual(RECORD.requestMetadata);
  });

  test('nesting deeper than 64 is left to the exact path; 64 is read', () => {
    const nested = (depth: number) => `{"modelId":"m","x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    expect(expectAgreement(nested(64))).toBeDefined();
    expect(bothWays(nested(65))).toMatchObject({ scanned: undefined, parses: true });
  });

  test('only the given bytes are read, never the next line\'s', () => {
    const bytes = Buffer.from('{"modelId":"a","input":{"inputTokenCount":12\n}}\n');
    const end = bytes.indexOf(0x0a);
    expect(scanRecordFields(bytes, 0, end)).toBeUndefined();
    const digits = Buffer.from('{"input":{"inputTokenCount":12}}345');
    expect(scanRecordFields(digits, 0, digits.length - 3)).toMatchObject({ inputTokenCount: 12 });
  });
});

/** JSON objects shaped like records: kept keys, envelope keys, sections and any values. */
const recordLike: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('ModelInvocationLog', '2026-11-02T10:00:00Z', 'us-west-2', 'a"b', 'é', ''),
    fc.constantFrom(0, 7, 1e3, -0, 1.5, 2 ** 53, 123456789012345, 1234567890123456),
    tie('section'),
  ),
  section: fc.dictionary(
    fc.oneof(fc.constantFrom('arn', 'inputTokenCount', 'cacheReadInputTokenCount', 'cacheWriteInputTokenCount', 'outputTokenCount', 'inputBodyJson', 'modelId'), fc.string({ maxLength: 4 })),
    tie('value'),
    { maxKeys: 5 },
  ),
  record: fc.dictionary(
    fc.oneof(
      fc.constantFrom('schemaType', 'modelId', 'timestamp', 'region', 'identity', 'input', 'output', 'requestMetadata', 'message', 'events', '__proto__'),
      fc.string({ maxLength: 4 }),
    ),
    tie('value'),
    { maxKeys: 10 },
  ),
})).record;

const whiteSpace = fc.constantFrom(undefined, ' ', '\t', '\r ');

/** A byte-level mutation: insert, replace or delete, with bytes that matter to JSON. */
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'replace', 'delete'),
  byte: fc.constantFrom(...Buffer.from('"{}[],:\\ 0-+.eEu1tfn\u0000\u001f\u007f'), 0xc3, 0xa9, 0xff),
});

function mutate(text: string, mutations: Array<{ at: number; kind: string; byte: number }>): Buffer {
  let bytes = Buffer.from(text);
  for (const m of mutations) {
    const at = m.at % (bytes.length + 1);
    const before = bytes.subarray(0, at);
    if (m.kind === 'insert') {
      bytes = Buffer.concat([before, Buffer.from([m.byte]), bytes.subarray(at)]);
    } else {
      bytes = Buffer.concat([before, ...(m.kind === 'replace' ? [Buffer.from([m.byte])] : []), bytes.subarray(at + 1)]);
    }
  }
  return bytes;
}

describe('property: the fast path agrees with JSON.parse', () => {
  test('on random record-like objects, in any white space', () => {
    fc.assert(fc.property(recordLike, whiteSpace, (value, space) => {
      expectAgreement(JSON.stringify(value, null, space));
    }), { numRuns: 2000 });
  });

  test('on records and random objects with bytes inserted, replaced or deleted', () => {
    const line = fc.oneof(recordLike.map(v => JSON.stringify(v)), fc.constant(JSON.stringify(RECORD)));
    fc.assert(fc.property(line, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, mutations) => {
      expectAgreement(mutate(text, mutations));
    }), { numRuns: 3000 });
  });

  test('on a line inside a larger buffer: what lies around it is never read', () => {
    fc.assert(fc.property(recordLike, fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (value, before, after) => {
      const line = Buffer.from(JSON.stringify(value));
      const alone = scanRecordFields(line, 0, line.length, true);
      const inside = Buffer.concat([before, line, after]);
      const read = scanRecordFields(inside, before.length, before.length + line.length, true);
      expect(read === undefined ? undefined : { ...read }).toStrictEqual(alone === undefined ? undefined : { ...alone });
    }), { numRuns: 1000 });
  });

  test('is taken for every well-formed Bedrock record (or it would speed nothing up)', () => {
    const ascii = fc.string({ minLength: 1, maxLength: 30 }).map(s => s.replace(/[^\x20-\x7e]|["\\]/g, 'x'));
    const count = fc.nat({ max: 10 ** 9 });
    const metadata = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 20 }), { maxKeys: 4 });
    fc.assert(fc.property(ascii, ascii, count, count, fc.string({ unit: 'binary' }), metadata, (modelId, caller, input, output, prompt, requestMetadata) => {
      const text = JSON.stringify({
        ...RECORD,
        modelId,
        identity: { arn: caller },
        input: { inputBodyJson: { prompt }, inputTokenCount: input },
        output: { outputTokenCount: output },
        requestMetadata,
      });
      const read = expectAgreement(text);
      expect(read).toMatchObject({ modelId, identityArn: caller, inputTokenCount: input, outputTokenCount: output });
      expect(read!.requestMetadata).toEqual(JSON.parse(JSON.stringify(requestMetadata)));
    }), { numRuns: 500 });
  });

  test('a whole file read with the fast path sums exactly what the exact path sums line by line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-fields-'));
    const line = fc.oneof(
      fc.constant(JSON.stringify(RECORD)),
      fc.tuple(fc.constant(JSON.stringify(RECORD)), fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([t, m]) => mutate(t, m).toString('latin1')),
      recordLike.map(v => JSON.stringify(v)),
    );
    await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 30 }), async texts => {
      const rows = texts.map(t => t.replace(/\n/g, ' '));
      const file = path.join(dir, 'logs.jsonl');
      fs.writeFileSync(file, Buffer.from(rows.join('\n'), 'latin1'));
      const decoded = fs.readFileSync(file, 'utf8').split('\n');
      // The file reader's one extra rule: a first line that is a lone bracket opens a document.
      fc.pre(!['{', '['].includes((decoded.find(l => l.trim() !== '') ?? '').trim()));
      // Without request metadata, and grouped by it with keys the random sections use.
      for (const metadataKeys of [[], ['arn', 'modelId', '']]) {
        const fast = new InvocationLogAggregator({ metadataKeys });
        await fast.readFile(file);
        const exact = new InvocationLogAggregator({ metadataKeys });
        decoded.forEach((text, i) => exact.addLine(text, file, i + 1));
        expect(fast.result()).toEqual({ ...exact.result(), files: 1 });
      }
    }), { numRuns: 300 });
  });
});
