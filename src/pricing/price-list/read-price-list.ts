import { CostProfilesError } from '../../core/errors';
import { readTextFile } from '../../core/regular-file';
import { checkAgainstSchema } from '../schema-check';
import {
  Attributes, BEDROCK_OFFERS, BedrockOffer, OFFER_FILE_SCHEMA, OfferFile, ProductsPage, PRODUCTS_PAGE_SCHEMA, Term, Terms,
} from './price-list-format';

/**
 * The largest Price List file read. The whole AmazonBedrock offer was about 17 MB in 2026; this
 * leaves room to grow while a wrong file (or a runaway download) fails clearly instead of
 * exhausting memory. `JSON.parse` of a 256 MiB file peaks near 1 GB.
 */
export const MAX_PRICE_LIST_BYTES = 256 * 1024 * 1024;

/** One SKU as read: its product attributes and OnDemand terms, and where it was found. */
export interface SkuRecord {
  readonly offer: BedrockOffer;
  readonly sku: string;
  readonly productFamily?: string;
  readonly attributes: Attributes;
  /** The SKU's OnDemand terms (one, in the data AWS publishes for Bedrock). */
  readonly terms: readonly Term[];
  /** Term types other than OnDemand that price this SKU. */
  readonly otherTermTypes: readonly string[];
  /** The publication date of the document the SKU was read from. */
  readonly publicationDate?: string;
  /** File and JSON path, for messages. */
  readonly where: string;
}

/** What was read of one offer. */
export interface OfferRead {
  readonly offer: BedrockOffer;
  /** The newest version and publication date among the documents read. */
  version?: string;
  publicationDate?: string;
  readonly files: Set<string>;
  skus: number;
}

/** Everything read from the given documents: each SKU once, and what each offer was. */
export class PriceListData {
  public readonly skus: SkuRecord[] = [];
  public readonly offers = new Map<BedrockOffer, OfferRead>();
  /** SKUs met more than once (pages or files that overlap); the first copy is used. */
  public repeated = 0;
  private readonly seen = new Set<string>();

  /** Adds the documents of one file (a bulk offer file, or get-products output, one or more pages). */
  public addFile(file: string): void {
    this.addText(readTextFile(file, 'price list file', MAX_PRICE_LIST_BYTES), file);
  }

  /** Adds JSON text holding one or more documents (concatenated pages). */
  public addText(text: string, location: string): void {
    const documents = parseJsonDocuments(text, location);
    documents.forEach((document, i) => this.addDocument(document, documents.length > 1 ? `${location} (document ${i + 1})` : location, location));
  }

  /** Adds one parsed document: a bulk offer file or a get-products page. */
  public addDocument(document: unknown, location: string, file: string = location): void {
    if (isObject(document) && 'products' in document) {
      this.addOfferFile(document, location, file);
    } else if (isObject(document) && 'PriceList' in document) {
      this.addProductsPage(document, location, file);
    } else {
      throw new CostProfilesError({
        location,
        field: '(document)',
        problem: 'is neither an AWS Price List offer file (offerCode, products, terms) nor get-products output (PriceList)',
        value: isObject(document) ? Object.keys(document).slice(0, 8) : document,
        fix: 'Give a bulk offer file (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/index.json) or the output of "aws pricing get-products --service-code AmazonBedrock".',
      });
    }
  }

  /** Adds GetProducts items as the Query API returns them (JSON text or objects). */
  public addProductItems(items: readonly unknown[], location: string): void {
    this.addProductsPage({ PriceList: items }, location, location);
  }

  private addOfferFile(document: object, location: string, file: string): void {
    checkAgainstSchema(OFFER_FILE_SCHEMA, document, location, FORMAT_FIX);
    const offerFile = document as OfferFile;
    const offer = bedrockOffer(offerFile.offerCode, location, 'offerCode');
    const read = this.offerRead(offer, offerFile.version, offerFile.publicationDate, file);
    for (const [termType, bySku] of Object.entries(offerFile.terms)) {
      for (const sku of Object.keys(bySku)) {
        if (!Object.prototype.hasOwnProperty.call(offerFile.products, sku)) {
          throw new CostProfilesError({
            location,
            field: `terms.${termType}.${sku}`,
            problem: 'prices a SKU that is not among the products',
            fix: 'The file looks cut or edited: download it again.',
          });
        }
      }
    }
    for (const [sku, product] of Object.entries(offerFile.products)) {
      this.addSku(read, {
        offer,
        sku,
        productFamily: product.productFamily ?? undefined,
        attributes: product.attributes,
        terms: Object.values(offerFile.terms.OnDemand?.[sku] ?? {}),
        otherTermTypes: otherTermTypes(offerFile.terms, sku),
        publicationDate: offerFile.publicationDate,
        where: `${location}: products.${sku}`,
      });
    }
  }

  private addProductsPage(document: object, location: string, file: string): void {
    const list = (document as { PriceList?: unknown }).PriceList;
    if (!Array.isArray(list)) {
      throw new CostProfilesError({ location, field: 'PriceList', problem: 'must be a list of products', value: list, fix: FORMAT_FIX });
    }
    const items = list.map((item, i) => productItem(item, location, i));
    const page = { ...document, PriceList: items };
    checkAgainstSchema(PRODUCTS_PAGE_SCHEMA, page, location, FORMAT_FIX);
    for (const [i, item] of (page as ProductsPage).PriceList.entries()) {
      const code = item.serviceCode ?? item.product.attributes.servicecode;
      const offer = bedrockOffer(code, location, `PriceList[${i}].serviceCode`);
      const read = this.offerRead(offer, item.version, item.publicationDate, file);
      this.addSku(read, {
        offer,
        sku: item.product.sku,
        productFamily: item.product.productFamily ?? undefined,
        attributes: item.product.attributes,
        terms: Object.values(item.terms.OnDemand ?? {}),
        otherTermTypes: Object.keys(item.terms).filter(type => type !== 'OnDemand' && Object.keys(item.terms[type]).length > 0),
        publicationDate: item.publicationDate,
        where: `${location}: PriceList[${i}]`,
      });
    }
  }

  private offerRead(offer: BedrockOffer, version: string | undefined, publicationDate: string | undefined, file: string): OfferRead {
    let read = this.offers.get(offer);
    if (!read) {
      read = { offer, files: new Set(), skus: 0 };
      this.offers.set(offer, read);
    }
    read.files.add(file);
    if (version !== undefined && (read.version === undefined || version > read.version)) {
      read.version = version;
    }
    if (publicationDate !== undefined && (read.publicationDate === undefined || publicationDate > read.publicationDate)) {
      read.publicationDate = publicationDate;
    }
    return read;
  }

  private addSku(read: OfferRead, record: SkuRecord): void {
    const key = `${record.offer}\u0000${record.sku}`;
    if (this.seen.has(key)) {
      this.repeated++;
      return;
    }
    this.seen.add(key);
    read.skus++;
    this.skus.push(record);
  }
}

const FORMAT_FIX = 'Give the file as AWS publishes it (bulk offer file or "aws pricing get-products" output), unedited.';

function isObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A PriceList item: JSON text (as the API sends it; the SDK may wrap it in a String object) or an object. */
function productItem(item: unknown, location: string, index: number): unknown {
  if (typeof item !== 'string' && !(item instanceof String)) {
    return item;
  }
  try {
    return JSON.parse(String(item));
  } catch (e) {
    throw new CostProfilesError({
      location,
      field: `PriceList[${index}]`,
      problem: `is not valid JSON text: ${(e as Error).message}`,
      value: String(item),
      fix: FORMAT_FIX,
    });
  }
}

function bedrockOffer(code: unknown, location: string, field: string): BedrockOffer {
  if (!BEDROCK_OFFERS.includes(code as BedrockOffer)) {
    throw new CostProfilesError({
      location,
      field,
      problem: code === undefined || code === null ? 'is missing: the offer is unknown' : 'is not a Bedrock offer',
      value: code,
      fix: `Import data of ${BEDROCK_OFFERS.join(', ')}.`,
    });
  }
  return code as BedrockOffer;
}

function otherTermTypes(terms: Terms, sku: string): string[] {
  return Object.keys(terms).filter(type => type !== 'OnDemand' && terms[type][sku] !== undefined);
}

/**
 * Parses text holding one JSON document or several written one after another (pages of
 * get-products output concatenated). JSON.parse reports where a first complete document ends
 * ("... after JSON at position N"); each document is then parsed on its own.
 */
export function parseJsonDocuments(text: string, location: string): unknown[] {
  const documents: unknown[] = [];
  let rest = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let offset = text.length - rest.length;
  while (rest.trim() !== '') {
    try {
      documents.push(JSON.parse(rest));
      break;
    } catch (e) {
      const message = (e as Error).message;
      const end = /after JSON at position (\d+)/.exec(message);
      if (!end) {
        throw syntaxError(text, offset, message, location);
      }
      documents.push(JSON.parse(rest.slice(0, Number(end[1]))));
      offset += Number(end[1]);
      rest = rest.slice(Number(end[1]));
    }
  }
  if (documents.length === 0) {
    throw new CostProfilesError({ location, field: '(document)', problem: 'is empty', fix: 'Give a Price List file with data.' });
  }
  return documents;
}

function syntaxError(text: string, offset: number, message: string, location: string): CostProfilesError {
  const position = /at position (\d+)/.exec(message);
  const at = position ? offset + Number(position[1]) : text.length;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return new CostProfilesError({
    location: `${location}:${line}:${column}`,
    field: '(document)',
    problem: `is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`,
    fix: /end of JSON input|Unterminated/.test(message) ? 'The file ends early: download it again.' : 'Give the file as AWS publishes it, unedited.',
  });
}
