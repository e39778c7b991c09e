import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../../src/cli/main';
import { Dec } from '../../../src/pricing/decimal';
import { offerFile, productsPage, SkuSpec } from '../../helpers/price-list-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-cli-'));

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

function cli(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: t => out.push(t), err: t => err.push(t) });
  if (typeof code !== 'number') {
    throw new Error('expected a synchronous command');
  }
  return { code, out: out.join(''), err: err.join('') };
}

/** Prices of the test's own, with more digits than a float keeps exactly in decimal. */
const NOVA: SkuSpec[] = [
  { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008123456', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0032987654', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-input-tokens-batch', usd: '0.0004061728', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-output-tokens-batch', usd: '0.0016493827', model: 'Nova Pro' },
];
const SONNET: SkuSpec[] = [
  { usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000001', model: 'Claude Sonnet 4.5' },
  { usagetype: 'USE1-MP:USE1_OutputTokenCount-Units', usd: '16.5000000003', model: 'Claude Sonnet 4.5' },
  { usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', usd: '3.0000000007', model: 'Claude Sonnet 4.5' },
  { usagetype: 'USE1-MP:USE1_OutputTokenCount_Global-Units', usd: '15.0000000009', model: 'Claude Sonnet 4.5' },
];

const REQUESTS = 1000;
const DAYS = 30;
const INPUT = 1500;
const OUTPUT = 300;

function usage(name: string, model: string, batchShare = 0): string {
  return write(name, [
    'asOf: "2026-12-01"',
    `daysPerMonth: ${DAYS}`,
    'workloads:',
    '  - name: w',
    '    region: us-east-1',
    '    inference:',
    `      model: ${model}`,
    `      requestsPerDay: ${REQUESTS}`,
    `      inputTokensPerRequest: ${INPUT}`,
    `      outputTokensPerRequest: ${OUTPUT}`,
    ...(batchShare ? [`      batchShare: ${batchShare}`] : []),
  ].join('\n') + '\n');
}

/** The monthly cost of a line from the quoted price, worked out here with exact decimals. */
function expected(tokens: number, usd: string, per: number): string {
  return Dec.fromBigInt(BigInt(tokens)).times(Dec.parse(usd)).shiftLeft(Math.log10(per)).normalize().toFixed();
}

const MONTH_INPUT = REQUESTS * DAYS * INPUT;
const MONTH_OUTPUT = REQUESTS * DAYS * OUTPUT;

describe('prices import, then estimate --prices, reproduces the Price List exactly', () => {
  test.each([
    ['an AmazonBedrock bulk file (per 1K tokens)', () => write('nova-offer.json', offerFile('AmazonBedrock', NOVA)), 'amazon.nova-pro-v1:0',
      [['input-tokens', MONTH_INPUT, '0.0008123456', 1000], ['output-tokens', MONTH_OUTPUT, '0.0032987654', 1000]]],
    ['AmazonBedrock get-products output', () => write('nova-page.json', productsPage('AmazonBedrock', NOVA)), 'amazon.nova-pro-v1:0',
      [['input-tokens', MONTH_INPUT, '0.0008123456', 1000], ['output-tokens', MONTH_OUTPUT, '0.0032987654', 1000]]],
    ['an AmazonBedrockFoundationModels bulk file (per 1M tokens), regional', () => write('claude-offer.json', offerFile('AmazonBedrockFoundationModels', SONNET)),
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0', [['input-tokens', MONTH_INPUT, '3.3000000001', 1000000], ['output-tokens', MONTH_OUTPUT, '16.5000000003', 1000000]]],
    ['AmazonBedrockFoundationModels get-products output, global rate', () => write('claude-page.json', productsPage('AmazonBedrockFoundationModels', SONNET)),
      'global.anthropic.claude-sonnet-4-5-20250929-v1:0', [['input-tokens', MONTH_INPUT, '3.0000000007', 1000000], ['output-tokens', MONTH_OUTPUT, '15.0000000009', 1000000]]],
  ] as Array<[string, () => string, string, Array<[string, number, string, number]>]>)('%s', (name, input, model, lines) => {
    const prices = path.join(dir, `${name.replace(/\W+/g, '-')}.prices.json`);
    const imported = cli('prices', 'import', input(), '--output', prices);
    expect(imported.err).not.toMatch(/\n\s+at /);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe('');

    const estimate = cli('estimate', usage(`${name.replace(/\W+/g, '-')}.usage.yaml`, model), '--prices', prices, '--format', 'json');
    expect(estimate.err).toBe('');
    expect(estimate.code).toBe(0);
    const json = JSON.parse(estimate.out);
    const got = json.workloads[0].lines.map((l: any) => [l.meter, l.quantity, l.quoted.usd, l.quoted.per, l.cost]);
    const want = lines.map(([meter, quantity, usd, per]) =>
      [meter, String(quantity), Dec.parse(usd).normalize().toFixed(), per, expected(quantity, usd, per)]);
    expect(got).toEqual(want);
    expect(json.sources).toEqual([expect.objectContaining({ id: 'aws-price-list-2026-11-20', effectiveDate: '2026-11-01' })]);
  });

  test('batch prices reproduce too', () => {
    const prices = path.join(dir, 'batch.prices.json');
    expect(cli('prices', 'import', write('batch-offer.json', offerFile('AmazonBedrock', NOVA)), '-o', prices).code).toBe(0);
    const json = JSON.parse(cli('estimate', usage('batch.usage.yaml', 'amazon.nova-pro-v1:0', 0.5), '--prices', prices, '--format', 'json').out);
    const batch = json.workloads[0].lines.find((l: any) => l.meter === 'batch-input-tokens');
    expect(batch.cost).toBe(expected(MONTH_INPUT / 2, '0.0004061728', 1000));
  });

  test.each([
    ['bulk file, geographic profile: the regional rate', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'offer', ['0.1980000000013', '0.9900000000017'], '21384.0000001404'],
    ['get-products output, global profile: the global rate', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'page', ['0.1800000000011', '0.9000000000019'], '19440.0000001188'],
  ] as const)('reserved capacity, per 1K TPM-hour, reproduces too (%s)', (name, model, form, [inputUsd, outputUsd], inputCost) => {
    const reserved: SkuSpec[] = [
      { usagetype: 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', usd: '0.1980000000013', model: 'Claude Sonnet 4.5' },
      { usagetype: 'USE1-MP:USE1_Reserved_1Month_OutputTPM_Geo-Units', usd: '0.9900000000017', model: 'Claude Sonnet 4.5' },
      { usagetype: 'USE1-MP:USE1_Reserved_1Month_InputTPM_Global-Units', usd: '0.1800000000011', model: 'Claude Sonnet 4.5' },
      { usagetype: 'USE1-MP:USE1_Reserved_1Month_OutputTPM_Global-Units', usd: '0.9000000000019', model: 'Claude Sonnet 4.5' },
    ];
    const skus = [...SONNET, ...reserved];
    const file = write(`reserved-${form}.json`, form === 'offer' ? offerFile('AmazonBedrockFoundationModels', skus) : productsPage('AmazonBedrockFoundationModels', skus));
    const prices = path.join(dir, `reserved-${form}.prices.json`);
    expect(cli('prices', 'import', file, '-o', prices).code).toBe(0);
    const usageFile = write(`reserved-${form}.usage.yaml`, fs.readFileSync(usage(`reserved-${form}-base.usage.yaml`, model), 'utf8')
      + '      reserved: { inputTokensPerMinute: 150000, outputTokensPerMinute: 20000, months: 1 }\n');
    const estimate = cli('estimate', usageFile, '--prices', prices, '--format', 'json');
    expect(estimate.err).toBe('');
    const lines = JSON.parse(estimate.out).workloads[0].lines.filter((l: any) => l.meter.startsWith('reserved-'));
    // 30 days = 720 h: 150,000 TPM × 720 h = 108,000,000 TPM-hours; 20,000 × 720 = 14,400,000 (${name}).
    expect(lines.map((l: any) => [l.meter, l.quantity, l.quoted.usd, l.quoted.per, l.cost])).toEqual([
      ['reserved-input-tpm-hours-1-month-term', '108000000', inputUsd, 1000, expected(108_000_000, inputUsd, 1000)],
      ['reserved-output-tpm-hours-1-month-term', '14400000', outputUsd, 1000, expected(14_400_000, outputUsd, 1000)],
    ]);
    // By hand: 108,000 × 0.1980000000013 = 21,384.0000001404 USD; 108,000 × 0.1800000000011 = 19,440.0000001188 USD.
    expect(lines[0].cost).toBe(inputCost);
  });

  test('without --output the price file goes to stdout and the summary to stderr', () => {
    const result = cli('prices', 'import', write('stdout-offer.json', offerFile('AmazonBedrock', NOVA)));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).prices).toHaveLength(4);
    expect(result.err).toBe('Read 4 SKUs from AmazonBedrock (2026-11-20).\nImported 4 SKUs as 4 prices for 1 model or feature (0 new to the catalog) in 1 Region.\n');
  });

  test.each([
    [['prices', 'import', '/nope/prices.json'], 1, '/nope/prices.json: price list file cannot be read (ENOENT). Check the path.'],
    [['prices', 'import', 'INVALID'], 1, 'is neither an AWS Price List offer file'],
    [['prices', 'import', 'NAMES'], 1, 'models[0] is missing the required property "names"'],
    [['prices', 'import', 'NOTHING'], 1, 'prices gave no price'],
    [['prices', 'import', 'GOOD', '--output', '/nope/dir/out.json'], 1, '/nope/dir/out.json: --output cannot be written (ENOENT). Check the path.'],
  ])('%j: exit %i, one clear message', (args, code, message) => {
    const files: Record<string, string> = {
      INVALID: write('invalid.json', { items: [] }),
      NAMES: write('names.yaml', 'models:\n  - { key: a, name: A, modelIds: [a.a] }\n'),
      NOTHING: write('nothing.json', offerFile('AmazonBedrock', [{ usagetype: 'USE1-Unknown-input-tokens', usd: '1', model: 'Unknown' }])),
      GOOD: write('good.json', offerFile('AmazonBedrock', NOVA)),
    };
    const argv = args.map(a => files[a] ?? a);
    if (args.includes('NAMES')) {
      argv.splice(2, 1, files.GOOD, '--names', files.NAMES);
    }
    const result = cli(...argv);
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test('help lists the command', () => {
    expect(cli('--help').out).toContain('prices');
    expect(cli('prices', '--help').out).toContain('Usage: bedrock-cost prices import <file>... [options]');
  });
});
