import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseJsonDocuments, PriceListData } from '../../../src/pricing/price-list/read-price-list';
import { errorOf } from '../../helpers/errors';
import { offerFile, productItem, productsPage } from '../../helpers/price-list-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-list-read-'));
function file(name: string, content: unknown): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

const NOVA = [
  { usagetype: 'USE1-NovaPro-input-tokens', usd: '0.0008000000', model: 'Nova Pro' },
  { usagetype: 'USE1-NovaPro-output-tokens', usd: '0.0032000000', model: 'Nova Pro' },
];

describe('reading Price List data', () => {
  test('a bulk offer file: every product with its OnDemand terms, the offer, version and publication date', () => {
    const data = new PriceListData();
    data.addFile(file('bulk.json', offerFile('AmazonBedrock', NOVA, '2026-11-20T18:01:22Z')));
    expect(data.skus).toHaveLength(2);
    expect(data.skus[0]).toMatchObject({ offer: 'AmazonBedrock', attributes: { usagetype: 'USE1-NovaPro-input-tokens', model: 'Nova Pro' }, otherTermTypes: [] });
    expect(data.skus[0].terms[0].effectiveDate).toBe('2026-11-01T00:00:00Z');
    expect(data.offers.get('AmazonBedrock')).toMatchObject({ version: '20261120180122', publicationDate: '2026-11-20T18:01:22Z', skus: 2 });
  });

  test('get-products output: items as JSON text or as objects; pages concatenated or in several files', () => {
    const page1 = productsPage('AmazonBedrock', NOVA.slice(0, 1), 'token-2');
    const page2 = { PriceList: [JSON.parse(productItem('AmazonBedrock', NOVA[1]))] };
    const data = new PriceListData();
    data.addFile(file('pages.json', `${JSON.stringify(page1, null, 2)}\n${JSON.stringify(page2)}`));
    expect(data.skus.map(s => s.attributes.usagetype)).toEqual(['USE1-NovaPro-input-tokens', 'USE1-NovaPro-output-tokens']);

    const split = new PriceListData();
    split.addFile(file('page1.json', page1));
    split.addFile(file('page2.json', page2));
    split.addFile(file('page1-again.json', page1));
    expect(split.skus).toHaveLength(2);
    expect(split.repeated).toBe(1);
    expect(split.offers.get('AmazonBedrock')!.files.size).toBe(3);
  });

  test('the SDK\'s String-wrapped items are read as their text', () => {
    const data = new PriceListData();
    // eslint-disable-next-line no-new-wrappers
    data.addProductItems([new String(productItem('AmazonBedrockFoundationModels', { usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3' }))], 'api');
    expect(data.skus[0].offer).toBe('AmazonBedrockFoundationModels');
  });

  test('several offers side by side', () => {
    const data = new PriceListData();
    data.addFile(file('a.json', offerFile('AmazonBedrock', NOVA)));
    data.addFile(file('b.json', offerFile('AmazonBedrockFoundationModels', [{ usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3' }], '2026-11-19T08:00:00Z')));
    expect([...data.offers.keys()]).toEqual(['AmazonBedrock', 'AmazonBedrockFoundationModels']);
    expect(data.offers.get('AmazonBedrockFoundationModels')!.publicationDate).toBe('2026-11-19T08:00:00Z');
  });
});

describe('wrong shapes give one clear error with the file and JSON path', () => {
  const good = offerFile('AmazonBedrock', NOVA);
  const sku = Object.keys(good.products as object)[0];
  const broken = (edit: (doc: any) => void) => {
    const doc = JSON.parse(JSON.stringify(good));
    edit(doc);
    return doc;
  };

  test.each<[string, unknown, string]>([
    ['not a Price List document', { hello: 'world' }, 'x.json: (document) is neither an AWS Price List offer file (offerCode, products, terms) nor get-products output (PriceList) (got ["hello"])'],
    ['an offer of another service', broken(d => { d.offerCode = 'AmazonEC2'; }), 'x.json: offerCode is not a Bedrock offer (got "AmazonEC2")'],
    ['a price that is not a decimal', broken(d => { Object.values<any>(d.terms.OnDemand[sku])[0].priceDimensions[Object.keys(Object.values<any>(d.terms.OnDemand[sku])[0].priceDimensions)[0]].pricePerUnit.USD = '1e-3'; }),
      `x.json: terms.OnDemand.${sku}.${sku}.JRTCKXETXF.priceDimensions.${sku}.JRTCKXETXF.6YS6EN2CT7.pricePerUnit.USD must match pattern "^\\d+(\\.\\d+)?$" (got "1e-3")`],
    ['attributes that are not strings', broken(d => { d.products[sku].attributes.regionCode = 7; }), `x.json: products.${sku}.attributes.regionCode must be string,null (got 7)`],
    ['a term without a date', broken(d => { delete Object.values<any>(d.terms.OnDemand[sku])[0].effectiveDate; }), `x.json: terms.OnDemand.${sku}.${sku}.JRTCKXETXF is missing the required property "effectiveDate"`],
    ['a term for no product', broken(d => { d.terms.OnDemand.NOSUCHSKU = {}; }), 'x.json: terms.OnDemand.NOSUCHSKU prices a SKU that is not among the products. The file looks cut or edited: download it again.'],
    ['a PriceList that is not a list', { PriceList: 'nope' }, 'x.json: PriceList must be a list of products (got "nope")'],
    ['an item that is not JSON', { PriceList: ['{"product": '] }, 'x.json: PriceList[0] is not valid JSON text'],
    ['an item without its offer', { PriceList: [JSON.stringify({ product: { sku: 'A', attributes: {} }, terms: {} })] }, 'x.json: PriceList[0].serviceCode is missing: the offer is unknown'],
    ['an item without product', { PriceList: [{ terms: {} }] }, 'x.json: PriceList[0] is missing the required property "product"'],
  ])('%s', (_name, document, message) => {
    const data = new PriceListData();
    expect(errorOf(() => data.addDocument(document, 'x.json')).message).toContain(message);
  });

  test('JSON syntax errors say file:line:column; a cut file says to download again', () => {
    const text = JSON.stringify(good, null, 2);
    const cut = errorOf(() => parseJsonDocuments(text.slice(0, 300), 'cut.json'));
    expect(cut.message).toMatch(/^cut\.json:\d+:\d+: \(document\) is not valid JSON: .*The file ends early: download it again\.$/);
    const bad = errorOf(() => parseJsonDocuments('{\n  "a": 1,\n  oops\n}', 'bad.json'));
    expect(bad.location).toBe('bad.json:3:3');
    expect(errorOf(() => parseJsonDocuments('  \n', 'empty.json')).message).toBe('empty.json: (document) is empty. Give a Price List file with data.');
    expect(errorOf(() => new PriceListData().addFile(path.join(dir, 'missing.json'))).message).toContain('price list file cannot be read (ENOENT)');
  });

  test('a byte-order mark and concatenated documents parse', () => {
    expect(parseJsonDocuments('\ufeff{"a":1}{"b":2}\n[3]', 'x')).toEqual([{ a: 1 }, { b: 2 }, [3]]);
  });
});
