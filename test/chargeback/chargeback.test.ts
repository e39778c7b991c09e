import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { ACCOUNT, ARN_1, ARN_2, ARN_GEO, cli, HAIKU, lines, record, ROLE_A, ROLE_B, SONNET } from './log-records';
import { BedrockModelId, CostAllocatedProfile, CrossRegionGeo, ProfileSource } from '../../src';
import { chargeback } from '../../src/chargeback/chargeback';
import { ProfileDirectory } from '../../src/chargeback/profile-directory';
import { readInvocationLogs } from '../../src/chargeback/read-logs';
import { Catalog } from '../../src/pricing/catalog';
import { WITHOUT_CDK } from '../helpers/standalone';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chargeback-'));
let n = 0;
function file(name: string, content: string | Buffer): string {
  const p = path.join(root, `${n++}-${name}`);
  fs.writeFileSync(p, content);
  return p;
}

const mapping = file('mapping.yaml', `profiles:
  - arn: ${ARN_1}
    name: checkout
    model: ${SONNET}
    tags: { Team: payments, Service: checkout }
  - id: abc222
    name: search
    model: us.${HAIKU}
    tags: { Team: discovery }
`);
const catalog = Catalog.embedded();

interface PriceOptions {
  readonly mappingFiles?: string[];
  readonly profileLists?: string[];
  readonly reportDirs?: string[];
  readonly asOf?: string;
  readonly jobs?: number;
}

async function price(paths: string[], options: PriceOptions = {}) {
  const { profileLists, reportDirs } = options;
  const directory = ProfileDirectory.load({ mappingFiles: options.mappingFiles ?? [mapping], profileLists, reportDirs });
  return chargeback(await readInvocationLogs(paths, { jobs: options.jobs ?? 1 }), { catalog, directory, asOf: options.asOf });
}

describe('reading invocation logs', () => {
  test('S3 delivery (JSON lines, gzip), CloudWatch events, subscription payloads and filter-log-events output all read the same', async () => {
    const r1 = record();
    const r2 = record({ modelId: ARN_2, input: 500, output: 50, caller: ROLE_B });
    const s3 = file('s3.json.gz', zlib.gzipSync(lines(r1, r2)));
    const event = (r: unknown, i: number) => ({ id: String(i), timestamp: i, message: JSON.stringify(r) });
    const events = file('events.jsonl', lines({ timestamp: 1, message: JSON.stringify(r1) }, { timestamp: 2, message: JSON.stringify(r2) }));
    const subscription = file('firehose.json', lines(
      { messageType: 'CONTROL_MESSAGE', logEvents: [] },
      { messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: [event(r1, 1), event(r2, 2)] },
    ));
    const filtered = file('filter-log-events.json', JSON.stringify({ events: [event(r1, 1), event(r2, 2)] }, null, 2));
    const expected = await price([s3]);
    expect(expected.records).toBe(2);
    expect(expected.total.toFixed()).toBe('0.0066'); // 1000 × 0.000003 + 200 × 0.000015 + 500 × 0.0000008 + 50 × 0.000004
    for (const input of [events, subscription, filtered]) {
      const other = await price([input]);
      expect({ records: other.records, malformed: other.malformed, total: other.total.toFixed() }).toEqual({ records: 2, malformed: 0, total: '0.0066' });
    }
    expect((await price([subscription])).ignored).toBe(1);
  });

  test('blank lines, CRLF and a last line without a newline are fine', async () => {
    const text = `\n${JSON.stringify(record())}\r\n\n${JSON.stringify(record())}`;
    const result = await price([file('crlf.jsonl', text)]);
    expect([result.records, result.malformed]).toEqual([2, 0]);
  });

  test('malformed lines are counted with file, line and reason, never guessed at', async () => {
    const bad = file('bad.jsonl', lines(
      record(),
      '{"truncated": ',
      record({ modelId: '' }),
      record({ input: -5 }),
      { ...record(), input: { inputTokenCount: '12' } },
      { ...record(), schemaType: 'SomethingElse' },
      { ...record(), timestamp: 'yesterday' },
      { ...record(), input: undefined },
      { ...record(), output: 'none' },
      '[1, 2]',
      { message: 'not json' },
    ));
    const result = await price([bad]);
    expect(result.records).toBe(1);
    expect(result.malformed).toBe(10);
    expect(result.malformedExamples.map(m => `${path.basename(m.file)}:${m.line}${m.item} ${m.reason}`)).toEqual([
      expect.stringMatching(/bad\.jsonl:2 not JSON/),
      expect.stringMatching(/:3 no modelId$/),
      expect.stringMatching(/:4 a token count that is not a whole number/),
      expect.stringMatching(/:5 a token count that is not a whole number/),
      expect.stringMatching(/:6 schemaType is "SomethingElse", not ModelInvocationLog$/),
      expect.stringMatching(/:7 no ISO timestamp$/),
      expect.stringMatching(/:8 no input section$/),
      expect.stringMatching(/:9 a token count/),
      expect.stringMatching(/:10 not a JSON object$/),
      expect.stringMatching(/:11 a log event whose message is not JSON$/),
    ]);
  });

  test('a file that opens with a lone bracket but is not one document is read as lines: valid records kept', async () => {
    // fast-check's counterexample: a stray "{" line used to turn the whole file into one bad document.
    const stray = file('stray.jsonl', lines('{', record(), '', record({ input: 500 })));
    const result = await price([stray]);
    expect([result.records, result.malformed]).toEqual([2, 1]);
    expect(result.malformedExamples.map(m => `${path.basename(m.file)}:${m.line} ${m.reason}`)).toEqual([expect.stringMatching(/stray\.jsonl:1 not JSON/)]);
  });

  test('an embedding record has no output token count: zero output tokens, not malformed', async () => {
    const embed = { ...record({ modelId: 'amazon.titan-embed-text-v2:0', input: 1000, region: 'us-east-1' }), output: { outputContentType: 'application/json' } };
    const result = await price([file('embed.jsonl', lines(embed))]);
    expect(result.malformed).toBe(0);
    expect(result.direct[0].outputTokens).toBe(0n);
    expect(result.direct[0].cost!.toFixed()).toBe('0.00002');
  });

  test('directories are walked (hidden files skipped); a missing path is one clear error', async () => {
    const dir = path.join(root, 'tree');
    fs.mkdirSync(path.join(dir, 'AWSLogs', '2026', '11'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'AWSLogs', '2026', '11', 'a.json.gz'), zlib.gzipSync(lines(record())));
    fs.writeFileSync(path.join(dir, 'b.jsonl'), lines(record()));
    fs.writeFileSync(path.join(dir, '.hidden.jsonl'), 'garbage\n');
    const result = await price([dir]);
    expect([result.files, result.records, result.malformed]).toEqual([2, 2, 0]);
    await expect(readInvocationLogs([path.join(root, 'nope')])).rejects.toThrow(/nope: \(path\) does not exist/);
  });

  test('worker threads give the same result as one thread', async () => {
    const files = Array.from({ length: 4 }, (_f, f) => file(`part-${f}.jsonl`, lines(
      ...Array.from({ length: 50 }, (_i, i) => record({ input: 100 + i + f, output: i, day: `2026-11-0${1 + (i % 9)}`, caller: i % 2 ? ROLE_A : ROLE_B, modelId: i % 3 ? ARN_1 : ARN_2 })),
      `garbage in file ${f}`,
    )));
    const one = await readInvocationLogs(files, { jobs: 1 });
    const two = await readInvocationLogs(files, { jobs: 2 });
    expect(two).toEqual(one);
    expect(one.records).toBe(200);
    expect(one.malformed).toBe(4);
  });
});

describe('pricing the logs: profiles, tags, callers, direct calls', () => {
  const logs = () => file('month.jsonl', lines(
    record({ input: 1000, output: 200, cacheRead: 4000, cacheWrite: 1000 }),
    record({ input: 1000, output: 200, caller: ROLE_B, day: '2026-11-03' }),
    record({ modelId: ARN_2, input: 10000, output: 1000, caller: ROLE_B }),
    record({ modelId: HAIKU, input: 2000, output: 100, caller: ROLE_B }),
    record({ modelId: `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/zzz999`, input: 1, output: 1 }),
  ));

  test('exact cost per profile from integer token sums; tags sum their profiles; direct calls are called out', async () => {
    const result = await price([logs()]);
    const checkout = result.profiles.find(p => p.name === 'checkout')!;
    // 2000 × 0.000003 + 4000 × 0.0000003 + 1000 × 0.00000375 + 400 × 0.000015 = 0.006 + 0.0012 + 0.00375 + 0.006
    expect(checkout.cost!.toFixed()).toBe('0.01695');
    expect([checkout.calls, checkout.inputTokens, checkout.cacheReadInputTokens, checkout.outputTokens]).toEqual([2n, 2000n, 4000n, 400n]);
    expect(checkout.callers.map(c => [c.caller, c.cost!.toFixed()])).toEqual([[ROLE_A, '0.01095'], [ROLE_B, '0.006']]);
    const search = result.profiles.find(p => p.name === 'search')!;
    expect([search.model, search.pricingRegion, search.cost!.toFixed()]).toEqual([`us.${HAIKU}`, 'us-west-2', '0.012']); // 10000 × 0.0000008 + 1000 × 0.000004
    expect(result.tags.map(t => `${t.key}=${t.value}: ${t.cost.toFixed()} (${t.profiles.join(',')})`)).toEqual([
      'Service=(untagged): 0.012 (search,zzz999)',
      'Service=checkout: 0.01695 (checkout)',
      'Team=(untagged): 0 (zzz999)',
      'Team=discovery: 0.012 (search)',
      'Team=payments: 0.01695 (checkout)',
    ]);
    expect(result.direct.map(d => [d.name, d.pricingRegion, d.cost!.toFixed()])).toEqual([[HAIKU, 'us-west-2', '0.002']]);
    const unknown = result.profiles.find(p => p.name === 'zzz999')!;
    expect(unknown.cost).toBeUndefined();
    expect(unknown.unpriced).toContain('nothing says which model it copies');
    expect(result.total.toFixed()).toBe('0.03095');
    expect(result.unpricedCalls).toBe(1n);
    expect([result.from, result.to]).toEqual(['2026-11-02', '2026-11-03']);
  });

  test('a global. profile is priced at the global rate of the source Region, and says so', async () => {
    const rates = catalog.withDocument({
      source: { id: 'rates', title: 'Test rates', effectiveDate: '2026-01-01' },
      prices: [
        { item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-west-2'], rate: 'global', usd: '3', per: 1000000 },
        { item: 'anthropic.claude-sonnet-4-5', meter: 'output-tokens', regions: ['us-west-2'], rate: 'global', usd: '15', per: 1000000 },
        { item: 'anthropic.claude-sonnet-4-5', meter: 'input-tokens', regions: ['us-west-2'], usd: '3.3', per: 1000000 },
        { item: 'anthropic.claude-sonnet-4-5', meter: 'output-tokens', regions: ['us-west-2'], usd: '16.5', per: 1000000 },
      ],
    }, 'rates.json');
    const modelId = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const read = await readInvocationLogs([file('global.jsonl', lines(record({ modelId, input: 1000, output: 100 }), record({ modelId: `us.${modelId.slice(7)}`, input: 1000, output: 100 })))], { jobs: 1 });
    const result = chargeback(read, { catalog: rates, directory: ProfileDirectory.load({ mappingFiles: [mapping] }) });
    // 1000 × 0.000003 + 100 × 0.000015 at the global rate; 1000 × 0.0000033 + 100 × 0.0000165 at the regional rate.
    expect(result.direct.map(d => [d.name, d.pricingRegion, d.cost!.toFixed()]).sort()).toEqual([
      [modelId, 'global rate from us-west-2', '0.0045'],
      [`us.${modelId.slice(7)}`, 'us-west-2', '0.00495'],
    ]);
  });

  test('each record is priced at its own day; --as-of prices all at one date', async () => {
    const old = file('old.jsonl', lines(record({ day: '2024-07-01', modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', region: 'us-east-1' })));
    const early = await price([old]);
    expect(early.pricesAsOf).toEqual(['2024-06-20']);
    const later = await price([old], { asOf: '2025-03-01' });
    expect(later.pricesAsOf).toEqual(['2025-02-01']);
    const tooEarly = await price([old], { asOf: '2020-01-01' });
    expect(tooEarly.direct[0].unpriced).toContain('has no "input-tokens" price in us-east-1 on 2020-01-01');
  });

  test('the cost report of a synthesized app says model and tags; list-inference-profiles joins ARN to name', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chargeback-cdk-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: 'us-west-2' } });
    new CostAllocatedProfile(stack, 'Checkout', {
      profileName: 'checkout', source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2), costAllocationTags: { Team: 'payments' },
    });
    new CostAllocatedProfile(stack, 'Geo', {
      profileName: 'geo', source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU), costAllocationTags: { Team: 'discovery' },
    });
    app.synth();
    const list = file('profiles.json', JSON.stringify({
      inferenceProfileSummaries: [
        { inferenceProfileName: 'checkout', inferenceProfileArn: ARN_1, models: [{ modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${SONNET}` }], type: 'APPLICATION' },
        { inferenceProfileName: 'geo', inferenceProfileArn: ARN_GEO, models: ['us-east-1', 'us-east-2', 'us-west-2'].map(r => ({ modelArn: `arn:aws:bedrock:${r}::foundation-model/${HAIKU}` })) },
      ],
    }));
    const twoLogs = file('two.jsonl', lines(record(), record({ modelId: ARN_GEO, input: 10000, output: 1000 })));
    const joined = await price([twoLogs], { mappingFiles: [], profileLists: [list], reportDirs: [outdir] });
    expect(joined.profiles.map(p => [p.name, p.model, p.tags.Team, p.cost?.toFixed()])).toEqual([
      ['geo', `us.${HAIKU}`, 'discovery', '0.012'],
      ['checkout', SONNET, 'payments', '0.006'],
    ]);

    // Without the report, the list alone prices the in-Region copy but not the cross-Region one.
    const listOnly = await price([twoLogs], { mappingFiles: [], profileLists: [list] });
    expect(listOnly.profiles.find(p => p.name === 'checkout')!.cost!.toFixed()).toBe('0.006');
    expect(listOnly.profiles.find(p => p.name === 'geo')!.unpriced).toContain('does not say which geography');
  });

  test('a bad mapping or profile list is one clear error naming the file and field', () => {
    const badMapping = file('bad-mapping.yaml', 'profiles:\n  - arn: not-an-arn\n');
    expect(() => ProfileDirectory.load({ mappingFiles: [badMapping] })).toThrow(/bad-mapping\.yaml: profiles\[0\]\.arn must match pattern/);
    const noId = file('no-id.yaml', 'profiles:\n  - tags: { Team: x }\n');
    expect(() => ProfileDirectory.load({ mappingFiles: [noId] })).toThrow(/no-id\.yaml: profiles\[0\]/);
    const notList = file('not-list.json', '{"profiles": []}');
    expect(() => ProfileDirectory.load({ profileLists: [notList] })).toThrow(/not list-inference-profiles output/);
  });

  test('property: valid records mixed with garbage — the sums are exactly those of the valid records', async () => {
    const valid = fc.record({
      input: fc.integer({ min: 0, max: 200_000 }),
      output: fc.integer({ min: 0, max: 20_000 }),
      cacheRead: fc.integer({ min: 0, max: 100_000 }),
      day: fc.integer({ min: 1, max: 28 }).map(d => `2026-11-${String(d).padStart(2, '0')}`),
      modelId: fc.constantFrom(ARN_1, ARN_2, HAIKU),
    });
    const garbage = fc.oneof(fc.string(), fc.json(), fc.constant('{"modelId": 3}'), fc.constant('{"truncated":'));
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(valid, garbage), { maxLength: 40 }), async items => {
      const text = items.map(i => (typeof i === 'string' ? i.replace(/[\r\n]/g, ' ') : JSON.stringify(record(i)))).join('\n');
      const read = await readInvocationLogs([file('prop.jsonl', text)], { jobs: 1 });
      const records = items.filter((i): i is Exclude<typeof i, string> => typeof i !== 'string');
      expect(read.records).toBe(records.length);
      const sum = (pick: (g: typeof read.groups[number]) => number) => read.groups.reduce((s, g) => s + pick(g), 0);
      expect(sum(g => g.inputTokens)).toBe(records.reduce((s, r) => s + r.input, 0));
      expect(sum(g => g.outputTokens)).toBe(records.reduce((s, r) => s + r.output, 0));
      expect(sum(g => g.cacheReadInputTokens)).toBe(records.reduce((s, r) => s + r.cacheRead, 0));
      const blank = items.filter(i => typeof i === 'string' && i.trim() === '').length;
      expect(read.records + read.malformed + read.ignored).toBeLessThanOrEqual(items.length - blank + 1);
    }), { numRuns: 200 });
  });
});

describe('bedrock-cost chargeback', () => {
  const logs = file('cli.jsonl', lines(record(), record({ modelId: ARN_2, input: 10000, output: 1000 }), record({ modelId: HAIKU }), 'oops'));

  test('table, markdown and exact JSON', async () => {
    const table = await cli('chargeback', logs, '--mapping', mapping, '--jobs', '1');
    expect(table.code).toBe(0);
    expect(table.out).toContain('Total priced: 0.02 USD.');
    expect(table.out).toMatch(/checkout\s+anthropic\.claude-3-5-sonnet-20241022-v2:0\s+1\s+1,000\s+0\s+0\s+200\s+0\.006\s+Team=payments, Service=checkout/);
    expect(table.out).toContain('Not through a profile');
    expect(table.out).toMatch(/cli\.jsonl:4: not JSON/);
    const md = await cli('chargeback', logs, '--mapping', mapping, '--format', 'markdown');
    expect(md.out).toContain('| Team | payments | checkout | 1 | 0.006 |');
    const json = JSON.parse((await cli('chargeback', logs, '--mapping', mapping, '--format', 'json')).out);
    // checkout 0.006 + search 0.012 + direct Haiku (1000 × 0.0000008 + 200 × 0.000004) 0.0016
    expect(json.totalUsd).toBe('0.0196');
    expect(json.profiles[0]).toMatchObject({ name: 'search', costUsd: '0.012', calls: '1', inputTokens: '10000' });
  });

  test('--strict fails on malformed lines or unpriced calls; bad options are usage errors', async () => {
    expect((await cli('chargeback', logs, '--mapping', mapping, '--strict')).code).toBe(1);
    expect((await cli('chargeback')).code).toBe(2);
    expect((await cli('chargeback', logs, '--jobs', '0')).err).toContain('--jobs must be a whole number');
    expect((await cli('chargeback', logs, '--format', 'xml')).code).toBe(2);
    const missing = await cli('chargeback', path.join(root, 'missing'));
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining('does not exist')]);
  });
});

describe('chargeback stands alone', () => {
  test('the CLI prices logs in a process where aws-cdk-lib and constructs cannot be resolved', () => {
    const logs = file('alone.jsonl', lines(record()));
    const script = `
      ${WITHOUT_CDK}
      const { run } = require('./src/cli/main');
      Promise.resolve(run(['chargeback', ${JSON.stringify(logs)}, '--mapping', ${JSON.stringify(mapping)}, '--format', 'json', '--jobs', '1'],
        { out: t => process.stdout.write(t), err: t => process.stderr.write(t) })).then(code => process.exitCode = code);`;
    const result = spawnSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf-8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).totalUsd).toBe('0.006');
  });
});
