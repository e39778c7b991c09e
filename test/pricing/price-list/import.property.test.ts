import * as fc from 'fast-check';
import { CostProfilesError } from '../../../src/core/errors';
import { Catalog } from '../../../src/pricing/catalog';
import { Dec } from '../../../src/pricing/decimal';
import { importPriceList } from '../../../src/pricing/price-list/import-price-list';
import { PriceListData } from '../../../src/pricing/price-list/read-price-list';
import { anyValue } from '../../helpers/arbitraries';
import { Offer, offerFile, productsPage, REGION_PREFIXES, SkuSpec } from '../../helpers/price-list-fixtures';

const RUNS = { numRuns: 200 };
const catalog = Catalog.embedded();

const OFFERS: Offer[] = ['AmazonBedrock', 'AmazonBedrockFoundationModels', 'AmazonBedrockService'];
const region = fc.constantFrom(...Object.keys(REGION_PREFIXES));
const marketplaceDimension = fc.constantFrom(
  'InputTokenCount', 'OutputTokenCount_Global', 'CacheWrite1hInputTokenCount_Global', 'MillionBatchInputTokens', 'InputTokenCount_LCtx',
  'input_tokens_global_standard', 'cache_read_tokens_standard', 'Reserved_1Month_InputTPM_Geo', 'ProvisionedThroughput_NoCommit_ModelUnits_Usage',
  'search_units', 'created_image', 'InputImageCount', 'Something_Else',
);
const kebabDimension = fc.constantFrom(
  'input-tokens', 'output-tokens-batch', 'input-tokens-flex', 'output-tokens-priority-cross-region-global', 'cache-read-input-token-count',
  'input-image-token-count', 'input-tokens-latency-optimized', 'search-units', 'output-tokens-long-context-cross-region-global', 'weird-thing',
);
const modelName = fc.oneof(
  fc.constantFrom('Nova Pro', 'Nova 2.0 Lite', 'Claude Sonnet 4.5', 'Claude Sonnet 4.6', 'Llama 4 Maverick 17B', 'gpt-oss-120b', 'Cohere Rerank v3.5'),
  fc.string({ maxLength: 20 }),
);
const decimalText = fc.tuple(fc.nat({ max: 100 }), fc.nat({ max: 99_999_999 })).map(([i, f]) => `${i}.${String(f).padStart(10, '0')}`);
const usd = fc.oneof({ weight: 8, arbitrary: decimalText }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const unit = fc.constantFrom('1K tokens', '1M tokens', 'Units', 'Hrs', '1K TPM Hour', 'Images', 'TextUnits', '7 tokens', '');

const sku = (offer: Offer): fc.Arbitrary<SkuSpec> => fc.record({
  region,
  dimension: offer === 'AmazonBedrockFoundationModels' ? marketplaceDimension : kebabDimension,
  model: modelName,
  usd,
  unit: fc.option(unit, { nil: undefined }),
  effectiveDate: fc.constantFrom('2025-01-01', '2026-11-01', '2026-11-20', '2027-02-01'),
  extraDimensions: fc.constantFrom(0, 0, 0, 1),
}).map(({ region: r, dimension, ...rest }) => ({
  ...rest,
  region: r,
  usagetype: offer === 'AmazonBedrockFoundationModels'
    ? `${REGION_PREFIXES[r]}-MP:${REGION_PREFIXES[r]}_${dimension}-Units`
    : `${REGION_PREFIXES[r]}-${rest.model.replace(/\s+/g, '')}-${dimension}`,
}));

const document = fc.constantFrom(...OFFERS).chain(offer => fc.record({
  offer: fc.constant(offer),
  skus: fc.array(sku(offer), { minLength: 1, maxLength: 12 }),
  form: fc.constantFrom('bulk', 'page'),
})).map(({ offer, skus, form }) => (form === 'bulk' ? offerFile(offer, skus) : productsPage(offer, skus)));

/** Replaces the value at a random path of a JSON tree (or deletes the key). */
function corrupt(tree: unknown, steps: number[], replacement: unknown, remove: boolean): unknown {
  if (steps.length === 0 || typeof tree !== 'object' || tree === null) {
    return replacement;
  }
  const copy: any = Array.isArray(tree) ? [...tree] : { ...tree };
  const keys = Object.keys(copy);
  if (keys.length === 0) {
    return replacement;
  }
  const key = keys[steps[0] % keys.length];
  if (remove && steps.length === 1) {
    delete copy[key];
  } else {
    // A PriceList item given as JSON text is corrupted inside; it goes back as an object (also a valid form).
    const child = typeof copy[key] === 'string' && /^\{/.test(copy[key]) ? JSON.parse(copy[key]) : copy[key];
    copy[key] = corrupt(child, steps.slice(1), replacement, remove);
  }
  return copy;
}

/** Either a price file the catalog loads, or a CostProfilesError from reading: never another exception. */
function importsOrExplains(read: (data: PriceListData) => void): void {
  const data = new PriceListData();
  let imported: ReturnType<typeof importPriceList>;
  try {
    read(data);
    imported = importPriceList(data, { catalog });
  } catch (e) {
    if (!(e instanceof CostProfilesError)) {
      throw e;
    }
    expect(e.message).toMatch(/\S: \S.*\. \S/);
    return;
  }
  const { document: doc, summary } = imported;
  expect(summary.importedCount + summary.duplicates + summary.skippedCount + summary.unmappedCount).toBe(summary.read);
  const loaded = catalog.withDocument(doc, 'imported.json'); // must not throw: the importer writes only loadable files
  for (const row of doc.prices) {
    expect(Dec.parse(String(row.usd)).isNegative()).toBe(false);
    expect(loaded.rowsFor(loaded.findItem(row.item)!.key, row.meter).length).toBeGreaterThan(0);
  }
}

describe('random Price List data: a price file the catalog loads, or a clear error', () => {
  test('valid documents of every offer and form', () => {
    fc.assert(fc.property(document, doc => importsOrExplains(data => data.addText(JSON.stringify(doc), 'random.json'))), RUNS);
  });

  test('documents with a value replaced or a key removed anywhere', () => {
    fc.assert(fc.property(document, fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), fc.jsonValue({ maxDepth: 2 }), fc.boolean(),
      (doc, steps, replacement, remove) => importsOrExplains(data => data.addText(JSON.stringify(corrupt(doc, steps, replacement, remove)), 'corrupt.json'))), RUNS);
  });

  test('text cut anywhere', () => {
    fc.assert(fc.property(document, fc.double({ min: 0, max: 1, noNaN: true }), (doc, at) => {
      const text = JSON.stringify(doc, null, 2);
      importsOrExplains(data => data.addText(text.slice(0, Math.floor(text.length * at)), 'cut.json'));
    }), RUNS);
  });

  test('any JavaScript value as a parsed document or as GetProducts items (hostile objects included)', () => {
    fc.assert(fc.property(anyValue, value => importsOrExplains(data => data.addDocument(value, 'value'))), RUNS);
    fc.assert(fc.property(fc.array(anyValue, { maxLength: 3 }), items => importsOrExplains(data => data.addProductItems(items, 'api'))), RUNS);
    fc.assert(fc.property(document, fc.array(fc.nat(), { minLength: 1, maxLength: 9 }), anyValue,
      (doc, steps, replacement) => importsOrExplains(data => data.addDocument(corrupt(doc, steps, replacement, false), 'hostile'))), RUNS);
  });
});
