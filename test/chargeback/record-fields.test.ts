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
};

/** What the fast path read from `text`, and what decoding + JSON.parse + fieldsOf read. */
function bothWays(text: string | Buffer): { scanned: RecordFields | undefined; parsed: unknown; parses: boolean } {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const scanned = scanRecordFields(bytes, 0, bytes.length);
  try {
    return { scanned, parsed: JSON.parse(bytes.toString('utf8')), parses: true };
  } catch {
    return { scanned, parsed: undefined, parses: false };
  }
}

const ENVELOPE_KEYS = ['message', 'messageType', 'logEvents', 'events'];

/**
 * The fast path's contract: it never reads a line JSON.parse rejects, never reads an envelope,
 * and what it reads equals fieldsOf(JSON.parse(line)).
 */
function expectAgreement(text: string | Buffer): RecordFields | undefined {
  const { scanned, parsed, parses } = bothWays(text);
  if (scanned === undefined) {
    return undefined;
  }
  expect(parses).toBe(true);
  expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)).toBe(true);
  const object = parsed as Record<string, unknown>;
  expect(ENVELOPE_KEYS.filter(k => Object.prototype.hasOwnProperty.call(object, k))).toEqual([]);
  expect({ ...scanned }).toStrictEqual(fieldsOf(object));
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
    fc.oneof(fc.constantFrom('schemaType', 'modelId', 'timestamp', 'region', 'identity', 'input', 'output', 'message', 'events', '__proto__'), fc.string({ maxLength: 4 })),
    tie('value'),
    { maxKeys: 9 },
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
      const alone = scanRecordFields(line, 0, line.length);
      const inside = Buffer.concat([before, line, after]);
      const read = scanRecordFields(inside, before.length, before.length + line.length);
      expect(read === undefined ? undefined : { ...read }).toStrictEqual(alone === undefined ? undefined : { ...alone });
    }), { numRuns: 1000 });
  });

  test('is taken for every well-formed Bedrock record (or it would speed nothing up)', () => {
    const ascii = fc.string({ minLength: 1, maxLength: 30 }).map(s => s.replace(/[^\x20-\x7e]|["\\]/g, 'x'));
    const count = fc.nat({ max: 10 ** 9 });
    fc.assert(fc.property(ascii, ascii, count, count, fc.string({ unit: 'binary' }), (modelId, caller, input, output, prompt) => {
      const text = JSON.stringify({
        ...RECORD,
        modelId,
        identity: { arn: caller },
        input: { inputBodyJson: { prompt }, inputTokenCount: input },
        output: { outputTokenCount: output },
      });
      expect(expectAgreement(text)).toMatchObject({ modelId, identityArn: caller, inputTokenCount: input, outputTokenCount: output });
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
      const fast = new InvocationLogAggregator();
      await fast.readFile(file);
      const exact = new InvocationLogAggregator();
      const decoded = fs.readFileSync(file, 'utf8').split('\n');
      // The file reader's one extra rule: a first line that is a lone bracket opens a document.
      fc.pre(!['{', '['].includes((decoded.find(l => l.trim() !== '') ?? '').trim()));
      decoded.forEach((text, i) => exact.addLine(text, file, i + 1));
      expect(fast.result()).toEqual({ ...exact.result(), files: 1 });
    }), { numRuns: 300 });
  });
});
