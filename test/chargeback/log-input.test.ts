import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { LineSplitter } from '../../src/chargeback/line-splitter';
import { collectLogFiles } from '../../src/chargeback/log-files';
import { readInvocationLogs } from '../../src/chargeback/read-logs';
import { run } from '../../src/cli/main';
import { readTextFile } from '../../src/core/regular-file';
import { readReports } from '../../src/report/read-reports';

/** What chargeback reads, and refuses to read: the inputs a hostile or careless user can give. */

const ACCOUNT = '111111111111';
const ARN = `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/abc111`;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'log-input-'));
let n = 0;
function dir(): string {
  return fs.mkdtempSync(path.join(root, `d${n++}-`));
}
function file(name: string, content: string | Buffer, where = dir()): string {
  const p = path.join(where, name);
  fs.writeFileSync(p, content);
  return p;
}

function record(input = 1000, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schemaType: 'ModelInvocationLog',
    timestamp: '2026-11-02T10:00:00Z',
    identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/checkout/a` },
    region: 'us-west-2',
    modelId: ARN,
    input: { inputTokenCount: input, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
    output: { outputTokenCount: 200 },
    ...extra,
  });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(['chargeback', ...args, '--jobs', '1', '--format', 'json'], { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

function mkfifo(p: string): string {
  execFileSync('mkfifo', [p]);
  return p;
}

describe('LineSplitter', () => {
  const split = (chunks: Buffer[], max = 1024) => {
    const got: Array<[number, string]> = [];
    const splitter = new LineSplitter((b, s, e, line) => {
      got.push([line, b.toString('utf8', s, e)]);
      return false;
    }, max, line => {
      throw new Error(`line ${line} too long`);
    });
    chunks.forEach(c => splitter.push(c));
    splitter.end();
    return got;
  };

  test('lines across chunk borders, runs of empty lines skipped but counted, a last line without newline', () => {
    const text = '\n\nab\ncd\n\n\nefg\n\n h';
    for (const size of [1, 2, 3, 100]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));
      expect([size, split(chunks)]).toEqual([size, [[3, 'ab'], [4, 'cd'], [7, 'efg'], [9, ' h']]]);
    }
  });

  test('a line split over many chunks is joined once, not once per chunk', () => {
    const concat = jest.spyOn(Buffer, 'concat');
    try {
      const chunks = Array.from({ length: 1000 }, () => Buffer.alloc(100, 0x61));
      expect(split([...chunks, Buffer.from('\n')], 1_000_000)).toEqual([[1, 'a'.repeat(100_000)]]);
      expect(concat).toHaveBeenCalledTimes(1);
    } finally {
      concat.mockRestore();
    }
  });

  test('a line longer than the cap fails as soon as it is, inside a chunk or across chunks', () => {
    expect(() => split([Buffer.from('ok\n' + 'x'.repeat(11) + '\n')], 10)).toThrow('line 2 too long');
    expect(() => split(Array.from({ length: 5 }, () => Buffer.from('xxxx')), 10)).toThrow('line 1 too long');
  });
});

describe('reading logs: sizes and shapes that used to hang or run out of memory', () => {
  test('a gzip of 30 million newlines is read without parsing a line; line numbers stay right', async () => {
    const blank = Buffer.alloc(30_000_000, 0x0a);
    const p = file('blank.jsonl.gz', zlib.gzipSync(Buffer.concat([blank, Buffer.from(`${record()}\n \r\t\nnot json\n`)])));
    expect(fs.statSync(p).size).toBeLessThan(100_000);
    const result = await readInvocationLogs([p], { jobs: 1 });
    expect([result.records, result.malformed]).toEqual([1, 1]);
    expect(result.malformedExamples[0]).toMatchObject({ line: 30_000_003, reason: expect.stringMatching(/^not JSON/) });
  });

  test('a record split over many read chunks (a 5 MB body) is read whole', async () => {
    const big = record(7, { input: { inputTokenCount: 7, inputBodyJson: { text: 'y'.repeat(5_000_000) } } });
    const result = await readInvocationLogs([file('big.jsonl', `${record(1)}\n${big}\n${record(2)}`)], { jobs: 1 });
    expect([result.records, result.malformed, result.groups[0].inputTokens]).toEqual([3, 0, 10]);
  });

  test('a line longer than 16 MiB is a clear error naming the file and line', async () => {
    const p = file('one-line.gz', zlib.gzipSync(Buffer.concat([Buffer.from(`${record()}\n`), Buffer.alloc(17 * 1024 * 1024, 0x61)])));
    await expect(readInvocationLogs([p], { jobs: 1 })).rejects.toThrow(`${p}:2: (line) is longer than 16 MiB`);
    const { code, err } = await cli([p]);
    expect([code, err]).toEqual([1, expect.stringContaining('more than any invocation record')]);
  });

  test('a pretty-printed document larger than 128 MiB is a clear error, with the conversion to JSON lines', async () => {
    const p = file('huge.json.gz', zlib.gzipSync(Buffer.concat([Buffer.from('{\n "events": [\n'), Buffer.alloc(129 * 1024 * 1024, 0x20), Buffer.from(']}\n')])));
    const { code, err } = await cli([p]);
    expect(code).toBe(1);
    expect(err).toContain(`${p}: (document) is a pretty-printed document larger than 128 MiB`);
    expect(err).toContain("jq -c '.events[]'");
  });

  test('a file of little but malformed lines is refused after 100,000 more of them than records', async () => {
    const p = file('junk.jsonl', `${record()}\n${'{}\n'.repeat(100_002)}`);
    await expect(readInvocationLogs([p], { jobs: 1 })).rejects.toThrow(`${p}: (file) holds more than 100,000 malformed lines beyond its 1 invocation records`);
    // As many malformed lines as records is a damaged log, still read.
    const mixed = await readInvocationLogs([file('mixed.jsonl', `${record()}\n{}\n`.repeat(60_000))], { jobs: 1 });
    expect([mixed.records, mixed.malformed]).toEqual([60_000, 60_000]);
  });

  test('log events nested thousands deep are malformed, not a stack overflow', async () => {
    let nested = record();
    for (let i = 0; i < 5000; i++) {
      nested = `{"events":[${nested}]}`;
    }
    const result = await readInvocationLogs([file('nested.jsonl', `${nested}\n${record()}\n`)], { jobs: 1 });
    expect([result.records, result.malformed, result.malformedExamples[0].reason]).toEqual([1, 1, 'log events nested more than 8 deep']);
  });

  test('a null token count is malformed, never 0', async () => {
    const nulls = [
      record(1000, { input: { inputTokenCount: null } }),
      record(1000, { input: { inputTokenCount: 5, cacheReadInputTokenCount: null } }),
      record(1000, { input: { inputTokenCount: 5, cacheWriteInputTokenCount: null } }),
      record(1000, { output: { outputTokenCount: null } }),
    ];
    const result = await readInvocationLogs([file('nulls.jsonl', `${nulls.join('\n')}\n${record(3)}\n`)], { jobs: 1 });
    expect([result.records, result.malformed]).toEqual([1, 4]);
    expect(result.malformedExamples.every(m => m.reason.startsWith('a token count that is not a whole number'))).toBe(true);
  });
});

describe('reading logs: regular files only, each log once', () => {
  test('a FIFO, given or inside a directory, and /dev/zero are refused at once, never read', async () => {
    const d = dir();
    const fifo = mkfifo(path.join(d, 'logs.jsonl'));
    await expect(readInvocationLogs([fifo], { jobs: 1 })).rejects.toThrow(`${fifo}: (path) is not a regular file but a FIFO (named pipe)`);
    await expect(readInvocationLogs([d], { jobs: 1 })).rejects.toThrow('is not a regular file but a FIFO');
    await expect(readInvocationLogs(['/dev/zero'], { jobs: 1 })).rejects.toThrow('/dev/zero: (path) is not a regular file but a device');
    const { code, err } = await cli([fifo]);
    expect([code, err]).toEqual([1, expect.stringContaining('Give a regular file')]);
  });

  test('a FIFO posing as a cost report in cdk.out, or as a mapping or price file, is refused', async () => {
    const assembly = dir();
    mkfifo(path.join(assembly, 'Stack.bedrock-cost.json'));
    expect(() => readReports(assembly)).toThrow('Stack.bedrock-cost.json: cost report is not a regular file but a FIFO');
    const mapping = mkfifo(path.join(dir(), 'mapping.yaml'));
    const logs = file('a.jsonl', `${record()}\n`);
    expect((await cli([logs, '--mapping', mapping])).err).toContain('mapping file is not a regular file but a FIFO');
    expect((await cli([logs, '--report', assembly])).code).toBe(1);
    expect(() => readTextFile('/dev/zero', 'price file')).toThrow('/dev/zero: price file is not a regular file but a device');
  });

  test('documents read whole are capped at 64 MiB', () => {
    const p = file('prices.json', Buffer.alloc(64 * 1024 * 1024 + 1, 0x20));
    expect(() => readTextFile(p, 'price file')).toThrow(`${p}: price file is larger than 64 MiB`);
  });

  test('the same log named twice, through a link, or inside a directory also given, is read once, with a warning', async () => {
    const d = dir();
    const a = file('a.jsonl', `${record(1000)}\n`, d);
    const link = path.join(dir(), 'link.jsonl');
    fs.symlinkSync(a, link);
    const listed = collectLogFiles([a, a, link, d]);
    expect(listed.files).toEqual([a]);
    expect(listed.skipped.map(s => [s.file, s.sameAs, s.reason])).toEqual([[a, a, 'the same file'], [link, a, 'the same file'], [a, a, 'the same file']]);
    const { code, out, err } = await cli([a, link]);
    expect(code).toBe(0);
    expect(JSON.parse(out).records).toBe(1);
    expect(err).toBe(`bedrock-cost chargeback: warning: read ${a} and left out ${link}, the same file.\n`);
  });

  test('a directory linked into itself is walked once', () => {
    const d = dir();
    file('a.jsonl', `${record()}\n`, d);
    fs.symlinkSync(d, path.join(d, 'loop'));
    expect(collectLogFiles([d]).files).toEqual([path.join(d, 'a.jsonl')]);
  });

  test('a log next to its gzip copy is read once; a "copy" of another length is an error', async () => {
    const d = dir();
    const text = `${record(1000)}\n${record(2000)}\n`;
    const plain = file('a.jsonl', text, d);
    const gz = file('a.jsonl.gz', zlib.gzipSync(text), d);
    const { code, out, err } = await cli([d]);
    expect(code).toBe(0);
    expect(JSON.parse(out).records).toBe(2);
    expect(err).toBe(`bedrock-cost chargeback: warning: read ${plain} and left out ${gz}, the gzip copy of the same log.\n`);

    fs.writeFileSync(gz, zlib.gzipSync(`${text}${record(3000)}\n`));
    const changed = await cli([d]);
    expect(changed.code).toBe(1);
    expect(changed.err).toContain(`${gz}: (path) has the name of a gzip copy of ${plain}, but not its length`);

    // A .gz that is no gzip is another file: both are read.
    fs.writeFileSync(gz, `${record(5)}\n`);
    expect(JSON.parse((await cli([d])).out).records).toBe(3);
  });
});
