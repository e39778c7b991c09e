import modelNamesSchema from '../../../src/pricing/price-list/model-names.schema.json';
import { OFFER_FILE_SCHEMA, OfferFile, PriceDimension, Product, ProductItem, ProductsPage, PRODUCTS_PAGE_SCHEMA, Term } from '../../../src/pricing/price-list/price-list-format';
import schema from '../../../src/pricing/price-list/price-list.schema.json';
import { allSchemaProblems } from '../../../src/pricing/schema-check';
import { schemaTypeMismatches } from '../../helpers/schema-types';

describe('one definition of each format the importer reads', () => {
  test('price-list.schema.json and price-list-format.ts agree on every property and required field', () => {
    expect(schemaTypeMismatches(schema, 'src/pricing/price-list/price-list-format.ts', [
      { type: 'PriceDimension', pointer: '/definitions/priceDimension' },
      { type: 'Term', pointer: '/definitions/term' },
      { type: 'Product', pointer: '/definitions/product' },
      { type: 'OfferFile', pointer: '/definitions/offerFile' },
      { type: 'ProductItem', pointer: '/definitions/productItem' },
      { type: 'ProductsPage', pointer: '/definitions/productsPage' },
    ])).toEqual([]);
  });

  test('model-names.schema.json and the ModelNamesFile types agree', () => {
    expect(schemaTypeMismatches(modelNamesSchema, 'src/pricing/price-list/model-names-format.ts', [
      { type: 'ModelNamesFile', pointer: '' },
      { type: 'ModelName', pointer: '/properties/models/items' },
      { type: 'FeatureName', pointer: '/properties/features/items' },
    ])).toEqual([]);
  });

  test('a value of each type, every property set, follows the schema', () => {
    const dimension: Required<PriceDimension> = {
      rateCode: 'A.B.C', description: 'per 1K tokens', beginRange: '0', endRange: 'Inf', unit: '1K tokens', pricePerUnit: { USD: '0.0008000000' },
    };
    const term: Required<Term> = { offerTermCode: 'B', sku: 'A', effectiveDate: '2026-11-01T00:00:00Z', priceDimensions: { 'A.B.C': dimension } };
    const product: Required<Product> = { sku: 'A', productFamily: 'Amazon Bedrock', attributes: { usagetype: 'USE1-NovaPro-input-tokens', model: null } };
    const offerFile: Required<OfferFile> = {
      formatVersion: 'v1.0',
      offerCode: 'AmazonBedrock',
      version: '20261120',
      publicationDate: '2026-11-20T00:00:00Z',
      products: { A: product },
      terms: { OnDemand: { A: { 'A.B': term } } },
    };
    const item: Required<ProductItem> = {
      serviceCode: 'AmazonBedrock', version: '20261120', publicationDate: '2026-11-20T00:00:00Z', product: { ...product, sku: 'A' }, terms: { OnDemand: { 'A.B': term } },
    };
    const page: Required<ProductsPage> = { FormatVersion: 'aws_v1', NextToken: null, PriceList: [item] };
    expect(allSchemaProblems(OFFER_FILE_SCHEMA, offerFile)).toEqual([]);
    expect(allSchemaProblems(PRODUCTS_PAGE_SCHEMA, page)).toEqual([]);
  });
});
