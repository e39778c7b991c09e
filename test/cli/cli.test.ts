import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
const USAGE = path.join(dir, 'usage.yaml');
fs.writeFileSync(USAGE, `
asOf: "2025-03-01"
daysPerMonth: 30
workloads:
  - name: service-1
    region: us-west-2
    tags: { Service: service-1 }
    inference:
      model: anthropic.claude-3-5-sonnet-20241022-v2:0
      requestsPerDay: 10000
      inputTokensPerRequest: 1500
      outputTokensPerRequest: 300
      cacheReadShare: 0.3
      batchShare: 0.1
`);

function cli(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('bedrock-cost estimate', () => {
  test('prints a table by default, markdown and exact JSON on request', () => {
    const table = cli('estimate', USAGE);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/Total\s+1,789\.56\s+2,236\.95\s+2,796\.19/);
    expect(cli('estimate', USAGE, '--format', 'markdown').out).toContain('| **Total** | 1,789.56 | **2,236.95** | 2,796.19 |');
    const json = JSON.parse(cli('estimate', USAGE, '--format', 'json').out);
    expect(json.total).toEqual({ low: '1789.56', expected: '2236.95', high: '2796.1875' });
    expect(json.workloads[0].tags).toEqual({ Service: 'service-1' });
    expect(json.sources).toEqual([expect.objectContaining({ id: 'aws-pricing-page-ko-2025-02-01', effectiveDate: '2025-02-01' })]);
  });

  test('--as-of and --prices change the prices used; --output writes a file', () => {
    const prices = path.join(dir, 'prices.yaml');
    fs.writeFileSync(prices, 'source: { id: mine, title: Mine, effectiveDate: "2025-03-01" }\n'
      + 'prices:\n  - { item: anthropic.claude-3-5-sonnet, meter: output-tokens, regions: [us-west-2], usd: "0.012", per: 1000 }\n');
    const output = path.join(dir, 'out.json');
    expect(cli('estimate', USAGE, '--prices', prices, '--format', 'json', '--output', output).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(output, 'utf-8')).total.expected).toBe('1993.95'); // output tokens at 0.012 instead of 0.015
    expect(cli('estimate', USAGE, '--as-of', '2024-05-01').err).toContain('effective on or before 2024-05-01');
  });

  test.each([
    [['estimate'], 2, 'give the usage file to estimate'],
    [['estimate', USAGE, USAGE], 2, 'give one usage file (got 2)'],
    [['estimate', USAGE, '--format', 'xml'], 2, '--format must be one of table, markdown, json (got "xml")'],
    [['estimate', USAGE, '--as-of', 'yesterday'], 2, '--as-of must be a date YYYY-MM-DD'],
    [['estimate', USAGE, '--verbose'], 2, "Unknown option '--verbose'"],
    [['estimate', '/nope/usage.yaml'], 1, '/nope/usage.yaml: usage file cannot be read (ENOENT). Check the path.'],
    [['frobnicate'], 2, 'unknown command "frobnicate"'],
  ])('%j exits %i with one clear message', (args, code, message) => {
    const result = cli(...args);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test('help and version', () => {
    expect(cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: bedrock-cost <command>') });
    expect(cli()).toMatchObject({ code: 2, out: expect.stringContaining('Commands:') });
    expect(cli('estimate', '--help').out).toContain('--as-of <YYYY-MM-DD>');
    expect(cli('--version').out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('bedrock-cost catalog', () => {
  test('prices in effect, with Regions and source dates', () => {
    const { code, out } = cli('catalog', '--model', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', '--meter', 'input-tokens');
    expect(code).toBe(0);
    expect(out).toMatch(/anthropic\.claude-3-5-haiku\s+input-tokens\s+us-east-1 us-west-2\s+0\.0008\s+1,000 token\s+aws-pricing-page-ko-2025-02-01:285\s+2025-02-01\s+table/);
  });

  test('--history shows superseded prices; --as-of picks older ones', () => {
    // The three pricing pages of 2024-2025, and the Tokyo Price List reading of 2026-09-14.
    expect(cli('catalog', '--model', 'guardrails.content-filter', '--history').out.match(/guardrails\.content-filter/g)).toHaveLength(4);
    expect(cli('catalog', '--model', 'guardrails.content-filter', '--as-of', '2024-07-01').out).toMatch(/text-units\s+ap-northeast-1 ap-south-1 .* us-west-2\s+0\.75\s+1,000 text-unit\s+aws-pricing-page-vi-2024-06-20:530/);
  });

  test('--models, --meters and --sources list the catalog; JSON works for each', () => {
    expect(cli('catalog', '--models').out).toMatch(/anthropic\.claude-3-5-sonnet\s+Claude 3\.5 Sonnet \(v1 and v2\)\s+Anthropic\s+anthropic\.claude-3-5-sonnet-20240620-v1:0 anthropic\.claude-3-5-sonnet-20241022-v2:0/);
    expect(cli('catalog', '--meters').out).toMatch(/text-units\s+text-unit\s+Guardrail text units per policy/);
    const sources = JSON.parse(cli('catalog', '--sources', '--format', 'json').out);
    expect(sources.map((s: any) => s.id).slice(0, 3)).toEqual(['aws-pricing-page-tr-2024-04-23', 'aws-pricing-page-vi-2024-06-20', 'aws-pricing-page-ko-2025-02-01']);
    expect(sources.map((s: any) => s.id)).toContain('aws-price-list-fm-2026-08-20');
    expect(cli('catalog', '--meters', '--format', 'markdown').out).toContain('| Meter | Unit | Description |');
  });

  test('global rates: shown as "global rate from <Region>", selected by a global. model, --rate, or the older --region global', () => {
    const rates = path.join(dir, 'rates.yaml');
    fs.writeFileSync(rates, 'source: { id: rates, title: Rates, effectiveDate: "2026-01-01" }\nprices:\n'
      + '  - { item: anthropic.claude-sonnet-4-5, meter: input-tokens, regions: [us-east-1], rate: global, usd: "3", per: 1000000 }\n'
      + '  - { item: anthropic.claude-sonnet-4-5, meter: input-tokens, regions: [us-east-1, us-west-2], usd: "3.3", per: 1000000 }\n');
    // As of a date before the embedded 2026 prices of Sonnet 4.5, so only this file's prices show.
    const rows = (...args: string[]) => cli('catalog', '--prices', rates, '--as-of', '2026-05-01', '--model', 'anthropic.claude-sonnet-4-5', ...args)
      .out.split('\n').filter(l => l.startsWith('anthropic'));
    expect(rows()).toEqual([
      expect.stringMatching(/input-tokens\s+us-east-1 us-west-2\s+3\.3\s+1,000,000 token\s+rates/),
      expect.stringMatching(/input-tokens\s+global rate from us-east-1\s+3\s+1,000,000 token\s+rates/),
    ]);
    expect(rows('--rate', 'global')).toEqual([expect.stringContaining('global rate from us-east-1')]);
    expect(rows('--region', 'global')).toEqual(rows('--rate', 'global'));
    expect(rows('--rate', 'regional', '--region', 'us-west-2')).toEqual([expect.stringContaining('us-east-1 us-west-2')]);
    expect(rows('--region', 'us-west-2')).toHaveLength(1);
    const global = cli('catalog', '--prices', rates, '--as-of', '2026-05-01', '--model', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', '--format', 'json');
    expect(JSON.parse(global.out).prices.map((p: any) => [p.rate, p.regions, p.usd])).toEqual([['global', ['us-east-1'], '3']]);
    expect(cli('catalog', '--rate', 'geo')).toMatchObject({ code: 2, err: expect.stringContaining('--rate must be regional or global (got "geo")') });
    expect(cli('catalog', '--rate', 'regional', '--region', 'global')).toMatchObject({ code: 2, err: expect.stringContaining('contradicts --rate regional') });
  });

  test('bad filters are clear errors', () => {
    expect(cli('catalog', '--meter', 'tokens')).toMatchObject({ code: 1, err: expect.stringContaining('--meter: meter is not a known meter') });
    expect(cli('catalog', '--model', 'gpt-4')).toMatchObject({ code: 1, err: expect.stringContaining('is not a model the price catalog knows') });
  });
});

describe('the bedrock-cost executable', () => {
  const bin = path.join(__dirname, '..', '..', 'src', 'cli', 'bedrock-cost.ts');
  const exec = (...args: string[]) => spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', bin, ...args], { encoding: 'utf-8' });

  test('exits non-zero with one line and no stack trace on a user error', () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'daysPerMonth: 30\nworkloads:\n  - name: x\n    inference: { model: nope.model, region: us-east-1, requestsPerDay: 1, inputTokensPerRequest: 1, outputTokensPerRequest: 1 }\n');
    const result = exec('estimate', bad);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`${bad}: workloads[0].inference.model is not a model the price catalog knows`);
  });

  test('prints the estimate and exits 0', () => {
    const result = exec('estimate', USAGE, '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).total.expected).toBe('2236.95');
  });
});
