import { CostProfilesError } from '../../core/errors';
import { Catalog } from '../catalog';
import { Dec } from '../decimal';
import { reservedMeterId, tokenMeterId } from '../meters';
import { PriceFile, PriceFileItem, PriceFileRow, PriceFileSource, PriceRate } from '../price-file';
import { ImportSummary } from './import-summary';
import { ModelNames } from './model-names';
import { BEDROCK_OFFERS, BedrockOffer } from './price-list-format';
import { quantityOf } from './price-unit';
import { PriceListData, SkuRecord } from './read-price-list';
import { readUsageType, Reading, UNRECOGNIZED, UsageType, withAttributes } from './usage-type';

export interface ImportOptions {
  /** The catalog whose items the imported prices attach to (default: the embedded one). */
  readonly catalog?: Catalog;
  /** Price List names → model ids (default: the shipped table). */
  readonly names?: ModelNames;
  /** Where the data came from, for the source's url. */
  readonly url?: string;
}

export interface ImportResult {
  readonly document: PriceFile;
  readonly summary: ImportSummary;
}

/** One SKU that became a price. */
interface Candidate {
  readonly record: SkuRecord;
  readonly item: string;
  readonly meter: string;
  readonly rate: PriceRate;
  readonly region: string;
  readonly usd: Dec;
  readonly per: number;
  readonly unitPrice: Dec;
  readonly effectiveDate: string;
  readonly ref: string;
  /** How a SKU that contradicts itself was read (see quantityOf). */
  readonly note?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const OFFER_ORDER = new Map<string, number>(BEDROCK_OFFERS.map((o, i) => [o, i]));

/**
 * Turns Price List data into a price file: every SKU becomes a price or is counted with the
 * reason it was not (skipped, unmapped, duplicate); nothing is dropped silently. The output is
 * sorted, so the same input gives the same file.
 */
export function importPriceList(data: PriceListData, options: ImportOptions = {}): ImportResult {
  const catalog = options.catalog ?? Catalog.embedded();
  const names = options.names ?? ModelNames.shipped();
  const summary = new ImportSummary(data);
  const newItems: NewItems = new Map();
  const candidates: Candidate[] = [];

  for (const record of data.skus) {
    const outcome = priceOf(record, catalog, names, newItems);
    if ('skip' in outcome) {
      summary.skip(record, outcome.skip);
    } else if ('unmapped' in outcome) {
      summary.unmapped(record, outcome.unmapped);
    } else {
      candidates.push(outcome);
    }
  }

  const kept = resolveOverlaps(candidates, summary);
  if (kept.length === 0) {
    throw new CostProfilesError({
      location: [...new Set([...data.offers.values()].flatMap(o => [...o.files]))].join(', ') || '(no input)',
      field: 'prices',
      problem: `gave no price: ${summary.text().trim().replace(/\n\s*/g, '; ')}`,
      fix: 'Give Price List data of the Bedrock offers (AmazonBedrock, AmazonBedrockFoundationModels, AmazonBedrockService).',
    });
  }
  const effectiveDate = kept.map(c => c.effectiveDate).sort().at(-1)!;
  const usedItems = new Set(kept.map(c => c.item));
  const items = [...newItems.values()].filter(i => usedItems.has(i.key)).sort((a, b) => a.key.localeCompare(b.key));
  const prices = rowsOf(kept, effectiveDate);
  summary.imported(kept, prices.length, items.length);
  const document: PriceFile = {
    source: sourceOf(data, effectiveDate, options.url, summary),
    ...(items.length > 0 ? { items } : {}),
    prices,
  };
  return { document, summary };
}

type Outcome = Candidate | { skip: string } | { unmapped: string };

/** Items a price file declares: the models the catalog does not know. */
type NewItems = Map<string, PriceFileItem>;

function priceOf(record: SkuRecord, catalog: Catalog, names: ModelNames, newItems: NewItems): Outcome {
  const attributes = record.attributes;
  const region = attributes.regionCode ?? undefined;
  if (region === undefined || !REGION.test(region)) {
    return { skip: region === undefined ? 'no regionCode attribute' : `regionCode "${region}" is not a Region` };
  }
  const usagetype = attributes.usagetype ?? '';
  if (usagetype === '') {
    return { skip: 'no usagetype attribute' };
  }
  const parsed = readUsageType(usagetype);
  const reading = withAttributes(parsed.reading, attributes);
  if (reading.what === 'skip') {
    return { skip: reading.reason === UNRECOGNIZED ? `${UNRECOGNIZED}: ${record.offer} ${parsed.body}` : reading.reason };
  }
  const target = reading.what === 'feature' ? featureOf(parsed, names, catalog) : modelOf(record, parsed, names, catalog, newItems);
  if ('skip' in target || 'unmapped' in target) {
    return target;
  }
  const meter = target.meter ?? meterOf(reading);
  if (!meter.startsWith('meter:')) {
    return { skip: meter };
  }
  const terms = record.terms;
  if (terms.length === 0) {
    return { skip: record.otherTermTypes.length > 0 ? `priced only under ${record.otherTermTypes.join(', ')} terms` : 'no OnDemand price' };
  }
  if (terms.length > 1) {
    return { skip: 'several OnDemand terms' };
  }
  const dimensions = Object.values(terms[0].priceDimensions);
  if (dimensions.length !== 1 || (dimensions[0].beginRange !== undefined && Number(dimensions[0].beginRange) !== 0)) {
    return { skip: `tiered price (${dimensions.length} ranges)` };
  }
  const dimension = dimensions[0];
  if (dimension.pricePerUnit.USD === undefined) {
    return { skip: 'no USD price' };
  }
  const quantity = quantityOf(reading, record.offer, dimension.unit, dimension.description ?? '');
  if ('skip' in quantity) {
    return quantity;
  }
  const effectiveDate = terms[0].effectiveDate.slice(0, 10);
  const published = record.publicationDate?.slice(0, 10);
  if (published !== undefined && effectiveDate > published) {
    return { skip: 'takes effect after the publication date (import again once it applies)' };
  }
  const usd = Dec.parse(dimension.pricePerUnit.USD).normalize();
  const name = attributes.servicename && record.offer === 'AmazonBedrockFoundationModels' ? attributes.servicename : attributes.model ?? '';
  return {
    record,
    item: target.item,
    meter: meter.slice('meter:'.length),
    rate: 'rate' in reading ? reading.rate : 'regional',
    region,
    usd,
    per: quantity.per,
    unitPrice: usd.shiftLeft(Math.round(Math.log10(quantity.per))).normalize(),
    effectiveDate,
    ref: `${record.offer} ${parsed.body}${name ? `, ${name}` : ''}`,
    ...(quantity.note !== undefined ? { note: quantity.note } : {}),
  };
}

/** The meter id of a reading (prefixed "meter:"), or why it has none. */
function meterOf(reading: Exclude<Reading, { what: 'skip' }>): string {
  switch (reading.what) {
    case 'tokens':
      return `meter:${tokenMeterId(reading.kind, reading.tier, reading.longContext)}`;
    case 'reserved':
      return reading.months === 1 || reading.months === 3
        ? `meter:${reservedMeterId(reading.direction, reading.months)}`
        : `reserved tier with a ${reading.months}-month term (no meter)`;
    case 'provisioned': {
      const meter = { 'NoCommit': 'provisioned-no-commitment', '1MonthCommit': 'provisioned-1-month', '6MonthsCommit': 'provisioned-6-month', '6MonthCommit': 'provisioned-6-month' }[reading.commitment];
      return meter ? `meter:${meter}` : `provisioned throughput with a ${reading.commitment} term (no meter)`;
    }
    case 'images':
      return 'meter:image';
    case 'input-images':
      return 'meter:input-images';
    case 'search-units':
      // A search unit is one query of up to 100 documents: the catalog's "queries" meter.
      return 'meter:queries';
    default:
      return 'feature without a meter';
  }
}

function featureOf(parsed: UsageType, names: ModelNames, catalog: Catalog): { item: string; meter: string } | { skip: string } {
  const feature = names.feature(parsed.body);
  if (!feature || !catalog.items.has(feature.item)) {
    return { skip: `feature the catalog does not price: ${parsed.body}` };
  }
  return { item: feature.item, meter: `meter:${feature.meter}` };
}

/**
 * The catalog item of a SKU's model: the catalog's own when it knows one of the model's ids,
 * else a new item declared in the price file.
 */
function modelOf(
  record: SkuRecord, parsed: UsageType, names: ModelNames, catalog: Catalog, newItems: NewItems,
): { item: string; meter?: undefined } | { unmapped: string } {
  const a = record.attributes;
  const spellings = [
    record.offer === 'AmazonBedrockFoundationModels' ? a.servicename : undefined,
    a.model,
    parsed.mantleId,
    parsed.modelPart,
  ].filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  const model = spellings.map(s => names.model(s)).find(m => m !== undefined);
  if (!model) {
    return { unmapped: spellings[0] ?? parsed.body };
  }
  const known = model.modelIds.map(id => catalog.findItem(id)).find(i => i !== undefined) ?? catalog.items.get(model.key);
  if (known) {
    return { item: known.key };
  }
  if (!newItems.has(model.key)) {
    const provider = model.provider ? { provider: model.provider } : {};
    newItems.set(model.key, { key: model.key, name: model.name, ...provider, modelIds: [...model.modelIds] });
  }
  return { item: model.key };
}

/**
 * One price per item, meter, rate and Region. SKUs that agree are duplicates (one is kept);
 * SKUs that disagree are a conflict: none of them is kept, the summary says which.
 */
function resolveOverlaps(candidates: Candidate[], summary: ImportSummary): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.item}|${c.meter}|${c.rate}|${c.region}`;
    const group = groups.get(key);
    if (group) {
      group.push(c);
    } else {
      groups.set(key, [c]);
    }
  }
  const kept: Candidate[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => OFFER_ORDER.get(a.record.offer)! - OFFER_ORDER.get(b.record.offer)! || a.record.sku.localeCompare(b.record.sku));
    if (group.every(c => c.unitPrice.eq(group[0].unitPrice))) {
      kept.push(group[0]);
      group.slice(1).forEach(c => summary.duplicate(c.record));
    } else {
      const all = [...new Set(group.map(c => `${c.unitPrice.toFixed()} (${c.record.offer} ${c.record.sku})`))];
      const prices = all.length > 3 ? `${all.slice(0, 3).join(' vs ')} and ${all.length - 3} more` : all.join(' vs ');
      group.forEach(c => summary.skip(c.record, 'conflicting prices for one model, meter, rate and Region', `${c.item} ${c.meter} ${c.rate} ${c.region}: ${prices}`));
    }
  }
  return kept;
}

/** Rows of the price file: one per price, with the Regions where it applies. */
function rowsOf(kept: Candidate[], effectiveDate: string): PriceFileRow[] {
  const rows = new Map<string, { candidate: Candidate; regions: Set<string>; refs: Set<string>; notes: Set<string> }>();
  for (const c of kept) {
    const key = [c.item, c.meter, c.rate, c.usd.toFixed(), c.per, c.effectiveDate].join('|');
    const row = rows.get(key) ?? { candidate: c, regions: new Set<string>(), refs: new Set<string>(), notes: new Set<string>() };
    row.regions.add(c.region);
    row.refs.add(c.ref);
    if (c.effectiveDate !== effectiveDate) {
      row.notes.add(`Price List term effective ${c.effectiveDate}`);
    }
    if (c.note !== undefined) {
      row.notes.add(c.note);
    }
    rows.set(key, row);
  }
  return [...rows.values()]
    .map(({ candidate: c, regions, refs, notes }) => ({
      item: c.item,
      meter: c.meter,
      ...(c.rate === 'global' ? { rate: 'global' as const } : {}),
      regions: [...regions].sort(),
      usd: c.usd.toFixed(),
      per: c.per,
      ref: [...refs].sort().join('; '),
      ...(notes.size > 0 ? { note: [...notes].join('; ') } : {}),
    }))
    .sort((a, b) => a.item.localeCompare(b.item) || a.meter.localeCompare(b.meter) || (a.rate ?? '').localeCompare(b.rate ?? '')
      || a.regions.join(',').localeCompare(b.regions.join(',')) || a.usd.localeCompare(b.usd));
}

function sourceOf(data: PriceListData, effectiveDate: string, url: string | undefined, summary: ImportSummary): PriceFileSource {
  const offers = [...data.offers.values()].sort((a, b) => OFFER_ORDER.get(a.offer)! - OFFER_ORDER.get(b.offer)!);
  const published = offers.map(o => o.publicationDate?.slice(0, 10)).filter((d): d is string => d !== undefined).sort().at(-1);
  return {
    id: `aws-price-list-${published ?? effectiveDate}`,
    title: `AWS Price List, ${offers.map(o => o.offer).join(' and ')}, ${published ?? `effective ${effectiveDate}`}`,
    effectiveDate,
    ...(url !== undefined ? { url } : {}),
    dating: 'The newest effective date among the imported prices\' OnDemand terms (a price whose term took effect earlier says so in its note).',
    notes: offers.map(o => `${o.offer}: version ${o.version ?? 'not stated'}, published ${o.publicationDate ?? 'date not stated'}; `
      + `${o.skus} SKUs read, ${summary.importedSkus(o.offer as BedrockOffer)} imported.`),
  };
}
