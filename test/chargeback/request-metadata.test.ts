import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { ARN_1, ARN_2, cli, HAIKU, lines, record, ROLE_B, SONNET } from './log-records';
import { chargeback } from '../../src/chargeback/chargeback';
import { ProfileDirectory } from '../../src/chargeback/profile-directory';
import { readInvocationLogs } from '../../src/chargeback/read-logs';
import { Catalog } from '../../src/pricing/catalog';
import { Dec } from '../../src/pricing/decimal';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chargeback-metadata-'));
let n = 0;
function file(name: string, content: string): string {
  const p = path.join(root, `${n++}-${name}`);
  fs.writeFileSync(p, content);
  return p;
}

const UNKNOWN_ARN = ARN_1.replace('abc111', 'zzz999');
const mapping = file('mapping.yaml', `profiles:
  - arn: ${ARN_1}
    name: checkout
    model: ${SONNET}
    tags: { Team: payments }
  - arn: ${ARN_2}
    name: search
    model: us.${HAIKU}
`);
const catalog = Catalog.embedded();
const directory = ProfileDirectory.load({ mappingFiles: [mapping] });

async function price(paths: string[], metadataKeys: string[], jobs = 1) {
  return chargeback(await readInvocationLogs(paths, { jobs, metadataKeys }), { catalog, directory, metadataKeys });
}

const rows = (c: Awaited<ReturnType<typeof price>>) => c.metadata.map(m => `${m.key}=${m.value ?? '(none)'}: ${m.calls} calls, ${m.cost.toFixed()} USD`
  + (m.unpricedCalls ? ` + ${m.unpricedCalls} unpriced` : ''));

describe('chargeback by request metadata', () => {
  const logs = () => file('month.jsonl', lines(
    // checkout (Claude 3.5 Sonnet v2, us-west-2): 1000 × 0.000003 + 200 × 0.000015 = 0.006
    record({ metadata: { team: 'growth', env: 'prod' } }),
    // with cache: 1000 × 0.000003 + 4000 × 0.0000003 + 1000 × 0.00000375 + 200 × 0.000015 = 0.01095
    record({ cacheRead: 4000, cacheWrite: 1000, metadata: { team: 'growth', env: 'dev' } }),
    // search (us. Claude 3.5 Haiku at the us-west-2 rate): 10000 × 0.0000008 + 1000 × 0.000004 = 0.012
    record({ modelId: ARN_2, input: 10000, output: 1000, caller: ROLE_B, metadata: { team: 'ads' } }),
    // a direct call to Haiku: 2000 × 0.0000008 + 100 × 0.000004 = 0.002
    record({ modelId: HAIKU, input: 2000, output: 100, metadata: { env: 'prod' } }),
    // no metadata at all
    record({ input: 2000, output: 0 }),
    // a profile nothing prices
    record({ modelId: UNKNOWN_ARN, input: 1, output: 1, metadata: { team: 'ads' } }),
  ));

  test('cost per value of each key, exact (highest first); records without the key are "(none)", never dropped; each key sums to the total', async () => {
    const result = await price([logs()], ['team', 'env']);
    expect(result.total.toFixed()).toBe('0.03695');
    expect(rows(result)).toEqual([
      'team=growth: 2 calls, 0.01695 USD',
      'team=ads: 2 calls, 0.012 USD + 1 unpriced',
      'team=(none): 2 calls, 0.008 USD', // the direct call 0.002 + 2000 × 0.000003
      'env=dev: 1 calls, 0.01095 USD',
      'env=prod: 2 calls, 0.008 USD',
      'env=(none): 3 calls, 0.018 USD + 1 unpriced',
    ]);
    for (const key of ['team', 'env']) {
      const values = result.metadata.filter(m => m.key === key);
      expect(values.reduce((sum, m) => sum.plus(m.cost), Dec.ZERO).toFixed()).toBe(result.total.toFixed());
      expect(values.reduce((sum, m) => sum + m.calls, 0n)).toBe(BigInt(result.records));
    }
    const growth = result.metadata.find(m => m.value === 'growth')!;
    expect([growth.inputTokens, growth.cacheReadInputTokens, growth.cacheWriteInputTokens, growth.outputTokens]).toEqual([2000n, 4000n, 1000n, 400n]);
    // The other views are unchanged by the grouping.
    const plain = await price([logs()], []);
    expect([plain.metadata, plain.total.toFixed()]).toEqual([[], '0.03695']);
    expect(result.profiles.map(p => [p.name, p.cost?.toFixed()])).toEqual(plain.profiles.map(p => [p.name, p.cost?.toFixed()]));
  });

  test('odd metadata: inherited names, non-string values, escapes and non-ASCII keys, a metadata that is no object', async () => {
    const odd = file('odd.jsonl', lines(
      record({ metadata: JSON.parse('{"toString":"a","__proto__":"b","t\\u00ebam":"x\\"y"}') }),
      record({ metadata: { toString: 7, tëam: { nested: true } } }),
      record({ metadata: 'team=growth' }),
      record({ metadata: null }),
      record({ metadata: { constructor: 'c' } }),
    ));
    const result = await price([odd], ['toString', '__proto__', 'tëam', 'constructor']);
    expect([result.records, result.malformed]).toEqual([5, 0]);
    expect(result.metadata.map(m => `${m.key}=${m.value ?? '(none)'}: ${m.calls}`)).toEqual([
      'toString=7: 1', 'toString=a: 1', 'toString=(none): 3',
      '__proto__=b: 1', '__proto__=(none): 4',
      'tëam={"nested":true}: 1', 'tëam=x"y: 1', 'tëam=(none): 3',
      'constructor=c: 1', 'constructor=(none): 4',
    ]);
  });

  test('worker threads give the same groups as one thread', async () => {
    const files = Array.from({ length: 3 }, (_f, f) => file(`part-${f}.jsonl`, lines(
      ...Array.from({ length: 30 }, (_i, i) => record({ input: 100 + i, metadata: i % 4 === 0 ? undefined : { team: `t${(i + f) % 3}` } })),
    )));
    const one = await readInvocationLogs(files, { jobs: 1, metadataKeys: ['team'] });
    const two = await readInvocationLogs(files, { jobs: 2, metadataKeys: ['team'] });
    expect(two).toEqual(one);
    expect(new Set(one.groups.map(g => g.metadata[0]))).toEqual(new Set(['t0', 't1', 't2', null]));
  });

  test('property: for each key, every record is in exactly one value, and the values add up to the total', async () => {
    const value = fc.oneof(fc.constantFrom('a', 'b', '', 'é'), fc.string({ maxLength: 3 }), fc.integer());
    const item = fc.record({
      input: fc.integer({ min: 0, max: 100_000 }),
      output: fc.integer({ min: 0, max: 10_000 }),
      cacheRead: fc.integer({ min: 0, max: 50_000 }),
      cacheWrite: fc.integer({ min: 0, max: 50_000 }),
      modelId: fc.constantFrom(ARN_1, ARN_2, HAIKU, UNKNOWN_ARN),
      metadata: fc.option(fc.dictionary(fc.constantFrom('team', 'env', 'user', '__proto__'), value, { maxKeys: 3 }), { nil: undefined }),
    });
    await fc.assert(fc.asyncProperty(fc.array(item, { maxLength: 30 }), async items => {
      const keys = ['team', 'user'];
      const result = await price([file('prop.jsonl', lines(...items.map(i => record(i))))], keys);
      expect(result.records).toBe(items.length);
      for (const [k, key] of keys.entries()) {
        const values = result.metadata.filter(m => m.key === key);
        expect(values.reduce((sum, m) => sum.plus(m.cost), Dec.ZERO).toFixed()).toBe(result.total.toFixed());
        expect(values.reduce((sum, m) => sum + m.unpricedCalls, 0n)).toBe(result.unpricedCalls);
        expect(values.reduce((sum, m) => sum + m.inputTokens, 0n)).toBe(BigInt(items.reduce((s, i) => s + i.input, 0)));
        const expectedNone = items.filter(i => i.metadata === undefined || !Object.prototype.hasOwnProperty.call(i.metadata, key)).length;
        expect(values.find(m => m.value === null)?.calls ?? 0n).toBe(BigInt(expectedNone));
        expect(new Set(values.map(m => m.value)).size).toBe(values.length);
        expect(k).toBeLessThan(keys.length);
      }
    }), { numRuns: 100 });
  });
});

describe('bedrock-cost chargeback --by metadata.<key>', () => {
  const logs = file('cli.jsonl', lines(record({ metadata: { team: 'growth' } }), record({ modelId: HAIKU })));

  test('a table section and exact JSON; the Standard-tier assumption is said in both', async () => {
    const table = await cli('chargeback', logs, '--mapping', mapping, '--by', 'metadata.team', '--jobs', '1');
    expect(table.code).toBe(0);
    expect(table.out).toContain('By request metadata');
    expect(table.out).toMatch(/team\s+growth\s+1\s+1,000\s+0\s+0\s+200\s+0\.006/);
    expect(table.out).toMatch(/team\s+\(none\)\s+1\s+1,000\s+0\s+0\s+200\s+0\.0016/);
    expect(table.out).toContain('invocation logs do not record the service tier');
    const json = JSON.parse((await cli('chargeback', logs, '--mapping', mapping, '--by', 'metadata.team', '--by', 'metadata.team', '--format', 'json')).out);
    expect(json.metadataKeys).toEqual(['team']);
    expect(json.metadata).toEqual([
      expect.objectContaining({ key: 'team', value: 'growth', keyAbsent: false, calls: '1', costUsd: '0.006', unpricedCalls: '0' }),
      expect.objectContaining({ key: 'team', value: '(none)', keyAbsent: true, calls: '1', costUsd: '0.0016' }),
    ]);
    expect(json.serviceTier).toBe('standard');
    expect(json.pricingNote).toContain('do not record the service tier');
    const none = await cli('chargeback', logs, '--mapping', mapping);
    expect(none.out).not.toContain('By request metadata');
  });

  test('property: any --by value is read or refused with a usage error, never a crash', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }).map(k => `metadata.${k}`)), async by => {
      const result = await cli('chargeback', logs, '--mapping', mapping, '--by', by, '--format', 'json', '--jobs', '1');
      expect([0, 2]).toContain(result.code);
      expect(result.err).not.toMatch(/\n\s+at /);
      if (result.code === 0) {
        const key = by.slice('metadata.'.length);
        const json = JSON.parse(result.out);
        expect(json.metadataKeys).toEqual([key]);
        expect(json.metadata.reduce((sum: bigint, m: { calls: string }) => sum + BigInt(m.calls), 0n)).toBe(2n);
      }
    }), { numRuns: 40 });
  });

  test.each([
    [['--by', 'profile'], '--by takes metadata.<key>, a requestMetadata key (got "profile"); cost by profile, caller and tag is always shown'],
    [['--by', 'metadata.'], '--by metadata.<key> needs a key of 1 to 256 characters'],
    [['--by', `metadata.${'k'.repeat(257)}`], '--by metadata.<key> needs a key of 1 to 256 characters'],
    [Array.from({ length: 17 }, (_, i) => ['--by', `metadata.k${i}`]).flat(), '--by takes at most 16 metadata keys (got 17)'],
  ])('bad --by %# is a usage error', async (args, message) => {
    const result = await cli('chargeback', logs, ...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
