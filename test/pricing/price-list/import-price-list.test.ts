import { Catalog } from '../../../src/pricing/catalog';
import { PriceFile } from '../../../src/pricing/price-file';
import { importPriceList } from '../../../src/pricing/price-list/import-price-list';
import { PriceListData } from '../../../src/pricing/price-list/read-price-list';
import { errorOf } from '../../helpers/errors';
import { NAMES_WITH_TEST_MODEL, offerFile, productsPage, SkuSpec } from '../../helpers/price-list-fixtures';

const SONNET_45 = 'Claude Sonnet 4.5';
/** Marketplace SKUs of one Claude model in the CamelCase scheme (Sonnet 4.5 era), regional and global. */
const MARKETPLACE: SkuSpec[] = [
  { usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', usd: '3.0000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_OutputTokenCount-Units', usd: '16.5000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_OutputTokenCount_Global-Units', usd: '15.0000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_CacheReadInputTokenCount-Units', usd: '0.3300000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_CacheWriteInputTokenCount_Global-Units', usd: '3.7500000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units', usd: '6.0000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_InputTokenCount_Global_Batch-Units', usd: '1.5000000000', model: SONNET_45 },
  { usagetype: 'USE1-MP:USE1_InputTokenCount_LCtx-Units', usd: '6.6000000000', model: SONNET_45 },
  { usagetype: 'USW2-MP:USW2_InputTokenCount-Units', usd: '3.3000000000', model: SONNET_45, region: 'us-west-2' },
  { usagetype: 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', usd: '0.1980000000', model: SONNET_45, unit: '1K TPM Hour' },
  // snake_case scheme (newer models)
  { usagetype: 'USE1-MP:USE1_input_tokens_standard-Units', usd: '5.5000000000', model: 'Claude Opus 4.5' },
  { usagetype: 'USE1-MP:USE1_input_tokens_global_standard-Units', usd: '5.0000000000', model: 'Claude Opus 4.5' },
  { usagetype: 'USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units', usd: '10.0000000000', model: 'Claude Opus 4.5' },
  { usagetype: 'APN1-MP:APN1_MillionBatchInputTokens-Units', usd: '1.5000000000', model: 'Claude 3.5 Sonnet', region: 'ap-northeast-1' },
  // Cohere: embeddings per 1M tokens, rerank per search unit
  { usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '0.1200000000', model: 'Cohere Embed 4 Model' },
  { usagetype: 'USE1-MP:USE1_search_units-Units', usd: '0.0020000000', model: 'Cohere Rerank v3.5', description: 'AWS Marketplace software usage|us-east-1|per search unit' },
  // a model the table does not know
  { usagetype: 'USE1-MP:USE1_input_tokens_global_standard-Units', usd: '2.0000000000', model: 'Claude Fable 9' },
];

const BEDROCK: SkuSpec[] = [
  { usagetype: 'USE1-Nova2.0Lite-input-tokens', usd: '0.0003300000', model: 'Nova 2.0 Lite' },
  { usagetype: 'USE2-Nova2.0Lite-input-tokens', usd: '0.0003300000', model: 'Nova 2.0 Lite', region: 'us-east-2' },
  { usagetype: 'USE1-Nova2.0Lite-output-tokens', usd: '0.0027500000', model: 'Nova 2.0 Lite' },
  { usagetype: 'USE1-Nova2.0Lite-input-tokens-flex', usd: '0.0001650000', model: 'Nova 2.0 Lite', attributes: { service_tier: 'Flex' } },
  { usagetype: 'USE1-Nova2.0Lite-input-tokens-priority-cross-region-global', usd: '0.0005250000', model: 'Nova 2.0 Lite' },
  { usagetype: 'USE1-Nova2.0Lite-cache-read-input-token-count', usd: '0.0000825000', model: 'Nova 2.0 Lite' },
  { usagetype: 'USE1-NovaMicro-input-tokens-batch', usd: '0.0000175000', model: 'Nova Micro' },
  { usagetype: 'USE1-NovaPro-input-tokens-latency-optimized', usd: '0.0010000000', model: 'Nova Pro' },
  { usagetype: 'USE1-Llama4-Maverick-17B-input-tokens', usd: '0.0002400000', model: 'Llama 4 Maverick 17B' },
  { usagetype: 'USE1-openai.gpt-oss-120b-mantle-input-tokens-standard', usd: '0.0001500000', model: 'gpt-oss-120b' },
  { usagetype: 'USE1-openai.gpt-oss-120b-mantle-output-tokens-standard', usd: '0.0006000000', model: 'gpt-oss-120b' },
  { usagetype: 'USE1-TitanTextG1-Lite-input-tokens', usd: '0.0001500000' },
  { usagetype: 'USE1-Guardrail-ContentPolicyUnitsConsumed', usd: '0.0001500000', unit: 'TextUnits' },
  { usagetype: 'USE1-Guardrail-WordPolicyUnitsConsumed', usd: '0.0000000000', unit: 'TextUnits' },
  { usagetype: 'USE1-Nova2.0Pro-input-image-token-count-cross-region-global', usd: '0.0012500000', model: 'Nova 2.0 Pro' },
  { usagetype: 'USE1-Ray-V2-Medfps-HDRes', usd: '1.5000000000', model: 'Ray v2', unit: 'Second' },
  { usagetype: 'USE1-AcmeTest-input-tokens', usd: '0.0001000000', model: 'Acme Test Model' },
];

function data(...documents: Array<[unknown, string]>): PriceListData {
  const d = new PriceListData();
  documents.forEach(([doc, name]) => d.addDocument(doc, name));
  return d;
}

function price(doc: PriceFile, item: string, meter: string, rate?: string) {
  return doc.prices.filter(p => p.item === item && p.meter === meter && p.rate === rate);
}

describe('importing the Bedrock offers', () => {
  const result = importPriceList(data(
    [offerFile('AmazonBedrockFoundationModels', MARKETPLACE, '2026-11-19T08:00:00Z'), 'fm.json'],
    [offerFile('AmazonBedrock', BEDROCK), 'bedrock.json'],
  ), { names: NAMES_WITH_TEST_MODEL });
  const doc = result.document;

  test('Marketplace "Units" are per 1M tokens, AmazonBedrock prices per 1K: each row keeps the price as quoted', () => {
    expect(price(doc, 'anthropic.claude-sonnet-4-5', 'input-tokens')).toEqual([expect.objectContaining({ regions: ['us-east-1', 'us-west-2'], usd: '3.3', per: 1000000 })]);
    expect(price(doc, 'amazon.nova-2-lite', 'input-tokens')).toEqual([expect.objectContaining({ regions: ['us-east-1', 'us-east-2'], usd: '0.00033', per: 1000 })]);
  });

  test('global and regional rates are separate rows; the global one carries rate "global" and its source Region', () => {
    expect(price(doc, 'anthropic.claude-sonnet-4-5', 'input-tokens', 'global')).toEqual([expect.objectContaining({ regions: ['us-east-1'], usd: '3', per: 1000000 })]);
    expect(price(doc, 'anthropic.claude-sonnet-4-5', 'output-tokens', 'global')[0].usd).toBe('15');
    expect(price(doc, 'anthropic.claude-opus-4-5', 'input-tokens', 'global')[0].usd).toBe('5');
    expect(price(doc, 'anthropic.claude-opus-4-5', 'input-tokens')[0].usd).toBe('5.5');
  });

  test.each([
    ['anthropic.claude-sonnet-4-5', 'cache-read-input-tokens', undefined, '0.33'],
    ['anthropic.claude-sonnet-4-5', 'cache-write-input-tokens', 'global', '3.75'],
    ['anthropic.claude-sonnet-4-5', 'cache-write-1h-input-tokens', 'global', '6'],
    ['anthropic.claude-sonnet-4-5', 'batch-input-tokens', 'global', '1.5'],
    ['anthropic.claude-sonnet-4-5', 'long-context-input-tokens', undefined, '6.6'],
    ['anthropic.claude-opus-4-5', 'cache-write-1h-input-tokens', 'global', '10'],
    ['anthropic.claude-3-5-sonnet', 'batch-input-tokens', undefined, '1.5'],
    ['cohere.embed-v4', 'input-tokens', undefined, '0.12'],
    ['amazon.nova-2-lite', 'flex-input-tokens', undefined, '0.000165'],
    ['amazon.nova-2-lite', 'priority-input-tokens', 'global', '0.000525'],
    ['amazon.nova-2-lite', 'cache-read-input-tokens', undefined, '0.0000825'],
    ['amazon.nova-micro', 'batch-input-tokens', undefined, '0.0000175'],
    ['amazon.nova-pro', 'latency-optimized-input-tokens', undefined, '0.001'],
    ['meta.llama4-maverick-17b-instruct', 'input-tokens', undefined, '0.00024'],
    ['openai.gpt-oss-120b', 'output-tokens', undefined, '0.0006'],
    ['amazon.titan-text-lite', 'input-tokens', undefined, '0.00015'],
  ])('%s %s %s = %s', (item, meter, rate, usd) => {
    const rows = price(doc, item, meter, rate);
    expect(rows).toHaveLength(1);
    expect(rows[0].usd).toBe(usd);
  });

  test('a reserved-tier SKU is a price per 1K TPM-hour', () => {
    expect(price(doc, 'anthropic.claude-sonnet-4-5', 'reserved-input-tpm-hours-1-month-term')).toEqual([expect.objectContaining({ regions: ['us-east-1'], usd: '0.198', per: 1000 })]);
  });

  test('search units price the queries meter; guardrail text units their feature', () => {
    expect(price(doc, 'cohere.rerank-v3-5', 'queries')).toEqual([expect.objectContaining({ usd: '0.002', per: 1 })]);
    expect(price(doc, 'guardrails.content-filter', 'text-units')).toEqual([expect.objectContaining({ usd: '0.00015', per: 1 })]);
  });

  test('models the embedded catalog does not know are declared under items, with their Bedrock model ids', () => {
    const catalog = Catalog.embedded();
    for (const item of doc.items ?? []) {
      expect(catalog.items.has(item.key)).toBe(false);
    }
    expect(doc.items?.find(i => i.key === 'acme.test-model')).toEqual({ key: 'acme.test-model', name: 'Acme Test Model', provider: 'Acme', modelIds: ['acme.test-model-v1:0'] });
    expect(price(doc, 'acme.test-model', 'input-tokens')[0].usd).toBe('0.0001');
    expect(doc.items?.map(i => i.key)).toEqual([...doc.items!.map(i => i.key)].sort());
  });

  test('the source says what it is, with dates from the data', () => {
    expect(doc.source).toMatchObject({
      id: 'aws-price-list-2026-11-20',
      title: 'AWS Price List, AmazonBedrock and AmazonBedrockFoundationModels, 2026-11-20',
      effectiveDate: '2026-11-01',
    });
    expect(doc.source.notes).toEqual([
      expect.stringMatching(/^AmazonBedrock: version 20261120180122, published 2026-11-20T18:01:22Z; 17 SKUs read, 14 imported\.$/),
      expect.stringMatching(/^AmazonBedrockFoundationModels: version 20261119080000, published 2026-11-19T08:00:00Z; 18 SKUs read, 17 imported\.$/),
    ]);
  });

  test('every SKU is counted once: imported, skipped with its reason, or unmapped with its name', () => {
    const s = result.summary;
    expect(s.importedCount + s.duplicates + s.skippedCount + s.unmappedCount).toBe(s.read);
    expect(s.toJson()).toEqual({
      read: 35,
      repeated: 0,
      imported: 31,
      rows: doc.prices.length,
      duplicates: 0,
      skipped: {
        'feature the catalog does not price': 1,
        'image tokens have their own price (no meter)': 1,
        'unrecognized usagetype': 1,
      },
      unmapped: { 'AmazonBedrockFoundationModels: Claude Fable 9 (Amazon Bedrock Edition)': 1 },
    });
    const text = s.text();
    expect(text).toContain('Read 35 SKUs from AmazonBedrock (2026-11-20), AmazonBedrockFoundationModels (2026-11-19).');
    expect(text).toContain('unrecognized usagetype: AmazonBedrock Ray-V2-Medfps-HDRes');
    expect(text).toContain('feature the catalog does not price: Guardrail-WordPolicyUnitsConsumed');
    expect(text).toMatch(/Unmapped: 1 SKU of 1 name .*\n\s+1  AmazonBedrockFoundationModels: Claude Fable 9 \(Amazon Bedrock Edition\)\n$/);
  });

  test('the output is sorted and the same for the same input, in any order', () => {
    const again = importPriceList(data(
      [offerFile('AmazonBedrock', [...BEDROCK].reverse()), 'bedrock.json'],
      [offerFile('AmazonBedrockFoundationModels', [...MARKETPLACE].reverse(), '2026-11-19T08:00:00Z'), 'fm.json'],
    ), { names: NAMES_WITH_TEST_MODEL });
    expect(JSON.stringify(again.document)).toBe(JSON.stringify(doc));
    const keys = doc.prices.map(p => `${p.item}|${p.meter}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });

  test('the result loads into the catalog as a price file', () => {
    const catalog = Catalog.embedded().withDocument(doc, 'imported.json');
    expect(catalog.findItem('amazon.nova-2-lite-v1:0')?.key).toBe('amazon.nova-2-lite');
  });
});

describe('what is not imported, and why', () => {
  const run = (offer: 'AmazonBedrock' | 'AmazonBedrockFoundationModels', specs: SkuSpec[], publicationDate?: string) =>
    importPriceList(data([offerFile(offer, specs, publicationDate), 'x.json']));

  test('SKUs that agree are one price; SKUs that disagree are left out together, with both prices named', () => {
    const result = run('AmazonBedrock', [
      { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', sku: 'AAAA' },
      { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.00080', model: 'Nova Pro', sku: 'BBBB' },
      { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0032', model: 'Nova Pro', sku: 'CCCC' },
      { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0033', model: 'Nova Pro', sku: 'DDDD' },
      { usagetype: 'USE1-NovaLite-input-tokens', usd: '0.00006', model: 'Nova Lite' },
    ]);
    expect(result.document.prices.map(p => `${p.item} ${p.meter} ${p.usd}`)).toEqual(['amazon.nova-lite input-tokens 0.00006', 'amazon.nova-pro input-tokens 0.0008']);
    expect(result.summary.duplicates).toBe(1);
    expect(result.summary.text()).toContain('2  conflicting prices for one model, meter, rate and Region: amazon.nova-pro output-tokens regional us-east-1: 0.0000032 (AmazonBedrock CCCC) vs 0.0000033 (AmazonBedrock DDDD)');
  });

  test('the same price from the per-1K and the per-1M offer is one price (a duplicate), a different one a conflict', () => {
    const result = importPriceList(data(
      [offerFile('AmazonBedrockFoundationModels', [{ usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3', model: 'Claude 3 Sonnet' }]), 'fm.json'],
      [offerFile('AmazonBedrock', [{ usagetype: 'USE1-Claude3Sonnet-input-tokens', usd: '0.003', model: 'Claude 3 Sonnet' }]), 'b.json'],
    ));
    expect(result.document.prices).toEqual([expect.objectContaining({ item: 'anthropic.claude-3-sonnet', usd: '0.003', per: 1000 })]);
    expect(result.summary.duplicates).toBe(1);
  });

  test.each<[string, SkuSpec, string]>([
    ['tiered prices', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', extraDimensions: 1 }, 'tiered price (2 ranges)'],
    ['no USD price', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', attributes: {} }, ''],
    ['a unit that says nothing of tokens', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', unit: 'Units' }, 'unit "Units" does not say how many tokens the price is for'],
    ['a Region code that is not one', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', region: 'Global' }, 'regionCode "Global" is not a Region'],
    ['no regionCode', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', attributes: { regionCode: null } }, 'no regionCode attribute'],
    ['a price that takes effect after publication', { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', effectiveDate: '2027-01-01' }, 'takes effect after the publication date (import again once it applies)'],
    ['a tier the attributes contradict', { usagetype: 'USE1-NovaPro-input-tokens-batch', usd: '0.0004', model: 'Nova Pro', attributes: { service_tier: 'Priority' } }, 'usagetype says batch, attributes say priority'],
  ])('%s', (_name, spec, reason) => {
    const specs = [spec, { usagetype: 'USE1-NovaLite-input-tokens', usd: '0.00006', model: 'Nova Lite' }];
    if (reason === '') {
      const doc = offerFile('AmazonBedrock', specs);
      const terms = (doc.terms as any).OnDemand;
      const dims = Object.values<any>(Object.values<any>(terms[Object.keys(terms)[0]])[0].priceDimensions)[0];
      dims.pricePerUnit = { CNY: '0.0058' };
      const result = importPriceList(data([doc, 'x.json']));
      expect(result.summary.toJson()).toMatchObject({ imported: 1, skipped: { 'no USD price': 1 } });
      return;
    }
    const result = run('AmazonBedrock', specs);
    expect(result.summary.toJson()).toMatchObject({ imported: 1, skipped: { [reason]: 1 } });
  });

  test('the file is effective from its newest term; older terms say when they began', () => {
    const result = run('AmazonBedrock', [
      { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008', model: 'Nova Pro', effectiveDate: '2025-06-01' },
      { usagetype: 'USE1-NovaLite-input-tokens', usd: '0.00006', model: 'Nova Lite', effectiveDate: '2026-10-15' },
    ]);
    expect(result.document.source.effectiveDate).toBe('2026-10-15');
    expect(result.document.prices.find(p => p.item === 'amazon.nova-pro')?.note).toBe('Price List term effective 2025-06-01');
    expect(result.document.prices.find(p => p.item === 'amazon.nova-lite')?.note).toBeUndefined();
  });

  test('nothing importable is an error that carries the summary', () => {
    const error = errorOf(() => run('AmazonBedrockFoundationModels', [{ usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '1', model: 'Claude Fable 9' }]));
    expect(error.message).toContain('x.json: prices gave no price: Read 1 SKU from AmazonBedrockFoundationModels (2026-11-20).');
    expect(error.message).toContain('AmazonBedrockFoundationModels: Claude Fable 9 (Amazon Bedrock Edition)');
  });

  test('get-products pages import like the offer file', () => {
    const fromPages = importPriceList(data([productsPage('AmazonBedrock', BEDROCK), 'page.json'])).document;
    const fromOffer = importPriceList(data([offerFile('AmazonBedrock', BEDROCK), 'offer.json'])).document;
    expect(fromPages.prices).toEqual(fromOffer.prices);
  });
});

describe('reserved-tier SKUs', () => {
  // The AmazonBedrockFoundationModels shape as published on 2026-09-22 (us-east-1): usagetype
  // Reserved_<1|3>Month_<Input|Output>TPM_<Geo|Global>, unit "1M TPM Hour", description "Per Hour per
  // 1K Input TPM Reserved 1 Month Global". Prices: the test's own, with more digits than a float keeps.
  const SKUS: SkuSpec[] = ([1, 3] as const).flatMap(months => (['Input', 'Output'] as const).flatMap(direction => (['Geo', 'Global'] as const).map(scope => ({
    usagetype: `USE1-MP:USE1_Reserved_${months}Month_${direction}TPM_${scope}-Units`,
    usd: `0.${months}${direction === 'Input' ? 1 : 5}${scope === 'Geo' ? 9 : 8}0000000007`,
    model: 'Claude Sonnet 4.6',
  }))));

  test.each([
    ['a bulk offer file', () => offerFile('AmazonBedrockFoundationModels', SKUS)],
    ['get-products output', () => productsPage('AmazonBedrockFoundationModels', SKUS)],
  ])('%s: Geo and Global × 1 and 3 months × input and output, each to its meter and rate', (_name, document) => {
    const result = importPriceList(data([document(), 'reserved.json']));
    expect(result.summary.toJson()).toMatchObject({ read: 8, imported: 8, skipped: {} });
    expect(result.document.prices.map(p => [p.meter, p.rate ?? 'regional', p.regions.join(), p.usd, p.per])).toEqual([
      ['reserved-input-tpm-hours-1-month-term', 'regional', 'us-east-1', '0.1190000000007', 1000],
      ['reserved-input-tpm-hours-1-month-term', 'global', 'us-east-1', '0.1180000000007', 1000],
      ['reserved-input-tpm-hours-3-month-term', 'regional', 'us-east-1', '0.3190000000007', 1000],
      ['reserved-input-tpm-hours-3-month-term', 'global', 'us-east-1', '0.3180000000007', 1000],
      ['reserved-output-tpm-hours-1-month-term', 'regional', 'us-east-1', '0.1590000000007', 1000],
      ['reserved-output-tpm-hours-1-month-term', 'global', 'us-east-1', '0.1580000000007', 1000],
      ['reserved-output-tpm-hours-3-month-term', 'regional', 'us-east-1', '0.3590000000007', 1000],
      ['reserved-output-tpm-hours-3-month-term', 'global', 'us-east-1', '0.3580000000007', 1000],
    ]);
    expect(result.document.prices.every(p => p.item === 'anthropic.claude-sonnet-4-6'
      && p.note === `Price List unit "1M TPM Hour" contradicts its description ("Per Hour per 1K ${p.meter.includes('input') ? 'Input' : 'Output'} TPM"); `
      + 'priced per 1,000 TPM per hour, as the description says.')).toBe(true);
  });

  test('a per-month quote and a self-contradicting SKU are skipped with their reasons, never mixed in', () => {
    const result = importPriceList(data([offerFile('AmazonBedrockFoundationModels', [
      SKUS[0],
      { ...SKUS[1], unit: '1K TPM Month', description: 'Per Month per 1K Input TPM Reserved 1 Month Global' },
      { ...SKUS[2], description: 'Per Hour per 1K Input TPM Reserved 1 Month Geo' },
    ]), 'reserved.json']));
    expect(result.document.prices.map(p => p.meter)).toEqual(['reserved-input-tpm-hours-1-month-term']);
    expect(result.summary.toJson().skipped).toEqual({
      'reserved capacity quoted per TPM-month (price files price it per TPM-hour; a month\'s hours vary, so no exact hourly price follows)': 1,
      'reserved usagetype says output TPM, 1-month term, regional rate; its description says input TPM': 1,
    });
  });
});
