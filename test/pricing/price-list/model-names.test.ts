import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from '../../../src/pricing/catalog';
import table from '../../../src/pricing/price-list/data/model-names.json';
import { importPriceList } from '../../../src/pricing/price-list/import-price-list';
import { checkNamesTable, ModelNames, normalizeName } from '../../../src/pricing/price-list/model-names';
import { ModelNamesFile } from '../../../src/pricing/price-list/model-names-format';
import modelNamesSchema from '../../../src/pricing/price-list/model-names.schema.json';
import { PriceListData } from '../../../src/pricing/price-list/read-price-list';
import { checkAgainstSchema } from '../../../src/pricing/schema-check';
import { BedrockModelId } from '../../../src/profiles/bedrock-model-id';
import { errorOf } from '../../helpers/errors';
import { offerFile, SkuSpec } from '../../helpers/price-list-fixtures';

const names = ModelNames.shipped();
const catalog = Catalog.embedded();

describe('the shipped model-name table', () => {
  test('follows its schema, and no spelling names two models', () => {
    expect(() => checkAgainstSchema(modelNamesSchema, table, 'model-names.json', '')).not.toThrow();
    expect(() => checkNamesTable(table as ModelNamesFile, 'model-names.json')).not.toThrow();
    expect(names.allModels()).toHaveLength(table.models.length);
  });

  test.each(table.models.map(m => [m.key, m] as const))('%s agrees with the catalog when the catalog knows it', (_key, model) => {
    const items = new Set(model.modelIds.map(id => catalog.findItem(id)?.key));
    expect(items.size).toBe(1); // every id of the entry is one model to the catalog (or none knows any)
    const known = [...items][0];
    if (known !== undefined) {
      expect(known).toBe(model.key);
    }
    if (catalog.items.has(model.key)) {
      expect(catalog.items.get(model.key)!.modelIds).toEqual(expect.arrayContaining(model.modelIds));
    }
  });

  test('covers every model of aws-cdk bedrock-alpha\'s BedrockFoundationModel list', () => {
    const source = fs.readFileSync(require.resolve('@aws-cdk/aws-bedrock-alpha/bedrock/models.js'), 'utf-8');
    const ids = [...source.matchAll(/new BedrockFoundationModel\('([a-z0-9.-]+\.[a-z0-9.:-]+)'/g)].map(m => m[1]);
    expect(ids.length).toBeGreaterThan(40);
    const tabled = new Set(table.models.flatMap(m => m.modelIds));
    expect([...new Set(ids)].filter(id => !tabled.has(id))).toEqual([]);
  });

  test.each([
    ['Claude Sonnet 4.6 (Amazon Bedrock Edition)', 'anthropic.claude-sonnet-4-6'],
    ['claude  sonnet 4.5', 'anthropic.claude-sonnet-4-5'],
    ['Nova 2.0 Lite', 'amazon.nova-2-lite'],
    ['TitanTextG1-Lite', 'amazon.titan-text-lite'],
    ['openai.gpt-oss-120b', 'openai.gpt-oss-120b'],
    ['Cohere Embed 4 Model (Amazon Bedrock Edition)', 'cohere.embed-v4'],
  ])('"%s" is %s', (name, key) => {
    expect(names.model(name)?.key).toBe(key);
  });

  test('names are compared without case, repeated spaces or the Marketplace suffix', () => {
    expect(normalizeName(' Claude  Opus 4.5 (Amazon Bedrock Edition) ')).toBe('claude opus 4.5');
    expect(names.model('Claude Fable 9')).toBeUndefined();
    expect(names.feature('guardrail-contentpolicyunitsconsumed')?.item).toBe('guardrails.content-filter');
  });
});

/**
 * Catalog model ids with no entry in the names table, each with why. An id here is priced only
 * by the embedded catalog or a user's price file; `prices import` reports its SKUs as unmapped
 * until a names file (--names) spells it.
 */
const NO_PRICE_LIST_NAME: Record<string, string> = {
  // Retired image models, priced only by the 2024-2025 pricing pages; no current SKU.
  'stability.stable-diffusion-xl-v0': 'retired (SDXL 0.8), priced by the 2024 pages only',
  'stability.stable-diffusion-xl-v1': 'retired (SDXL 1.0), priced by the 2024-2025 pages only',
  // Customization-only base models: the importer skips customization SKUs, so a name would map nothing.
  'meta.llama2-13b-v1': 'customization only (no on-demand inference SKU)',
  'meta.llama2-70b-v1': 'customization only (no on-demand inference SKU)',
  // No public Price List copy shows these spellings (looked up 2026-12): left out rather than guessed.
  'amazon.titan-image-generator-v1': 'spelling not confirmed; its per-size/quality prices have no import meter anyway',
  'amazon.titan-image-generator-v2:0': 'spelling not confirmed; its per-size/quality prices have no import meter anyway',
  'stability.sd3-5-large-v1:0': 'spelling not confirmed (SD3 Large is "Stable Diffusion 3 Large v1.0"; 3.5 may differ)',
};

/** Every id the names table reaches: the ids of the entry each of its spellings resolves to. */
function reachableIds(): Set<string> {
  return new Set(table.models.flatMap(entry => entry.names.flatMap(name => names.model(name)?.modelIds ?? [])));
}

describe('coverage of the catalog and the BedrockModelId constants', () => {
  const reachable = reachableIds();

  test('every catalog model id is reachable from a Price List spelling, or is a listed exception', () => {
    const ids = [...catalog.items.values()].flatMap(item => [...item.modelIds]);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter(id => !reachable.has(id) && !(id in NO_PRICE_LIST_NAME))).toEqual([]);
  });

  test('every BedrockModelId constant is reachable, or is a listed exception', () => {
    const constants = Object.values(BedrockModelId).filter((v): v is BedrockModelId => v instanceof BedrockModelId).map(v => v.modelId);
    expect(constants.length).toBeGreaterThan(40);
    expect(constants.filter(id => !reachable.has(id) && !(id in NO_PRICE_LIST_NAME))).toEqual([]);
  });

  test('the exceptions are catalog ids that are truly unreachable (a stale exception fails)', () => {
    const catalogIds = new Set([...catalog.items.values()].flatMap(item => [...item.modelIds]));
    for (const id of Object.keys(NO_PRICE_LIST_NAME)) {
      expect([id, catalogIds.has(id), reachable.has(id)]).toEqual([id, true, false]);
    }
  });
});

describe('the newest models import from their real Price List spellings', () => {
  // Attribute values and usagetypes as the us-east-1 offers write them (see model-names.json's $comment); prices are the test's own.
  const BEDROCK: SkuSpec[] = [
    { usagetype: 'USE1-mistral.devstral-2-123b-mantle-input-tokens-standard', usd: '0.0004000000', model: 'Devstral' },
    { usagetype: 'USE1-mistral.magistral-small-2509-mantle-input-tokens-standard', usd: '0.0005000000', model: 'Magistral Small 1.2' },
    { usagetype: 'USE1-mistral.ministral-3-3b-instruct-mantle-input-tokens-standard', usd: '0.0001000000', model: 'Ministral 3B 3.0' },
    { usagetype: 'USE1-mistral.ministral-3-8b-instruct-mantle-input-tokens-standard', usd: '0.0001500000', model: 'Ministral 8B 3.0' },
    { usagetype: 'USE1-mistral.ministral-3-14b-instruct-mantle-input-tokens-standard', usd: '0.0002000000', model: 'Ministral 14B 3.0' },
    { usagetype: 'USE1-mistral.voxtral-mini-3b-2507-mantle-input-tokens-standard', usd: '0.0000400000', model: 'Voxtral Mini 1.0' },
    { usagetype: 'USE1-mistral.voxtral-small-24b-2507-mantle-input-tokens-standard', usd: '0.0001000000', model: 'Voxtral Small 1.0' },
    { usagetype: 'USE1-qwen.qwen3-next-80b-a3b-instruct-mantle-input-tokens-standard', usd: '0.0001500000', model: 'Qwen3 Next 80B A3B' },
    { usagetype: 'USE1-DeepSeekV3-1-input-tokens', usd: '0.0005800000', model: 'DeepSeek V3.1' },
    { usagetype: 'USE1-NovaMultiModalEmbeddings-input-tokens', usd: '0.0001350000' },
  ];
  const MARKETPLACE: SkuSpec[] = [
    { usagetype: 'USE1-MP:USE1_input_tokens_standard-Units', usd: '4.4000000000', model: 'Claude Opus 5.5' },
    { usagetype: 'USE1-MP:USE1_input_tokens_global_standard-Units', usd: '10.0000000000', model: 'Claude Fable 5.1' },
  ];
  const data = new PriceListData();
  data.addDocument(offerFile('AmazonBedrock', BEDROCK), 'bedrock.json');
  data.addDocument(offerFile('AmazonBedrockFoundationModels', MARKETPLACE), 'fm.json');
  const result = importPriceList(data);
  const imported = new Set(result.document.prices.map(p => p.item));

  test('no SKU is unmapped, and each lands on the catalog item of its model', () => {
    expect(result.summary.unmappedCount).toBe(0);
    expect([...imported].sort()).toEqual([
      'amazon.nova-2-multimodal-embeddings', 'anthropic.claude-fable-5-1', 'anthropic.claude-opus-5-5', 'deepseek.v3',
      'mistral.devstral-2-123b', 'mistral.magistral-small-1-2', 'mistral.ministral-3-14b', 'mistral.ministral-3-3b',
      'mistral.ministral-3-8b', 'mistral.voxtral-mini', 'mistral.voxtral-small', 'qwen.qwen3-next-80b-a3b',
    ]);
    expect(result.document.items ?? []).toEqual([]); // all known to the catalog: no new item declared
  });
});

describe('the user\'s names files (--names)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-names-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('add models and win over the shipped entries', () => {
    const file = write('mine.yaml', [
      'models:',
      '  - { key: anthropic.claude-fable-9, name: Claude Fable 9, provider: Anthropic, names: [Claude Fable 9], modelIds: [anthropic.claude-fable-9] }',
      '  - { key: amazon.nova-2-lite-preview, name: Nova 2 Lite (preview id), names: [Nova 2.0 Lite], modelIds: [amazon.nova-2-lite-preview-v1:0] }',
    ].join('\n'));
    const mine = ModelNames.withFiles([file]);
    expect(mine.model('Claude Fable 9 (Amazon Bedrock Edition)')?.modelIds).toEqual(['anthropic.claude-fable-9']);
    expect(mine.model('Nova 2.0 Lite')?.key).toBe('amazon.nova-2-lite-preview');
    expect(mine.model('Nova Pro')?.key).toBe('amazon.nova-pro');
  });

  test.each([
    ['bad-id.yaml', 'models:\n  - { key: x, name: X, names: [X], modelIds: ["not an id"] }\n', 'models[0].modelIds[0] must match pattern'],
    ['unknown.yaml', 'model: []\n', '(document) has an unknown property "model"'],
    ['twice.yaml', 'models:\n  - { key: a, name: A, names: [Same], modelIds: [a.a] }\n  - { key: b, name: B, names: [same], modelIds: [b.b] }\n',
      'models[1].names spells "same", which already names a. Give each Price List spelling to one model.'],
  ])('%s gives a clear error', (name, text, message) => {
    expect(errorOf(() => ModelNames.withFiles([write(name, text)])).message).toContain(message);
  });
});
