import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { run } from '../../src/cli/main';
import { startJsonServer, JsonServer, Reply, TEST_CREDENTIALS } from '../helpers/aws-json-server';
import { FileServer, Route, startFileServer } from '../helpers/http-file-server';
import { offerFile, SkuSpec } from '../helpers/price-list-fixtures';

/**
 * A hostile corpus for the CLI: files and command lines of the kinds the audit of issue 12 threw
 * at it, each with the outcome it must have. Every case must end within 10 s, never with exit
 * code 70 ("this is a bug"), and never with a silent wrong answer: a bad input is an error that
 * names where it is (exit 1, or 2 for a bad command line); an odd but valid input gives the
 * answer stated here.
 */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-cli-'));
const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
let n = 0;
function file(name: string, content: string | Buffer, dir = fs.mkdtempSync(path.join(root, `c${n++}-`))): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}
function fifo(name: string): string {
  const p = path.join(fs.mkdtempSync(path.join(root, `f${n++}-`)), name);
  execFileSync('mkfifo', [p]);
  return p;
}

const USAGE = `asOf: "2025-03-01"
daysPerMonth: 30
workloads:
  - name: w
    region: us-west-2
    inference: { model: anthropic.claude-3-5-sonnet-20241022-v2:0, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 }
`;
const usageWith = (replace: Record<string, string>) => Object.entries(replace).reduce((text, [a, b]) => text.replace(a, b), USAGE);

const ACCOUNT = '111111111111';
const ARN = `arn:aws:bedrock:us-west-2:${ACCOUNT}:application-inference-profile/abc111`;
const record = (extra: Record<string, unknown> = {}) => JSON.stringify({
  schemaType: 'ModelInvocationLog',
  timestamp: '2026-11-02T10:00:00Z',
  region: 'us-west-2',
  modelId: ARN,
  identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s` },
  input: { inputTokenCount: 1000 },
  output: { outputTokenCount: 100 },
  ...extra,
});
const MAPPING = `profiles:\n  - { arn: ${ARN}, name: checkout, model: anthropic.claude-3-5-sonnet-20241022-v2:0, tags: { Team: a } }\n`;

// One real cloud assembly; each report case copies its report and changes one thing.
const assembly = path.join(root, 'cdk.out');
buildPerServiceApp(assembly).app.synth();
const reportName = fs.readdirSync(assembly).find(f => f.endsWith('.bedrock-cost.json'))!;
const REPORT = JSON.parse(fs.readFileSync(path.join(assembly, reportName), 'utf-8'));
function reportDir(change: (report: any) => unknown): string {
  const dir = fs.mkdtempSync(path.join(root, `r${n++}-`));
  const copy = JSON.parse(JSON.stringify(REPORT));
  const changed = change(copy);
  fs.writeFileSync(path.join(dir, reportName), typeof changed === 'string' ? changed : JSON.stringify(changed ?? copy));
  return dir;
}

interface Case {
  readonly name: string;
  readonly args: () => string[] | Promise<string[]>;
  readonly exit: 0 | 1 | 2;
  /** Text the error (or, for exit 0, the output) must hold. */
  readonly says?: string | RegExp;
  /** For exit 0: what the answer must be. */
  readonly check?: (out: string) => void;
}

const json = (out: string) => JSON.parse(out);

const CASES: Case[] = [
  // Command lines.
  ...['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'].map((name): Case => ({ name: `command ${name}`, args: () => [name], exit: 2, says: 'unknown command' })),
  { name: 'estimate --as-of 2026-02-30', args: () => ['estimate', file('u.yaml', USAGE), '--as-of', '2026-02-30'], exit: 2, says: '--as-of must be a date YYYY-MM-DD' },
  { name: 'estimate --as-of 9999-99-99', args: () => ['estimate', file('u.yaml', USAGE), '--as-of', '9999-99-99'], exit: 2, says: '--as-of must be a date' },
  { name: 'chargeback --as-of 2026-13-01', args: () => ['chargeback', file('l.jsonl', `${record()}\n`), '--as-of', '2026-13-01'], exit: 2, says: '--as-of' },
  { name: 'chargeback --jobs 0', args: () => ['chargeback', file('l.jsonl', `${record()}\n`), '--jobs', '0'], exit: 2, says: '--jobs' },
  { name: 'chargeback --jobs 1e9', args: () => ['chargeback', file('l.jsonl', `${record()}\n`), '--jobs', '1e9'], exit: 2, says: '--jobs' },
  { name: '--output is a directory', args: () => ['estimate', file('u.yaml', USAGE), '--output', root], exit: 1, says: `${root}: --output cannot be written (EISDIR)` },
  { name: '--output on a full disk', args: () => ['estimate', file('u.yaml', USAGE), '--output', '/dev/full'], exit: 1, says: '/dev/full: --output cannot be written (ENOSPC)' },
  { name: '--output into a missing directory', args: () => ['report', assembly, '--output', path.join(root, 'no', 'such', 'out.md')], exit: 1, says: 'cannot be written (ENOENT)' },
  { name: '--output to a FIFO nobody reads', args: () => ['estimate', file('u.yaml', USAGE), '--output', fifo('out')], exit: 1, says: 'cannot be written (ENXIO)' },

  // Usage files.
  { name: 'usage file is a FIFO', args: () => ['estimate', fifo('usage.yaml')], exit: 1, says: 'is not a regular file but a FIFO' },
  { name: 'usage file is /dev/zero', args: () => ['estimate', '/dev/zero'], exit: 1, says: 'is not a regular file but a device' },
  { name: 'usage file is a directory', args: () => ['estimate', root], exit: 1, says: 'is not a regular file but a directory' },
  { name: 'usage file is empty', args: () => ['estimate', file('u.yaml', '')], exit: 1, says: 'u.yaml' },
  { name: 'usage file is null', args: () => ['estimate', file('u.yaml', 'null\n')], exit: 1, says: 'u.yaml' },
  { name: 'usage file is a list', args: () => ['estimate', file('u.json', '[1,2,3]')], exit: 1, says: 'u.json' },
  { name: 'usage file is not YAML', args: () => ['estimate', file('u.yaml', 'a: b: c: [\n')], exit: 1, says: 'is not valid YAML' },
  { name: 'usage file is binary', args: () => ['estimate', file('u.yaml', Buffer.from([0, 1, 2, 255, 254, 0x1f, 0x8b]))], exit: 1, says: 'u.yaml' },
  { name: 'usage asOf 2026-02-30', args: () => ['estimate', file('u.yaml', usageWith({ '2025-03-01': '2026-02-30' }))], exit: 1, says: 'asOf' },
  // C1: a 2,000-digit growth over 120 months once ran out of memory compounding exactly.
  {
    name: 'usage with a 2,000-digit monthlyGrowth over 120 months',
    args: () => ['estimate', file('u.yaml', usageWith({ 'daysPerMonth: 30': 'daysPerMonth: 30\nmonths: 120', '    region: us-west-2': `    region: us-west-2\n    monthlyGrowth: "0.${'3'.repeat(2000)}"` }))],
    exit: 1,
    says: 'monthlyGrowth',
  },
  {
    name: 'usage with a reserved term of 2 months',
    args: () => ['estimate', file('u.yaml', usageWith({ 'outputTokensPerRequest: 100 }': 'outputTokensPerRequest: 100, reserved: { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 2 } }' }))],
    exit: 1,
    says: 'reserved',
  },
  { name: 'usage asOf 9999-99-99', args: () => ['estimate', file('u.yaml', usageWith({ '2025-03-01': '9999-99-99' }))], exit: 1, says: 'asOf' },
  { name: 'requestsPerDay 1e400', args: () => ['estimate', file('u.yaml', usageWith({ 'requestsPerDay: 1000': 'requestsPerDay: 1e400' }))], exit: 1, says: 'requestsPerDay' },
  { name: 'requestsPerDay -5', args: () => ['estimate', file('u.yaml', usageWith({ 'requestsPerDay: 1000': 'requestsPerDay: -5' }))], exit: 1, says: 'requestsPerDay' },
  { name: 'requestsPerDay "abc"', args: () => ['estimate', file('u.yaml', usageWith({ 'requestsPerDay: 1000': 'requestsPerDay: "abc"' }))], exit: 1, says: 'requestsPerDay' },
  { name: 'inputTokensPerRequest null', args: () => ['estimate', file('u.yaml', usageWith({ 'inputTokensPerRequest: 1000': 'inputTokensPerRequest: null' }))], exit: 1, says: 'inputTokensPerRequest' },
  { name: 'outputTokensPerRequest null', args: () => ['estimate', file('u.yaml', usageWith({ 'outputTokensPerRequest: 100': 'outputTokensPerRequest: null' }))], exit: 1, says: 'outputTokensPerRequest' },
  { name: 'a model named constructor', args: () => ['estimate', file('u.yaml', usageWith({ 'anthropic.claude-3-5-sonnet-20241022-v2:0': 'constructor' }))], exit: 1, says: 'constructor' },
  { name: 'a Region named __proto__', args: () => ['estimate', file('u.yaml', usageWith({ 'region: us-west-2': 'region: __proto__' }))], exit: 1, says: 'region' },
  {
    name: 'tags with prototype keys (valid: they are just tag keys)',
    args: () => ['estimate', file('u.yaml', usageWith({ '  - name: w\n': '  - name: w\n    tags: { constructor: a, toString: b, __proto__: c }\n' })), '--format', 'json'],
    exit: 0,
    check: out => expect(json(out).workloads[0].tags).toEqual(JSON.parse('{"constructor":"a","toString":"b","__proto__":"c"}')),
  },
  {
    name: 'priceFiles outside the usage file\'s directory',
    args: () => {
      file('outside.yaml', SECRET, root);
      return ['estimate', file('u.yaml', `${USAGE}priceFiles: [../outside.yaml]\n`)];
    },
    exit: 1,
    says: 'priceFiles[0] is outside the usage file\'s directory',
  },
  { name: 'priceFiles absolute', args: () => ['estimate', file('u.yaml', `${USAGE}priceFiles: [${path.join(root, 'outside.yaml')}]\n`)], exit: 1, says: 'is outside the usage file\'s directory' },
  { name: 'priceFiles not a price file name', args: () => ['estimate', file('u.yaml', `${USAGE}priceFiles: [/etc/passwd]\n`)], exit: 1, says: 'priceFiles[0] must match pattern' },
  {
    name: 'priceFiles through a symbolic link out of the directory',
    args: () => {
      const usage = file('u.yaml', `${USAGE}priceFiles: [link.yaml]\n`);
      fs.symlinkSync(file('secret.yaml', SECRET), path.join(path.dirname(usage), 'link.yaml'));
      return ['estimate', usage];
    },
    exit: 1,
    says: 'is outside the usage file\'s directory',
  },
  {
    name: 'priceFiles: a .env next to the usage file',
    args: () => {
      const usage = file('u.yaml', `${USAGE}priceFiles: [.env]\n`);
      fs.writeFileSync(path.join(path.dirname(usage), '.env'), `${SECRET}\n`);
      return ['estimate', usage];
    },
    exit: 1,
    says: 'priceFiles[0] must match pattern',
  },
  { name: 'priceFiles outside, allowed by flag but not a price file', args: () => ['estimate', file('u.yaml', `${USAGE}priceFiles: [/etc/hostname]\n`), '--allow-price-files-anywhere'], exit: 1, says: '/etc/hostname' },
  { name: '--prices names a secret file', args: () => ['estimate', file('u.yaml', USAGE), '--prices', file('creds.yaml', SECRET)], exit: 1, says: 'creds.yaml' },
  { name: '--prices is a FIFO', args: () => ['estimate', file('u.yaml', USAGE), '--prices', fifo('p.yaml')], exit: 1, says: 'is not a regular file but a FIFO' },

  // Cost reports (report, diff, budgets status, chargeback --report).
  ...([
    ['schemaVersion "1"', (r: any) => { r.schemaVersion = '1'; }, 'schemaVersion'],
    ['profiles is an object', (r: any) => { r.profiles = {}; }, 'profiles'],
    ['a negative total', (r: any) => { r.total.expected = '-5'; }, 'total.expected'],
    ['a total of 1e400', (r: any) => { r.total.high = '1e400'; }, 'total.high'],
    ['a total of 10^13', (r: any) => { r.total.low = '10000000000000'; }, 'total.low'],
    ['a limit as a number', (r: any) => { r.budgets[0].limitUsd = 100; }, 'budgets[0].limitUsd'],
    ['a budget without thresholds', (r: any) => { delete r.budgets[0].thresholds; }, 'budgets[0]'],
    ['an unknown field', (r: any) => { r.profiles[0].injected = '<script>'; }, 'has an unknown property "injected"'],
    ['a tag map with a non-string value', (r: any) => { r.profiles[0].tags = { Service: 42 }; }, 'profiles[0].tags.Service'],
    ['a date that does not exist', (r: any) => { r.pricesAsOf = ['2026-02-30']; }, 'pricesAsOf'],
    ['a thousand-character name', (r: any) => { r.stack.name = 'x'.repeat(3000); }, 'stack.name'],
    ['null', () => 'null', 'schemaVersion'],
    ['a list', () => '[]', 'schemaVersion'],
    ['not JSON', () => '{"schemaVersion": 1,', 'is not valid JSON'],
  ] as const).flatMap(([what, change, says]): Case[] => [
    { name: `report: ${what}`, args: () => ['report', reportDir(change)], exit: 1, says },
    { name: `diff: ${what}`, args: () => ['diff', assembly, reportDir(change)], exit: 1, says },
  ]),
  {
    name: 'report: a FIFO named like a report',
    args: () => {
      const dir = fs.mkdtempSync(path.join(root, 'rf-'));
      execFileSync('mkfifo', [path.join(dir, 'Stack.bedrock-cost.json')]);
      return ['report', dir];
    },
    exit: 1,
    says: 'is not a regular file but a FIFO',
  },
  { name: 'report: an assembly without reports', args: () => ['report', fs.mkdtempSync(path.join(root, 'empty-'))], exit: 1, says: 'holds no Bedrock cost report' },
  { name: 'report: the real one (valid)', args: () => ['report', assembly, '--format', 'json'], exit: 0, check: out => expect(json(out)[0].total).toEqual(REPORT.total) },

  // Invocation logs.
  { name: 'logs: a FIFO', args: () => ['chargeback', fifo('logs.jsonl')], exit: 1, says: 'is not a regular file but a FIFO' },
  { name: 'logs: /dev/zero', args: () => ['chargeback', '/dev/zero'], exit: 1, says: 'is not a regular file but a device' },
  { name: 'logs: a FIFO inside a directory', args: () => ['chargeback', path.dirname(fifo('x.jsonl.gz'))], exit: 1, says: 'FIFO' },
  {
    name: 'logs: 20 MB of newlines, gzip (valid, nothing in it)',
    args: () => ['chargeback', file('nl.gz', zlib.gzipSync(Buffer.alloc(20_000_000, 0x0a))), '--format', 'json'],
    exit: 0,
    check: out => expect([json(out).records, json(out).malformed]).toEqual([0, 0]),
  },
  { name: 'logs: one 70 MB line', args: () => ['chargeback', file('one.gz', zlib.gzipSync(Buffer.alloc(70 * 1024 * 1024, 0x61)))], exit: 1, says: ':1: (line) is longer than 16 MiB' },
  { name: 'logs: a record with null token counts (malformed, --strict)', args: () => ['chargeback', file('n.jsonl', `${record({ input: { inputTokenCount: null } })}\n`), '--strict'], exit: 1, says: '1 malformed line(s)' },
  { name: 'logs: a record dated 2026-13-45 (malformed, --strict)', args: () => ['chargeback', file('d.jsonl', `${record({ timestamp: '2026-13-45T10:00:00Z' })}\n`), '--strict'], exit: 1, says: '1 malformed' },
  {
    name: 'logs: the same file twice (charged once)',
    args: () => {
      const log = file('a.jsonl', `${record()}\n`);
      return ['chargeback', log, log, '--mapping', file('m.yaml', MAPPING), '--format', 'json'];
    },
    exit: 0,
    check: out => expect(json(out).records).toBe(1),
  },
  {
    name: 'logs: a.jsonl next to a.jsonl.gz (charged once)',
    args: () => {
      const log = file('a.jsonl', `${record()}\n`);
      fs.writeFileSync(`${log}.gz`, zlib.gzipSync(`${record()}\n`));
      return ['chargeback', path.dirname(log), '--format', 'json'];
    },
    exit: 0,
    check: out => expect(json(out).records).toBe(1),
  },
  { name: 'logs: nested events 10,000 deep (malformed)', args: () => ['chargeback', file('deep.jsonl', `${'{"events":['.repeat(10_000)}${record()}${']}'.repeat(10_000)}\n`), '--strict'], exit: 1, says: 'malformed' },
  { name: 'logs: 150,000 lines of {} (refused)', args: () => ['chargeback', file('junk.jsonl', '{}\n'.repeat(150_000))], exit: 1, says: 'malformed lines beyond its 0 invocation records' },
  {
    name: 'logs: schemaType holding a secret',
    args: () => ['chargeback', file('s.jsonl', `${record({ schemaType: SECRET })}\n`), '--format', 'json'],
    exit: 0,
    check: out => expect(JSON.stringify(json(out).malformedExamples)).not.toContain(SECRET.slice(0, 41)),
  },
  { name: 'mapping: a FIFO', args: () => ['chargeback', file('a.jsonl', `${record()}\n`), '--mapping', fifo('m.yaml')], exit: 1, says: 'FIFO' },
  {
    name: 'mapping: tags with prototype keys (valid)',
    args: () => ['chargeback', file('a.jsonl', `${record()}\n`), '--format', 'json', '--mapping',
      file('m.yaml', `profiles:\n  - { arn: ${ARN}, model: anthropic.claude-3-5-sonnet-20241022-v2:0, tags: { constructor: x, __proto__: y } }\n`)],
    exit: 0,
    check: out => expect(json(out).profiles[0].tags).toEqual(JSON.parse('{"constructor":"x","__proto__":"y"}')),
  },
  { name: 'mapping: not a mapping', args: () => ['chargeback', file('a.jsonl', `${record()}\n`), '--mapping', file('m.yaml', `${SECRET}\n`)], exit: 1, says: 'm.yaml' },
  { name: 'profile list: garbage', args: () => ['chargeback', file('a.jsonl', `${record()}\n`), '--profiles', file('p.json', '{"inferenceProfileSummaries": 7}')], exit: 1, says: 'p.json' },
  // bedrock-cost actuals: command lines, assemblies, and a Cost Explorer that answers badly.
  { name: 'actuals without an assembly', args: () => ['actuals'], exit: 2, says: 'give the cloud assembly directory' },
  { name: 'actuals --month 2026-13', args: () => ['actuals', assembly, '--month', '2026-13'], exit: 2, says: '--month must be a month YYYY-MM' },
  { name: 'actuals --month constructor', args: () => ['actuals', assembly, '--month', 'constructor'], exit: 2, says: '--month' },
  { name: 'actuals --as-of 2026-02-30', args: () => ['actuals', assembly, '--as-of', '2026-02-30'], exit: 2, says: '--as-of must be a date' },
  { name: 'actuals --fail-over=-5', args: () => ['actuals', assembly, '--fail-over=-5'], exit: 2, says: '--fail-over must be a percentage' },
  { name: 'actuals --fail-over 1e400', args: () => ['actuals', assembly, '--fail-over', '1e400'], exit: 2, says: '--fail-over' },
  { name: 'actuals --format xml', args: () => ['actuals', assembly, '--format', 'xml'], exit: 2, says: '--format' },
  { name: 'actuals: an assembly without reports', args: () => ['actuals', fs.mkdtempSync(path.join(root, 'empty-'))], exit: 1, says: 'holds no Bedrock cost report' },
  { name: 'actuals: a report with a negative total', args: () => ['actuals', reportDir(r => { r.total.expected = '-5'; })], exit: 1, says: 'total.expected' },
  { name: 'actuals: Cost Explorer refuses the connection', args: () => ['actuals', assembly, '--as-of', '2026-11-15', '--endpoint-url', 'http://127.0.0.1:9'], exit: 1, says: /ECONNREFUSED|connect/ },
  ...([
    ['denies access', () => ({ status: 400, body: { __type: 'AccessDeniedException', message: 'User is not authorized to perform ce:GetCostAndUsage' } })],
    ['answers with a string, not an object', () => ({ status: 200, body: '<html>' })],
    ['answers an amount of 1e400', (target: string) => costExplorerReply(target, '1e400')],
    ['answers an amount of "abc"', (target: string) => costExplorerReply(target, 'abc')],
    ['answers groups without keys', (target: string) => (target.endsWith('GetCostAndUsage')
      ? { status: 200, body: { ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-15' }, Groups: [{ Metrics: {} }] }] } }
      : costExplorerReply(target, '1'))],
  ] as Array<[string, (target: string) => Reply]>).map(([what, reply]): Case => ({
    name: `actuals: Cost Explorer ${what}`,
    args: async () => ['actuals', assembly, '--as-of', '2026-11-15', '--endpoint-url', await costExplorer(reply)],
    exit: 1,
    says: 'Cost Explorer',
  })),

  // bedrock-cost budgets status, against a local AWS Budgets.
  ...([
    ['a limit of 1e400', () => budgetReply({ BudgetLimit: { Amount: '1e400', Unit: 'USD' } }), 'BudgetLimit.Amount is not an amount in USD'],
    ['an actual spend of "abc"', () => budgetReply({ CalculatedSpend: { ActualSpend: { Amount: 'abc', Unit: 'USD' } } }), 'ActualSpend.Amount'],
    ['no budget in the answer', () => ({ status: 200, body: {} }), 'answered without the budget'],
    ['an internal error, every time', () => ({ status: 500, body: { __type: 'InternalErrorException', Message: 'boom' } }), 'AWS Budgets: response was an error'],
  ] as Array<[string, () => Reply, string]>).map(([what, reply, says]): Case => ({
    name: `budgets status: Budgets answers ${what}`,
    args: async () => ['budgets', 'status', assembly, '--account-id', ACCOUNT, '--endpoint-url', await costExplorer(() => reply())],
    exit: 1,
    says,
  })),
  { name: 'budgets status: Budgets refuses the connection', args: () => ['budgets', 'status', assembly, '--account-id', ACCOUNT, '--endpoint-url', 'http://127.0.0.1:9'], exit: 1, says: 'could not be reached' },

  // bedrock-cost prices import | refresh.
  { name: 'prices without a subcommand', args: () => ['prices'], exit: 2, says: 'give a subcommand' },
  { name: 'prices constructor', args: () => ['prices', 'constructor'], exit: 2, says: 'unknown subcommand "constructor"' },
  { name: 'prices import without files', args: () => ['prices', 'import'], exit: 2, says: 'give the Price List files' },
  { name: 'prices import --region (a refresh option)', args: () => ['prices', 'import', file('o.json', '{}'), '--region', 'us-east-1'], exit: 2, says: 'is an option of "prices refresh"' },
  { name: 'prices import: a FIFO', args: () => ['prices', 'import', fifo('index.json')], exit: 1, says: 'is not a regular file but a FIFO' },
  { name: 'prices import: /dev/zero', args: () => ['prices', 'import', '/dev/zero'], exit: 1, says: 'is not a regular file but a device' },
  { name: 'prices import: a directory', args: () => ['prices', 'import', root], exit: 1, says: 'is not a regular file but a directory' },
  { name: 'prices import: not JSON (a secret)', args: () => ['prices', 'import', file('index.json', SECRET)], exit: 1, says: 'index.json' },
  { name: 'prices import: an empty file', args: () => ['prices', 'import', file('index.json', '')], exit: 1, says: 'index.json' },
  { name: 'prices import: JSON of another kind', args: () => ['prices', 'import', file('index.json', '{"constructor": 1, "__proto__": {"products": 1}}')], exit: 1, says: 'is neither an AWS Price List offer file' },
  { name: 'prices import: products is a list', args: () => ['prices', 'import', file('index.json', JSON.stringify({ ...bedrockOffer(), products: [1, 2] }))], exit: 1, says: 'products' },
  { name: 'prices import: a price of 1e400', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer('1e400')))], exit: 1, says: 'index.json' },
  { name: 'prices import: a price of -1', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer('-1.0000000000')))], exit: 1, says: 'index.json' },
  { name: 'prices import: nested 10,000 deep', args: () => ['prices', 'import', file('index.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)], exit: 1, says: 'index.json' },
  {
    name: 'prices import: a valid offer file (the price as stated, per 1K tokens)',
    args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer()))],
    exit: 0,
    check: out => expect(json(out).prices.map(({ meter, regions, usd, per }: any) => ({ meter, regions, usd, per })))
      .toEqual([{ meter: 'input-tokens', regions: ['us-east-1'], usd: '0.00033', per: 1000 }]),
  },
  { name: 'prices import --output a directory', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer())), '--output', root], exit: 1, says: '--output is not a regular file but a directory' },
  // Not /dev/full itself: a regression would replace the device (the write is a rename).
  { name: 'prices import --output a FIFO (kept, not replaced)', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer())), '--output', fifo('prices.json')], exit: 1, says: '--output is not a regular file but a FIFO' },
  {
    name: 'prices import --output a link to a FIFO',
    args: () => {
      const link = path.join(fs.mkdtempSync(path.join(root, 'l-')), 'prices.json');
      fs.symlinkSync(fifo('target.json'), link);
      return ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer())), '--output', link];
    },
    exit: 1,
    says: 'is not a regular file but a FIFO',
  },
  { name: 'prices import --names a FIFO', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer())), '--names', fifo('names.json')], exit: 1, says: 'FIFO' },
  { name: 'prices import --names garbage', args: () => ['prices', 'import', file('index.json', JSON.stringify(bedrockOffer())), '--names', file('names.json', SECRET)], exit: 1, says: 'names.json' },
  { name: 'prices refresh with a file', args: () => ['prices', 'refresh', 'index.json'], exit: 2, says: 'takes no files' },
  { name: 'prices refresh --region constructor', args: () => ['prices', 'refresh', '--region', 'constructor'], exit: 2, says: '--region must be a Region code' },
  { name: 'prices refresh --offer __proto__', args: () => ['prices', 'refresh', '--offer', '__proto__'], exit: 2, says: '--offer must be one of' },
  { name: 'prices refresh --timeout 0', args: () => ['prices', 'refresh', '--timeout', '0'], exit: 2, says: '--timeout' },
  { name: 'prices refresh --timeout 1e9', args: () => ['prices', 'refresh', '--timeout', '1e9'], exit: 2, says: '--timeout' },
  { name: 'prices refresh --retries 99', args: () => ['prices', 'refresh', '--retries', '99'], exit: 2, says: '--retries' },
  { name: 'prices refresh --from-api --base-url', args: () => ['prices', 'refresh', '--from-api', '--base-url', 'http://127.0.0.1:9'], exit: 2, says: '--from-api' },
  { name: 'prices refresh: connection refused', args: () => ['prices', 'refresh', '--base-url', 'http://127.0.0.1:9', '--retries', '0', '--region', 'us-east-1'], exit: 1, says: /ECONNREFUSED|connect/ },
  ...([
    ['an index that is a string, not an object', () => ({ json: '<html>' })],
    ['an index of the wrong shape', () => ({ json: { offers: { constructor: 7 } } })],
    ['a status 403', () => ({ status: 403 })],
    ['a stalled download', () => ({ stall: true as const })],
  ] as Array<[string, () => Route]>).map(([what, route]): Case => ({
    name: `prices refresh: ${what}`,
    args: async () => ['prices', 'refresh', '--base-url', await priceServer(route), '--retries', '0', '--timeout', '1', '--region', 'us-east-1', '--offer', 'AmazonBedrock'],
    exit: 1,
    says: /index|offer|403|idle|JSON/i,
  })),
];

/** An AmazonBedrock offer file with one Nova 2.0 Lite input price. */
function bedrockOffer(usd = '0.0003300000'): Record<string, unknown> {
  const spec: SkuSpec = { usagetype: 'USE1-Nova2.0Lite-input-tokens', usd, model: 'Nova 2.0 Lite' };
  return offerFile('AmazonBedrock', [spec]);
}

/** A DescribeBudget answer: a budget of 100 USD with `change` applied. */
function budgetReply(change: Record<string, unknown>): Reply {
  return { status: 200, body: { Budget: { BudgetName: 'b', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100', Unit: 'USD' }, ...change } } };
}

/** A Cost Explorer reply: the tag key active, and one Bedrock group of `amount` USD. */
function costExplorerReply(target: string, amount: string): Reply {
  if (target.endsWith('ListCostAllocationTags')) {
    return { status: 200, body: { CostAllocationTags: ['Service', 'Team'].map(TagKey => ({ TagKey, Type: 'UserDefined', Status: 'Active' })) } };
  }
  return {
    status: 200,
    body: {
      ResultsByTime: [{
        TimePeriod: { Start: '2026-11-01', End: '2026-11-15' },
        Groups: [{ Keys: ['Service$service-1', 'USW2-MP:USW2_InputTokenCount-Units'], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } }],
      }],
    },
  };
}

/** Local servers the cases start; closed after the corpus. */
const servers: Array<JsonServer | FileServer> = [];

/** A local AWS JSON service (awsJson1_1: Cost Explorer, Budgets) answering every request with `reply(target)`. */
async function costExplorer(reply: (target: string) => Reply): Promise<string> {
  const server = await startJsonServer(request => reply(request.target));
  servers.push(server);
  return server.url;
}

/** A local Price List server answering every path with `route()`. */
async function priceServer(route: () => Route): Promise<string> {
  const server = await startFileServer(() => route());
  servers.push(server);
  return server.url;
}

interface Outcome {
  readonly code: number;
  readonly ms: number;
  readonly out: string;
  readonly err: string;
}

async function runCase(c: Case): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const args = await c.args();
  const start = Date.now();
  const code = await run(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, ms: Date.now() - start, out: out.join(''), err: err.join('') };
}

const outcomes = new Map<string, Outcome>();

// The SDK signs with test credentials and never looks for real ones (no instance metadata).
const savedEnv = { ...process.env };
beforeAll(() => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true' });
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all(servers.map(s => s.close()));
});

describe('hostile CLI corpus', () => {
  test.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runCase(c);
    outcomes.set(c.name, outcome);
    expect({ code: outcome.code, seventy: outcome.code === 70 }).toEqual({ code: c.exit, seventy: false });
    expect(outcome.ms).toBeLessThan(10_000);
    const text = c.exit === 0 ? outcome.out : outcome.err;
    if (c.says !== undefined) {
      expect(text).toMatch(c.says);
    }
    c.check?.(outcome.out);
    // Nothing a user reads carries a document's content beyond 40 characters, nor a stack trace.
    expect(outcome.err).not.toContain(SECRET.slice(0, 41));
    expect(outcome.out).not.toContain(SECRET.slice(0, 41));
    expect(outcome.err).not.toMatch(/\n\s+at /);
  });

  test('the counts: every case ran; no exit 70, no hang over 10 s', () => {
    const all = [...outcomes.values()];
    expect({
      cases: all.length,
      exit70: all.filter(o => o.code === 70).length,
      hangs: all.filter(o => o.ms >= 10_000).length,
    }).toEqual({ cases: CASES.length, exit70: 0, hangs: 0 });
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });
});
