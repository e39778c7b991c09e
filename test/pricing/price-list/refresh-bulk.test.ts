import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../../src/cli/main';
import { Catalog } from '../../../src/pricing/catalog';
import { downloadToFile } from '../../../src/pricing/price-list/http-download';
import { refreshFromBulk } from '../../../src/pricing/price-list/refresh-offers';
import { FileServer, Route, startFileServer } from '../../helpers/http-file-server';
import { offerFile, SkuSpec, syntheticSkus, writeOfferFile } from '../../helpers/price-list-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-list-refresh-'));
const BASE = '/offers/v1.0/aws';

const NOVA_USE1: SkuSpec[] = [
  { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008000000', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0032000000', model: 'Nova Pro' },
];
const NOVA_EUW1: SkuSpec[] = [
  { usagetype: 'EUW1-NovaPro-input-tokens', usd: '0.0010500000', model: 'Nova Pro', region: 'eu-west-1' },
];
const CLAUDE_USE1: SkuSpec[] = [
  { usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000000', model: 'Claude Sonnet 4.5' },
  { usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', usd: '3.0000000000', model: 'Claude Sonnet 4.5' },
];

function json(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

const FILES = {
  bedrockUse1: json('ab-use1.json', offerFile('AmazonBedrock', NOVA_USE1)),
  bedrockEuw1: json('ab-euw1.json', offerFile('AmazonBedrock', NOVA_EUW1)),
  bedrockAll: json('ab-all.json', offerFile('AmazonBedrock', [...NOVA_USE1, ...NOVA_EUW1])),
  claudeUse1: json('fm-use1.json', offerFile('AmazonBedrockFoundationModels', CLAUDE_USE1)),
  claudeAll: json('fm-all.json', offerFile('AmazonBedrockFoundationModels', CLAUDE_USE1)),
};

/** The service index and Region indexes as AWS publishes them (AWS Billing docs, "Reading the price list files"). */
function priceListRoutes(overrides: Record<string, Route> = {}): (p: string, attempt: number) => Route | undefined {
  const offer = (code: string) => ({
    offerCode: code,
    versionIndexUrl: `${BASE}/${code}/index.json`,
    currentVersionUrl: `${BASE}/${code}/current/index.json`,
    currentRegionIndexUrl: `${BASE}/${code}/current/region_index.json`,
  });
  const regionIndex = (code: string, regions: string[]) => ({
    formatVersion: 'v1.0',
    disclaimer: 'This pricing list is for informational purposes only.',
    publicationDate: '2026-11-20T18:01:22Z',
    regions: Object.fromEntries(regions.map(r => [r, { regionCode: r, currentVersionUrl: `${BASE}/${code}/20261120180122/${r}/index.json` }])),
  });
  const routes: Record<string, Route> = {
    [`${BASE}/index.json`]: {
      json: {
        formatVersion: 'v1.0',
        disclaimer: 'This pricing list is for informational purposes only.',
        publicationDate: '2026-11-20T18:01:22Z',
        offers: { AmazonEC2: offer('AmazonEC2'), AmazonBedrock: offer('AmazonBedrock'), AmazonBedrockFoundationModels: offer('AmazonBedrockFoundationModels') },
      },
    },
    [`${BASE}/AmazonBedrock/current/region_index.json`]: { json: regionIndex('AmazonBedrock', ['us-east-1', 'eu-west-1']) },
    [`${BASE}/AmazonBedrockFoundationModels/current/region_index.json`]: { json: regionIndex('AmazonBedrockFoundationModels', ['us-east-1']) },
    [`${BASE}/AmazonBedrock/20261120180122/us-east-1/index.json`]: { file: FILES.bedrockUse1 },
    [`${BASE}/AmazonBedrock/20261120180122/eu-west-1/index.json`]: { file: FILES.bedrockEuw1 },
    [`${BASE}/AmazonBedrockFoundationModels/20261120180122/us-east-1/index.json`]: { file: FILES.claudeUse1 },
    [`${BASE}/AmazonBedrock/current/index.json`]: { file: FILES.bedrockAll },
    [`${BASE}/AmazonBedrockFoundationModels/current/index.json`]: { file: FILES.claudeAll },
    ...overrides,
  };
  return p => routes[p];
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

let server: FileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.BEDROCK_COST_PRICE_LIST_URL;
});

describe('bedrock-cost prices refresh (bulk files, local server, real HTTP client)', () => {
  test('--region downloads only those Regions\' files, found through the Region indexes, with progress on stderr', async () => {
    server = await startFileServer(priceListRoutes());
    const output = path.join(dir, 'regions.json');
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--region', 'us-east-1', '--region', 'eu-west-1', '--output', output);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([
      `${BASE}/index.json`,
      `${BASE}/AmazonBedrock/current/region_index.json`,
      `${BASE}/AmazonBedrockFoundationModels/current/region_index.json`,
      `${BASE}/AmazonBedrock/20261120180122/us-east-1/index.json`,
      `${BASE}/AmazonBedrock/20261120180122/eu-west-1/index.json`,
      `${BASE}/AmazonBedrockFoundationModels/20261120180122/us-east-1/index.json`,
    ]);
    expect(result.err).toContain('Not available: AmazonBedrockService: not in the Price List index');
    expect(result.err).toContain('Not available: AmazonBedrockFoundationModels: no prices for eu-west-1');
    expect(result.err).toMatch(/Downloading AmazonBedrock \(us-east-1\) \(0\.0 MB\)\nDownloaded AmazonBedrock \(us-east-1\): 0\.0 MB\n/);
    expect(result.err).toContain('Imported 5 SKUs as 5 prices');
    const document = JSON.parse(fs.readFileSync(output, 'utf-8'));
    expect(document.source).toMatchObject({ id: 'aws-price-list-2026-11-20', url: `${server.url}${BASE}/index.json` });
    const catalog = Catalog.embedded().withFile(output);
    expect(catalog.lookup('amazon.nova-pro', 'input-tokens', 'eu-west-1', '2026-12-01')?.usd.toFixed()).toBe('0.00105');
  });

  test('without --region: the whole offer files; the server may come from BEDROCK_COST_PRICE_LIST_URL', async () => {
    server = await startFileServer(priceListRoutes());
    process.env.BEDROCK_COST_PRICE_LIST_URL = server.url;
    const result = await cli('prices', 'refresh');
    expect(result.code).toBe(0);
    expect(server.requests).toEqual([`${BASE}/index.json`, `${BASE}/AmazonBedrock/current/index.json`, `${BASE}/AmazonBedrockFoundationModels/current/index.json`]);
    expect(JSON.parse(result.out).prices).toHaveLength(5);
  });

  test('a 100 MB offer file streams to disk and imports', async () => {
    const big = path.join(dir, 'big.json');
    const bytes = writeOfferFile(big, 'AmazonBedrock', () => syntheticSkus('AmazonBedrock', 76_000));
    expect(bytes).toBeGreaterThan(100_000_000);
    server = await startFileServer(priceListRoutes({ [`${BASE}/AmazonBedrock/current/index.json`]: { file: big } }));
    const output = path.join(dir, 'big-prices.json');
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--offer', 'AmazonBedrock', '--output', output);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    expect(server.sent.get(`${BASE}/AmazonBedrock/current/index.json`)).toBe(bytes);
    expect(result.err).toMatch(/Read 76,000 SKUs from AmazonBedrock/);
    expect(JSON.parse(fs.readFileSync(output, 'utf-8')).prices.length).toBeGreaterThan(1000);
    fs.rmSync(big);
  }, 120_000);

  test('a truncated download is retried, then fails clearly; an existing output file is left as it was', async () => {
    const size = fs.statSync(FILES.bedrockAll).size;
    server = await startFileServer(priceListRoutes({ [`${BASE}/AmazonBedrock/current/index.json`]: { file: FILES.bedrockAll, cutAfter: Math.floor(size / 2) } }));
    const output = path.join(dir, 'kept.json');
    fs.writeFileSync(output, 'previous prices');
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--retries', '1', '--output', output);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`bedrock-cost prices: ${server.url}${BASE}/AmazonBedrock/current/index.json: download failed: the connection closed before the end of the file (truncated download) (2 attempts).`);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(server.requests.filter(r => r.endsWith('AmazonBedrock/current/index.json'))).toHaveLength(2);
    expect(fs.readFileSync(output, 'utf-8')).toBe('previous prices');
    expect(fs.readdirSync(dir).filter(f => f.includes('.tmp'))).toEqual([]);
  });

  test('a 5xx is retried, then fails clearly with no output file', async () => {
    server = await startFileServer(priceListRoutes({ [`${BASE}/AmazonBedrockFoundationModels/current/index.json`]: { status: 503 } }));
    const output = path.join(dir, 'never.json');
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--retries', '2', '--output', output);
    expect(result.code).toBe(1);
    expect(result.err).toContain('/AmazonBedrockFoundationModels/current/index.json: download failed: HTTP 503 Service Unavailable (3 attempts). Try again later');
    expect(fs.existsSync(output)).toBe(false);
  });

  test('a 5xx followed by the file succeeds', async () => {
    server = await startFileServer((p, attempt) => (p.endsWith('AmazonBedrock/current/index.json') && attempt === 1 ? { status: 500 } : priceListRoutes()(p, attempt)));
    const refreshed = await refreshFromBulk({ baseUrl: server.url, offers: ['AmazonBedrock'], retries: 2, retryBaseMs: 5 });
    expect(refreshed.data.skus).toHaveLength(3);
  });

  test('on a terminal, progress rewrites one line; the file arrives whole', async () => {
    server = await startFileServer(priceListRoutes());
    const progress: string[] = [];
    const file = path.join(dir, 'tty.json');
    const bytes = await downloadToFile(`${server.url}${BASE}/AmazonBedrock/current/index.json`, file, 'AmazonBedrock (all Regions)', { progress: t => progress.push(t), tty: true });
    expect(bytes).toBe(fs.statSync(FILES.bedrockAll).size);
    expect(fs.readFileSync(file, 'utf-8')).toBe(fs.readFileSync(FILES.bedrockAll, 'utf-8'));
    expect(progress.at(-1)).toMatch(/^\rDownloaded AmazonBedrock \(all Regions\): 0\.0 of 0\.0 MB\x1b\[K\n$/);
    expect(progress.every(line => line.startsWith('\r'))).toBe(true);
  });

  test('a server that stops sending meets --timeout, never a hang', async () => {
    server = await startFileServer(priceListRoutes({ [`${BASE}/AmazonBedrock/current/index.json`]: { stall: true } }));
    const started = Date.now();
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--timeout', '0.3', '--retries', '0', '--output', path.join(dir, 'stalled.json'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/AmazonBedrock\/current\/index\.json: download failed: no (data|answer) for 0\.3 s\./);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fs.existsSync(path.join(dir, 'stalled.json'))).toBe(false);
  });

  test.each<[string, Record<string, Route>, string[], string]>([
    ['a server that is not the Price List', { [`${BASE}/index.json`]: { json: { hello: 1 } } }, [], '/offers/v1.0/aws/index.json: offers is missing: not a Price List service index. Check --base-url'],
    ['a Region no offer has', {}, ['--region', 'xx-nowhere-1'], 'has no Bedrock price file to download (AmazonBedrock: no prices for xx-nowhere-1; AmazonBedrockFoundationModels: no prices for xx-nowhere-1; AmazonBedrockService: not in the Price List index). Check the Region codes'],
    ['a 404', { [`${BASE}/AmazonBedrock/current/index.json`]: { status: 404 } }, [], 'download answered HTTP 404 Not Found. Check the Region code and --base-url.'],
    ['an index that is not JSON', { [`${BASE}/index.json`]: { file: __filename } }, [], '/offers/v1.0/aws/index.json: download is not JSON'],
  ])('%s gives a clear error (exit 1)', async (_name, overrides, args, message) => {
    server = await startFileServer(priceListRoutes(overrides));
    const result = await cli('prices', 'refresh', '--base-url', server.url, '--retries', '0', ...args);
    expect(result.err).toContain(message);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
  });

  test.each([
    [['prices', 'refresh', '--region', 'Virginia'], '--region must be a Region code such as us-east-1 (got "Virginia")'],
    [['prices', 'refresh', '--offer', 'AmazonEC2'], '--offer must be one of AmazonBedrock, AmazonBedrockFoundationModels, AmazonBedrockService (got "AmazonEC2")'],
    [['prices', 'refresh', '--timeout', 'soon'], '--timeout must be a number of seconds between 0 and 3600 (got "soon")'],
    [['prices', 'refresh', '--retries=-1'], '--retries must be a whole number from 0 to 10 (got "-1")'],
    [['prices', 'refresh', '--endpoint-url', 'http://x'], '--endpoint-url is for --from-api'],
    [['prices', 'refresh', '--from-api', '--base-url', 'http://x'], '--base-url, --timeout and --retries are for the bulk files; --from-api uses the AWS SDK'],
    [['prices', 'refresh', 'file.json'], '"prices refresh" takes no files'],
    [['prices', 'import', 'x.json', '--region', 'us-east-1'], '--region is an option of "prices refresh"'],
    [['prices', 'import'], 'give the Price List files to import'],
    [['prices'], 'give a subcommand: import or refresh'],
    [['prices', 'update'], 'unknown subcommand "update" (use import or refresh)'],
  ])('%j is a command-line error (exit 2)', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
