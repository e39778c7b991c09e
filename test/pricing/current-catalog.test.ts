import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { BedrockModelId } from '../../src';
import { Catalog } from '../../src/pricing/catalog';
import { PriceCatalog, CostForecast } from '../../src/pricing/cost-forecast';
import { Dec } from '../../src/pricing/decimal';
import { forecastUsageFile } from '../../src/pricing/usage';

/** The dated price files of 2026: AWS Price List readings, AWS pricing-page copies and Bedrock agreement-offer rate cards. */
const DIR = path.join(__dirname, '..', '..', 'src', 'pricing', 'data', 'prices');
const FILES = fs.readdirSync(DIR).filter(f => f.startsWith('aws-')).sort();

interface Row {
  readonly item: string;
  readonly meter: string;
  readonly regions: string[];
  readonly rate?: 'regional' | 'global';
  readonly usd: string;
  readonly per: number;
  readonly ref?: string;
  readonly note?: string;
}
interface Source {
  readonly id: string;
  readonly title: string;
  readonly effectiveDate: string;
  readonly url?: string;
  readonly dating?: string;
  readonly notes?: string[];
}
interface File {
  readonly source: Source;
  readonly prices: Row[];
}
const read = (name: string): File => JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf-8'));
const items = new Set((JSON.parse(fs.readFileSync(path.join(DIR, '..', 'items.json'), 'utf-8')) as { items: Array<{ key: string }> }).items.map(i => i.key));
const awsRegions = new Set(RegionInfo.regions.map(r => r.name));
const rows = FILES.flatMap(name => read(name).prices.map(row => ({ file: name, ...row })));
/** USD per token, exact. */
const unit = (row: Row) => Dec.parse(row.usd).shiftLeft(Math.round(Math.log10(row.per)));

describe('the 2026 price files', () => {
  test('are the twenty-one sources of the current catalog', () => {
    expect(FILES).toHaveLength(21);
  });

  test.each(FILES)('%s names its source, its URL, its date and how the date was established', name => {
    const { source } = read(name);
    expect(source.id).toMatch(/^aws-(price-list|pricing-page|agreement-offer)-[a-z0-9-]+$/);
    expect(source.title).toMatch(/^(AWS Price List, AmazonBedrock(FoundationModels)?|Amazon Bedrock pricing page( \([a-z]{2}\))?,|Amazon Bedrock model agreement offers)/);
    expect(source.title).toContain(source.effectiveDate);
    expect(source.effectiveDate).toMatch(/^2026-\d{2}-\d{2}$/);
    expect(source.url).toMatch(/^https:\/\/(pricing\.us-east-1\.amazonaws\.com\/offers\/v1\.0\/aws\/|aws\.amazon\.com\/bedrock\/pricing\/|docs\.aws\.amazon\.com\/bedrock\/latest\/APIReference\/API_ListFoundationModelAgreementOffers\.html)/);
    expect(source.dating?.length).toBeGreaterThan(40);
    // Where the public copy was found is part of the source.
    expect((source.notes ?? []).some(n => /copy|quote/i.test(n))).toBe(true);
  });

  test.each(FILES)('%s: every row has an item, a reference, exact USD and only Region codes', name => {
    for (const row of read(name).prices) {
      expect([row.item, items.has(row.item)]).toEqual([row.item, true]);
      expect(row.ref?.length).toBeGreaterThan(5);
      expect(typeof row.usd).toBe('string');
      expect(row.usd).toMatch(/^\d+(\.\d+)?$/);
      // Tokens are quoted per 1K or per 1M; other units (a rerank search unit) also one by one.
      expect(row.meter.endsWith('tokens') ? [1000, 1000000] : [1, 1000, 1000000]).toContain(row.per);
      // No '*' (no source here says a price holds everywhere) and no legacy 'global' entry:
      // a global rate is the rate of its source Regions.
      expect(row.regions.filter(r => !awsRegions.has(r))).toEqual([]);
      expect(row.rate === undefined || row.rate === 'global').toBe(true);
    }
  });

  test.each(FILES)('%s states each price once per item, meter, Region and rate', name => {
    const keys = read(name).prices.flatMap(r => r.regions.map(region => `${r.item}|${r.meter}|${region}|${r.rate ?? 'regional'}`));
    expect(keys.length).toBe(new Set(keys).size);
  });

  test('wherever a source gives both, the global rate is below the regional one: the regional is exactly 1.1 times it (AWS: about 10%), but for Nova 2 Lite batch in Ohio', () => {
    const sameRegion = (a: Row, b: Row) => a.regions.some(x => b.regions.includes(x));
    const pairs = rows.filter(r => r.rate === 'global').flatMap(g => rows
      .filter(r => r.file === g.file && r.rate === undefined && r.item === g.item && r.meter === g.meter && sameRegion(r, g))
      .map(r => [g, r] as const));
    expect(pairs.length).toBe(82); // 78 token pairs and 4 reserved-capacity pairs (Haiku 4.5, Sonnet 4.6)
    // awslabs pricing-cache.md:689 and :698 (US East (Ohio)): global batch 0.15 / 1.25, regional batch 0.1595 / 1.342.
    const notTenPercent = (r: Row) => r.item === 'amazon.nova-2-lite' && r.meter.startsWith('batch-') && r.regions.includes('us-east-2');
    expect(pairs.filter(([, regional]) => notTenPercent(regional))).toHaveLength(2);
    for (const [global, regional] of pairs) {
      // A cross-check of the readings, not a rule the catalog applies: each price is read from its own SKU.
      expect([global.file, global.item, global.meter, unit(global).lt(unit(regional))]).toEqual([global.file, global.item, global.meter, true]);
      if (!notTenPercent(regional)) {
        expect([global.file, global.item, global.meter, unit(global).times(Dec.parse('1.1')).eq(unit(regional))])
          .toEqual([global.file, global.item, global.meter, true]);
      }
    }
  });

  test('the pricing-page copy of the Claude tables gives the global class: it equals every Price List _Global reading', () => {
    const page = rows.filter(r => r.file === 'aws-pricing-page-2026-07-17.json' && r.rate === 'global');
    const listed = rows.filter(r => r.file.startsWith('aws-price-list-fm-') && r.rate === 'global');
    const compared = page.flatMap(p => listed.filter(l => l.item === p.item && l.meter === p.meter && l.regions.some(x => p.regions.includes(x)))
      .map(l => [p, l] as const));
    expect(new Set(compared.map(([p]) => p.item)).size).toBeGreaterThanOrEqual(6);
    for (const [p, l] of compared) {
      expect([p.item, p.meter, l.file, unit(p).eq(unit(l))]).toEqual([p.item, p.meter, l.file, true]);
    }
  });

  test('batch is never dearer than on-demand in the same source, Region and rate', () => {
    for (const batch of rows.filter(r => r.meter.startsWith('batch-'))) {
      const onDemand = rows.filter(r => r.file === batch.file && r.item === batch.item && r.meter === batch.meter.slice('batch-'.length)
        && r.rate === batch.rate && r.regions.some(x => batch.regions.includes(x)));
      const cheaper = onDemand.length > 0 && onDemand.every(o => unit(batch).lte(unit(o)));
      expect([batch.item, batch.meter, cheaper]).toEqual([batch.item, batch.meter, true]);
    }
  });

  test('docs/prices.md names every source by its title', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'prices.md'), 'utf-8');
    expect(FILES.map(name => read(name).source.title).filter(title => !doc.includes(title))).toEqual([]);
  });
});

/** Prices in effect on the day the catalog is meant for. */
const AS_OF = '2026-12-01';
const prices = PriceCatalog.embedded();
const catalog = Catalog.embedded();
const quote = (model: string, meter: string, region: string) => prices.quote({ model, meter, region, asOf: AS_OF });

/** Forecasts a usage file of [name, region, model] workloads: 10,000 requests of 1,000 input and 500 output tokens each. */
function forecastWorkloads(workloads: Array<[string, string, string]>) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'usage-')), 'usage.yaml');
  fs.writeFileSync(file, ['daysPerMonth: 30', 'workloads:', ...workloads.map(([name, region, model]) =>
    `  - { name: ${name}, region: ${region}, inference: { model: ${model}, requestsPerMonth: 10000, inputTokensPerRequest: 1000, outputTokensPerRequest: 500 } }`)].join('\n'));
  return forecastUsageFile(file, { asOf: AS_OF }).forecast;
}

describe('the embedded catalog in December 2026', () => {
  test('registers the twenty-one 2026 sources after the pricing pages of 2024 and 2025', () => {
    expect(prices.sources.map(s => s.id).slice(3).sort()).toEqual(FILES.map(name => read(name).source.id).sort());
  });

  test('prices a usage file with Claude Sonnet 4.5 via global. and us., Nova 2 Lite, Llama 4 Maverick and gpt-oss-120b, with no price file of its own', () => {
    const forecast = forecastWorkloads([
      ['sonnet-global', 'us-east-1', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['sonnet-us', 'us-east-1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['nova-2-lite', 'us-east-1', 'us.amazon.nova-2-lite-v1:0'],
      ['maverick', 'us-east-1', 'meta.llama4-maverick-17b-instruct-v1:0'],
      ['gpt-oss', 'us-east-2', 'openai.gpt-oss-120b-1:0'],
    ]);
    // 10M input and 5M output tokens each.
    expect(forecast.workloads.map(w => [w.name, w.monthly.expected.toFixed()])).toEqual([
      ['sonnet-global', '105'], // 10 x 3.00 + 5 x 15.00 (global rate from us-east-1)
      ['sonnet-us', '115.5'], // 10 x 3.30 + 5 x 16.50 (regional rate)
      ['nova-2-lite', '17.05'], // 10,000 x 0.00033 + 5,000 x 0.00275
      ['maverick', '7.25'], // 10,000 x 0.00024 + 5,000 x 0.00097
      ['gpt-oss', '4.5'], // 10 x 0.15 + 5 x 0.60
    ]);
    expect(forecast.total.expected.toFixed()).toBe('249.3');
    const sonnet = forecast.workloads[0].lines.map(l => [l.meter, l.rate, l.price.source.id]);
    expect(sonnet).toEqual([['input-tokens', 'global', 'aws-price-list-fm-2026-08-20'], ['output-tokens', 'global', 'aws-price-list-fm-2026-08-20']]);
  });

  test('prices the same usage from other Regions: Sonnet 4.5 from us-west-2, Nova 2 Lite from us-east-2 and Tokyo, Maverick from us-east-2, gpt-oss-120b from Sydney', () => {
    const forecast = forecastWorkloads([
      ['sonnet-global', 'us-west-2', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['sonnet-us', 'us-west-2', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
      ['nova-2-lite-ohio', 'us-east-2', 'us.amazon.nova-2-lite-v1:0'],
      ['nova-2-lite-tokyo', 'ap-northeast-1', 'jp.amazon.nova-2-lite-v1:0'],
      ['maverick', 'us-east-2', 'us.meta.llama4-maverick-17b-instruct-v1:0'],
      ['gpt-oss', 'ap-southeast-2', 'openai.gpt-oss-120b-1:0'],
    ]);
    // 10M input and 5M output tokens each, per 1M tokens.
    expect(forecast.workloads.map(w => [w.name, w.monthly.expected.toFixed(), w.lines[0].price.source.id])).toEqual([
      ['sonnet-global', '105', 'aws-pricing-page-us-west-2-2026-08-17'], // 10 x 3.00 + 5 x 15.00 (global rate from us-west-2)
      ['sonnet-us', '115.5', 'aws-price-list-fm-us-west-2-2026-09-11'], // 10 x 3.30 + 5 x 16.50
      ['nova-2-lite-ohio', '17.05', 'aws-pricing-page-2026-07-17'], // 10 x 0.33 + 5 x 2.75
      ['nova-2-lite-tokyo', '20.515', 'aws-price-list-bedrock-ap-northeast-1-2026-09-14'], // 10 x 0.396 + 5 x 3.311
      ['maverick', '7.25', 'aws-pricing-page-2026-07-17'], // 10 x 0.24 + 5 x 0.97
      ['gpt-oss', '4.635', 'aws-pricing-page-2026-07-17'], // 10 x 0.1545 + 5 x 0.6180
    ]);
    expect(forecast.total.expected.toFixed()).toBe('269.95');
  });

  test.each([
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1'],
    ['anthropic.claude-sonnet-4-6', 'us-east-1'],
    ['anthropic.claude-haiku-4-5-20251001-v1:0', 'us-east-1'],
    ['anthropic.claude-opus-4-5-20251101-v1:0', 'us-east-1'],
    ['anthropic.claude-opus-4-6-v1', 'us-east-1'],
    ['anthropic.claude-opus-4-8', 'us-east-1'],
    ['anthropic.claude-sonnet-5', 'us-east-1'],
    ['anthropic.claude-sonnet-5-5', 'us-east-1'],
    ['amazon.nova-2-lite-v1:0', 'us-east-1'],
    ['amazon.nova-2-pro-v1:0', 'us-east-1'],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-west-2'],
    ['anthropic.claude-opus-5', 'us-west-2'],
    ['amazon.nova-2-lite-v1:0', 'us-east-2'],
    ['amazon.nova-2-lite-v1:0', 'ap-northeast-1', 'jp'],
  ])('%s from %s: the global rate is below the geographic one, for input and output', (model, region, geography = 'us') => {
    for (const meter of ['input-tokens', 'output-tokens']) {
      const global = quote(`global.${model}`, meter, region);
      const geo = quote(`${geography}.${model}`, meter, region);
      expect([global.rate, geo.rate]).toEqual(['global', 'regional']);
      expect(Dec.parse(global.unitPriceUsd).lt(Dec.parse(geo.unitPriceUsd))).toBe(true);
    }
  });

  test.each([
    ['Anthropic, zerorouter tiers.toml:869 USE1-MP:USE1_InputTokenCount-Units', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input-tokens', 'us-east-1', '3.30', 1000000],
    ['Anthropic, zerorouter tiers.toml:870 USE1-MP:USE1_InputTokenCount_Global-Units', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input-tokens', 'us-east-1', '3.00', 1000000],
    ['Anthropic, litellm#42679 (Sonnet 4.6, global 5-minute cache write)', 'global.anthropic.claude-sonnet-4-6', 'cache-write-input-tokens', 'us-east-1', '3.75', 1000000],
    ['Anthropic, awslabs pricing-cache.md:403 (Sonnet 4.5 above 200K input)', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'long-context-input-tokens', 'us-east-1', '6.00', 1000000],
    ['Anthropic, offer 20260930001912 SKU ZNY2E4B6MTPHYXVH', 'anthropic.claude-sonnet-5-5', 'output-tokens', 'us-east-1', '11.0000000000', 1000000],
    ['Anthropic, models.dev#1917 (Europe (London), geographic rate)', 'eu.anthropic.claude-opus-4-8', 'input-tokens', 'eu-west-2', '5.50', 1000000],
    ['Amazon, offer 20260901205051 SKU EPMQ24NAG4R6FPX8', 'global.amazon.nova-2-lite-v1:0', 'input-tokens', 'us-east-1', '0.0003', 1000],
    ['Amazon, offer 20260922212139 USE1-NovaMicro-cache-read-input-token-count', 'amazon.nova-micro-v1:0', 'cache-read-input-tokens', 'us-east-1', '0.00000875', 1000],
    ['Amazon, offer 20260901205051 APN1-NovaLite-input-tokens', 'amazon.nova-lite-v1:0', 'input-tokens', 'ap-northeast-1', '0.000072', 1000],
    ['Meta, promptfoo#10593 (us-east-1)', 'meta.llama4-maverick-17b-instruct-v1:0', 'input-tokens', 'us-east-1', '0.00024', 1000],
    ['Meta, awslabs pricing-cache.md:560 (US East (Ohio), batch)', 'meta.llama4-maverick-17b-instruct-v1:0', 'batch-output-tokens', 'us-east-2', '0.485', 1000000],
    ['Mistral AI, awslabs pricing-cache.md:504 (Mumbai)', 'mistral.mistral-large-3-675b-instruct', 'output-tokens', 'ap-south-1', '1.76', 1000000],
    ['DeepSeek, awslabs pricing-cache.md:527 (Sydney)', 'deepseek.v3.2-v1:0', 'output-tokens', 'ap-southeast-2', '1.9055', 1000000],
    ['OpenAI, awslabs pricing-cache.md:546 (US East (Ohio))', 'openai.gpt-oss-120b-1:0', 'output-tokens', 'us-east-2', '0.60', 1000000],
    ['OpenAI, awslabs pricing-cache.md:539 (GPT-5.6 Luna above 272K input)', 'openai.gpt-5.6-luna', 'long-context-input-tokens', 'us-west-2', '0.44', 1000000],
    ['Qwen, promptfoo#10593 (us-east-1)', 'qwen.qwen3-32b-v1:0', 'input-tokens', 'us-east-1', '0.00015', 1000],
    ['Anthropic, stage notes step 0.4 (us-west-2 offer of 2026-09-11, Opus 5, global 1-hour cache write)', 'global.anthropic.claude-opus-5', 'cache-write-1h-input-tokens', 'us-west-2', '10.00', 1000000],
    ['Anthropic, stage notes step 8.1 (us-west-2 offer of 2026-09-11, Haiku 4.5, us.)', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'cache-write-input-tokens', 'us-west-2', '1.375', 1000000],
    ['Anthropic, Oregon pricing page of 2026-08-17 (Sonnet 4.5, global cache read)', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'cache-read-input-tokens', 'us-west-2', '0.30', 1000000],
    ['Anthropic, litellm#27120 (AWS GovCloud (US-West), 1-hour cache write)', 'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0', 'cache-write-1h-input-tokens', 'us-gov-west-1', '7.20', 1000000],
    ['Anthropic, offer 20260703085857 SKU G47BMTZZRZZK23Q2 (Europe (Ireland), global)', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'output-tokens', 'eu-west-1', '5', 1000000],
    ['Amazon, awslabs pricing-cache.md:696 (US East (Ohio), Nova 2 Lite Priority, regional)', 'us.amazon.nova-2-lite-v1:0', 'priority-output-tokens', 'us-east-2', '4.8125', 1000000],
    ['Amazon, awslabs pricing-cache.md:688 (US East (Ohio), Nova 2 Lite Flex, global)', 'global.amazon.nova-2-lite-v1:0', 'flex-input-tokens', 'us-east-2', '0.15', 1000000],
    ['Amazon, awslabs pricing-cache.md:705 (US East (Ohio), Nova Micro batch)', 'amazon.nova-micro-v1:0', 'batch-input-tokens', 'us-east-2', '0.0175', 1000000],
    ['Amazon, awslabs pricing-cache.md:661 (US East (Ohio), Nova Premier)', 'amazon.nova-premier-v1:0', 'output-tokens', 'us-east-2', '12.50', 1000000],
    ['Amazon, awslabs pricing-cache.md:754 (Nova Multimodal Embeddings, text)', 'amazon.nova-2-multimodal-embeddings-v1:0', 'input-tokens', 'us-east-1', '0.135', 1000000],
    ['Amazon, Tokyo Price List of 2026-09-14 APN1-Nova2.0Lite-output-tokens', 'jp.amazon.nova-2-lite-v1:0', 'output-tokens', 'ap-northeast-1', '3.311', 1000000],
    ['Amazon, Tokyo Price List of 2026-09-14 APN1-AmazonRerank-v1-searchunits', 'amazon.rerank-v1:0', 'queries', 'ap-northeast-1', '0.001', 1],
    ['Amazon, Tokyo Price List of 2026-09-14 (Titan Text Embeddings V2)', 'amazon.titan-embed-text-v2:0', 'input-tokens', 'ap-northeast-1', '0.000029', 1000],
    ['Mistral AI, awslabs pricing-cache.md:504 (Devstral 2 in Frankfurt)', 'mistral.devstral-2-123b', 'output-tokens', 'eu-central-1', '2.40', 1000000],
    ['Mistral AI, awslabs pricing-cache.md:496 (Magistral Small 1.2, Oregon)', 'mistral.magistral-small-2509', 'input-tokens', 'us-west-2', '0.50', 1000000],
    ['DeepSeek, awslabs pricing-cache.md:527 (DeepSeek-V3.1, Sydney)', 'deepseek.v3-v1:0', 'input-tokens', 'ap-southeast-2', '0.5974', 1000000],
    ['Qwen, cultivar pricing_test.go:92 USE1-Qwen3-32B-input-tokens-priority', 'qwen.qwen3-32b-v1:0', 'priority-input-tokens', 'us-east-1', '0.0002625', 1000],
    ['Qwen, cultivar pricing_test.go:91 USE1-Qwen3-32B-output-tokens-flex', 'qwen.qwen3-32b-v1:0', 'flex-output-tokens', 'us-east-1', '0.0003', 1000],
    ['Qwen, litellm#31692 (Europe (Ireland), Qwen3 Next 80B A3B)', 'qwen.qwen3-next-80b-a3b', 'output-tokens', 'eu-west-1', '1.41', 1000000],
    ['Amazon, litellm#29656 TitanEmbeddingV2-Text-input-tokens (us-west-2)', 'amazon.titan-embed-text-v2:0', 'input-tokens', 'us-west-2', '0.00002', 1000],
    ['Anthropic, offer-fudwqbphlos64 EU_input_tokens_standard (Haiku 4.5, Europe (Ireland))', 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', 'input-tokens', 'eu-west-1', '1.1', 1000000],
    ['Anthropic, offer-fudwqbphlos64 APN2_output_tokens_global_batch (Haiku 4.5, Seoul)', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'batch-output-tokens', 'ap-northeast-2', '2.5', 1000000],
    ['Anthropic, offer-ldnd26nhxx676 EU_OutputTokenCount (Sonnet 4.6, Europe (Ireland))', 'eu.anthropic.claude-sonnet-4-6', 'output-tokens', 'eu-west-1', '16.5', 1000000],
    ['Anthropic, offer-ldnd26nhxx676 UGE1_InputTokenCount (Sonnet 4.6, GovCloud (US-East))', 'us-gov.anthropic.claude-sonnet-4-6', 'input-tokens', 'us-gov-east-1', '3.6', 1000000],
    ['Anthropic, offer-ldnd26nhxx676 USE1_Reserved_1Month_InputTPM_Global (Sonnet 4.6, per hour per 1K TPM)', 'global.anthropic.claude-sonnet-4-6', 'reserved-input-tpm-hours-1-month-term', 'us-east-1', '0.18', 1000],
    ['Anthropic, offer-ldnd26nhxx676 USE1_Reserved_1Month_OutputTPM_Geo (Sonnet 4.6, per hour per 1K TPM)', 'us.anthropic.claude-sonnet-4-6', 'reserved-output-tpm-hours-1-month-term', 'us-east-1', '0.99', 1000],
    ['Anthropic, offer-fudwqbphlos64 APN2_Reserved_1Month_InputTPM_Geo (Haiku 4.5, Seoul)', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'reserved-input-tpm-hours-1-month-term', 'ap-northeast-2', '0.066', 1000],
    ['Anthropic, offer-fudwqbphlos64 APN2_Reserved_1Month_OutputTPM_Global (Haiku 4.5, Seoul)', 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'reserved-output-tpm-hours-1-month-term', 'ap-northeast-2', '0.3', 1000],
    ['Anthropic, offer-7sp77cpl4rveu USE2_input_tokens_global_standard (Opus 5.5)', 'global.anthropic.claude-opus-5-5', 'input-tokens', 'us-east-2', '4', 1000000],
    ['Anthropic, offer-7sp77cpl4rveu USW2_cache_read_tokens_standard (Opus 5.5)', 'us.anthropic.claude-opus-5-5', 'cache-read-input-tokens', 'us-west-2', '0.22', 1000000],
    ['Anthropic, offer-icq4574v6gz3i EU_cache_write_tokens_1h_global_standard (Fable 5.1, from Ireland)', 'global.anthropic.claude-fable-5-1', 'cache-write-1h-input-tokens', 'eu-west-1', '20', 1000000],
    ['Anthropic, offer-icq4574v6gz3i UGE1_output_tokens_standard (Fable 5.1, GovCloud (US-East))', 'us-gov.anthropic.claude-fable-5-1', 'output-tokens', 'us-gov-east-1', '60', 1000000],
    ['Anthropic, awslabs pricing-cache.md:394 (Fable 5, global from us-east-1)', 'global.anthropic.claude-fable-5', 'output-tokens', 'us-east-1', '50.00', 1000000],
  ])('%s', (_source, model, meter, region, usd, per) => {
    expect(quote(model, meter, region)).toMatchObject({ usd: Dec.parse(usd).toFixed(), per });
  });

  test('reserved capacity is priced for the 1-month term the rate cards list, in their Regions only; a 3-month term is an error', () => {
    // 100,000 input and 10,000 output TPM for a 30-day month (720 h): 72,000 and 7,200 thousand-TPM-hours.
    const reserved = (model: string, region: string, months: number) => CostForecast.forInference({
      model,
      region,
      daysPerMonth: 30,
      requestsPerDay: 1,
      inputTokensPerRequest: 1,
      outputTokensPerRequest: 1,
      asOf: AS_OF,
      reserved: { inputTokensPerMinute: 100_000, outputTokensPerMinute: 10_000, months },
    });
    expect(reserved('global.anthropic.claude-sonnet-4-6', 'us-east-1', 1).expectedMonthlyUsd).toBe('19440'); // 72,000 × 0.18 + 7,200 × 0.9
    expect(reserved('anthropic.claude-haiku-4-5-20251001-v1:0', 'ap-northeast-2', 1).expectedMonthlyUsd).toBe('7128'); // 72,000 × 0.066 + 7,200 × 0.33
    expect(() => reserved('anthropic.claude-haiku-4-5-20251001-v1:0', 'us-west-2', 1)).toThrow(/reserved-input-tpm-hours-1-month-term.*us-west-2/);
    expect(() => reserved('global.anthropic.claude-sonnet-4-6', 'us-east-1', 3)).toThrow(/reserved-input-tpm-hours-3-month-term/);
  });

  test('a model is priced only where its sources say: Claude Sonnet 4.5 in Mumbai is an error naming the Regions that have a price', () => {
    expect(() => quote('anthropic.claude-sonnet-4-5-20250929-v1:0', 'input-tokens', 'ap-south-1'))
      .toThrow('has no "input-tokens" price for Claude Sonnet 4.5 in Region ap-south-1; priced in: eu-west-2, us-east-1');
  });

  test('every BedrockModelId constant is a catalog item with input and output prices, or is listed here with the reason it has none', () => {
    const unpriced: Record<string, string> = {
      'anthropic.claude-3-7-sonnet': 'no 2026 AWS source found',
      'anthropic.claude-sonnet-4': 'end of life 2026-10-14',
      'anthropic.claude-opus-4': 'no 2026 AWS source found',
      'openai.gpt-oss-safeguard-20b': 'the pricing-page copy gives no figures',
      'openai.gpt-oss-safeguard-120b': 'the pricing-page copy gives no figures',
      'cohere.embed-v4': 'no public AWS source with its token price found (the Price List importer maps it)',
      'cohere.rerank-v3-5': 'priced per 1,000 queries (the queries meter), not per token',
    };
    const embeddings = new Set(['amazon.titan-embed-text-v2', 'amazon.nova-2-multimodal-embeddings']);
    const priced = (item: string, meter: string) => catalog.rowsFor(item, meter).some(r => r.source.effectiveDate <= AS_OF);
    const constants = Object.values(BedrockModelId).filter((v): v is BedrockModelId => v instanceof BedrockModelId);
    const missing = constants.map(c => catalog.findItem(c.modelId)?.key ?? `unknown ${c.modelId}`)
      .filter(key => !(key in unpriced))
      .filter(key => !priced(key, 'input-tokens') || (!embeddings.has(key) && !priced(key, 'output-tokens')));
    expect(missing).toEqual([]);
    // The reasons stay true: nothing listed here has a price.
    expect(Object.keys(unpriced).filter(key => priced(key, 'input-tokens'))).toEqual([]);
  });
});
