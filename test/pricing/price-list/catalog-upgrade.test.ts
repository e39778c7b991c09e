import { Catalog } from '../../../src/pricing/catalog';
import { importPriceList } from '../../../src/pricing/price-list/import-price-list';
import { PriceListData } from '../../../src/pricing/price-list/read-price-list';
import { errorOf } from '../../helpers/errors';
import { NAMES_WITH_TEST_MODEL, offerFile } from '../../helpers/price-list-fixtures';

function data(document: unknown): PriceListData {
  const d = new PriceListData();
  d.addDocument(document, 'x.json');
  return d;
}

describe('an imported file keeps loading when the catalog learns its models', () => {
  const imported = importPriceList(data(offerFile('AmazonBedrock', [{ usagetype: 'USE1-AcmeTest-input-tokens', usd: '0.00033', model: 'Acme Test Model' }])),
    { names: NAMES_WITH_TEST_MODEL }).document;
  const newer = (key: string) => Catalog.embedded().withDocument({
    source: { id: 'newer-catalog', title: 'A newer embedded catalog', effectiveDate: '2026-10-01' },
    items: [{ key, name: 'Acme Test Model', modelIds: ['acme.test-model-v1:0', 'acme.test-model'] }],
    prices: [{ item: key, meter: 'input-tokens', regions: ['us-east-1'], usd: '0.0003', per: 1000 }],
  }, 'newer.json');

  test.each(['acme.test-model', 'acme.test-model-v1'])('the catalog\'s item is %s: the declaration is that item, the newer price wins', key => {
    expect(imported.items).toEqual([expect.objectContaining({ key: 'acme.test-model', modelIds: ['acme.test-model-v1:0'] })]);
    const catalog = newer(key).withDocument(imported, 'imported.json');
    expect(catalog.findItem('acme.test-model-v1:0')?.key).toBe(key);
    expect(catalog.findItem('acme.test-model-v1:0')?.modelIds).toEqual(['acme.test-model-v1:0', 'acme.test-model']);
    expect(catalog.lookup(key, 'input-tokens', 'us-east-1', '2026-12-01')?.source.id).toBe('aws-price-list-2026-11-20');
    expect(catalog.lookup(key, 'input-tokens', 'us-east-1', '2026-10-15')?.source.id).toBe('newer-catalog');
  });

  test('a declared key the catalog has for another model is still an error', () => {
    const clash = { ...imported, items: [{ key: 'amazon.nova-pro', name: 'Not Nova Pro', modelIds: ['acme.other-v1:0'] }], prices: [] };
    expect(errorOf(() => Catalog.embedded().withDocument(clash, 'clash.json')).message)
      .toBe('clash.json: items[0].key names an item the catalog already has, for other model ids (amazon.nova-pro-v1:0) (got "amazon.nova-pro"). Use the existing key in your prices, or pick a new key.');
  });
});
