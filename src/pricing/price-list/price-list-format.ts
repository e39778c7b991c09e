/**
 * The AWS Price List shapes the importer reads, as TypeScript types. price-list.schema.json is
 * the same thing as a JSON Schema (the importer validates input with it);
 * test/pricing/price-list/price-list-format.test.ts keeps the two in step with the compiler.
 */
import priceListSchema from './price-list.schema.json';

/** The Bedrock offers: Amazon-hosted models (per 1K tokens), Marketplace models (per 1M), services. */
export const BEDROCK_OFFERS = ['AmazonBedrock', 'AmazonBedrockFoundationModels', 'AmazonBedrockService'] as const;
export type BedrockOffer = typeof BEDROCK_OFFERS[number];

export type Attributes = Readonly<Record<string, string | null>>;

export interface Product {
  readonly sku?: string;
  readonly productFamily?: string | null;
  readonly attributes: Attributes;
}

export interface PriceDimension {
  readonly rateCode?: string;
  readonly description?: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly unit: string;
  readonly pricePerUnit: Readonly<Record<string, string>> & { readonly USD?: string };
}

export interface Term {
  readonly offerTermCode?: string;
  readonly sku?: string;
  readonly effectiveDate: string;
  readonly priceDimensions: Readonly<Record<string, PriceDimension>>;
}

/** Term key (`<sku>.<offerTermCode>`) → term. */
export type TermsByKey = Readonly<Record<string, Term>>;

/** In an offer file: term type (OnDemand, Reserved, ...) → SKU → term key → term. */
export type Terms = Readonly<Record<string, Readonly<Record<string, TermsByKey>>>>;

/** In a GetProducts item: term type → term key → term (the item is one SKU). */
export type ItemTerms = Readonly<Record<string, TermsByKey>>;

/** A bulk offer file. */
export interface OfferFile {
  readonly formatVersion?: string;
  readonly offerCode: string;
  readonly version?: string;
  readonly publicationDate?: string;
  readonly products: Readonly<Record<string, Product>>;
  readonly terms: Terms;
}

/** One item of GetProducts' PriceList. */
export interface ProductItem {
  readonly serviceCode?: string;
  readonly version?: string;
  readonly publicationDate?: string;
  readonly product: Product & { readonly sku: string };
  readonly terms: ItemTerms;
}

/** GetProducts output (`aws pricing get-products`), items parsed from their JSON text. */
export interface ProductsPage {
  readonly FormatVersion?: string;
  readonly NextToken?: string | null;
  readonly PriceList: readonly ProductItem[];
}

/** The schema of one of the shapes above, for `checkAgainstSchema`. */
function definition(name: keyof typeof priceListSchema.definitions): object {
  return { definitions: priceListSchema.definitions, $ref: `#/definitions/${name}` };
}

export const OFFER_FILE_SCHEMA = definition('offerFile');
export const PRODUCTS_PAGE_SCHEMA = definition('productsPage');
