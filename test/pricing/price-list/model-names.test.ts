import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog } from '../../../src/pricing/catalog';
import table from '../../../src/pricing/price-list/data/model-names.json';
import { checkNamesTable, ModelNames, normalizeName } from '../../../src/pricing/price-list/model-names';
import { ModelNamesFile } from '../../../src/pricing/price-list/model-names-format';
import modelNamesSchema from '../../../src/pricing/price-list/model-names.schema.json';
import { checkAgainstSchema } from '../../../src/pricing/schema-check';
import { errorOf } from '../../helpers/errors';

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
