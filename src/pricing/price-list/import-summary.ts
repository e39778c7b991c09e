import { BEDROCK_OFFERS, BedrockOffer } from './price-list-format';
import { PriceListData, SkuRecord } from './read-price-list';

const formatted = (x: number) => x.toLocaleString('en-US');

/** "1 SKU", "2 SKUs". */
function counted(x: number, one: string, many = `${one}s`): string {
  return `${formatted(x)} ${x === 1 ? one : many}`;
}

/** Unmapped SKUs of one Price List name. */
interface Unmapped {
  readonly offer: BedrockOffer;
  count: number;
}

/**
 * What an import did with every SKU: imported, duplicate of an imported price, skipped (with
 * the reason), or unmapped (a model name the name table does not know). The counts add up to
 * the SKUs read.
 */
export class ImportSummary {
  public readonly skipped = new Map<string, { count: number; examples: Set<string> }>();
  public readonly unmappedNames = new Map<string, Unmapped>();
  public duplicates = 0;
  public importedCount = 0;
  public rows = 0;
  public newItems = 0;
  public models = 0;
  public regions = 0;
  private readonly importedByOffer = new Map<BedrockOffer, number>();

  constructor(private readonly data: PriceListData) {}

  public get read(): number {
    return this.data.skus.length;
  }

  public get skippedCount(): number {
    return [...this.skipped.values()].reduce((total, s) => total + s.count, 0);
  }

  public get unmappedCount(): number {
    return [...this.unmappedNames.values()].reduce((total, u) => total + u.count, 0);
  }

  public skip(_record: SkuRecord, reason: string, example?: string): void {
    // "unrecognized usagetype: <offer> <body>" is grouped by reason, with the usagetype as example.
    const [head, detail] = reason.startsWith('unrecognized usagetype: ') || reason.startsWith('feature the catalog does not price: ')
      ? [reason.slice(0, reason.indexOf(':')), reason.slice(reason.indexOf(':') + 2)]
      : [reason, example];
    const entry = this.skipped.get(head) ?? { count: 0, examples: new Set<string>() };
    entry.count++;
    if (detail !== undefined && entry.examples.size < 20) {
      entry.examples.add(detail);
    }
    this.skipped.set(head, entry);
  }

  public unmapped(record: SkuRecord, name: string): void {
    const key = `${name}\u0000${record.offer}`;
    const entry = this.unmappedNames.get(key) ?? { offer: record.offer, count: 0 };
    entry.count++;
    this.unmappedNames.set(key, entry);
  }

  public duplicate(_record: SkuRecord): void {
    this.duplicates++;
  }

  public imported(candidates: ReadonlyArray<{ record: SkuRecord; item: string; region: string }>, rows: number, newItems: number): void {
    this.importedCount = candidates.length;
    this.rows = rows;
    this.newItems = newItems;
    this.models = new Set(candidates.map(c => c.item)).size;
    this.regions = new Set(candidates.map(c => c.region)).size;
    for (const c of candidates) {
      this.importedByOffer.set(c.record.offer, (this.importedByOffer.get(c.record.offer) ?? 0) + 1);
    }
  }

  public importedSkus(offer: BedrockOffer): number {
    return this.importedByOffer.get(offer) ?? 0;
  }

  /** The summary for people (stderr): counts, reasons, and every unmapped name. */
  public text(): string {
    const offers = [...this.data.offers.values()].sort((a, b) => BEDROCK_OFFERS.indexOf(a.offer) - BEDROCK_OFFERS.indexOf(b.offer)).map(o => `${o.offer} (${o.publicationDate?.slice(0, 10) ?? 'no publication date'})`).join(', ');
    const lines = [
      `Read ${counted(this.read, 'SKU')} from ${offers || 'no offer'}${this.data.repeated ? ` (${counted(this.data.repeated, 'repeated SKU')} read once)` : ''}.`,
      `Imported ${counted(this.importedCount, 'SKU')} as ${counted(this.rows, 'price')} for ${counted(this.models, 'model or feature', 'models and features')} `
        + `(${formatted(this.newItems)} new to the catalog) in ${counted(this.regions, 'Region')}.`,
    ];
    if (this.duplicates > 0) {
      lines.push(`Duplicates: ${counted(this.duplicates, 'SKU')} repeating an imported price (same model, meter, rate, Region and price).`);
    }
    if (this.skipped.size > 0) {
      lines.push(`Skipped ${counted(this.skippedCount, 'SKU')}:`);
      for (const [reason, { count, examples }] of [...this.skipped].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))) {
        lines.push(`  ${formatted(count).padStart(7)}  ${reason}${examples.size ? `: ${[...examples].sort().join(', ')}${count > examples.size && examples.size >= 20 ? ', …' : ''}` : ''}`);
      }
    }
    if (this.unmappedNames.size > 0) {
      lines.push(`Unmapped: ${counted(this.unmappedCount, 'SKU')} of ${counted(this.unmappedNames.size, 'name')} the model-name table does not know (add them with --names):`);
      for (const [key, { offer, count }] of [...this.unmappedNames].sort((a, b) => a[0].localeCompare(b[0]))) {
        lines.push(`  ${formatted(count).padStart(7)}  ${offer}: ${key.split('\u0000')[0]}`);
      }
    }
    return lines.join('\n') + '\n';
  }

  /** The same, as data (for --summary json and tests). */
  public toJson(): object {
    return {
      read: this.read,
      repeated: this.data.repeated,
      imported: this.importedCount,
      rows: this.rows,
      duplicates: this.duplicates,
      skipped: Object.fromEntries([...this.skipped].sort((a, b) => a[0].localeCompare(b[0])).map(([r, s]) => [r, s.count])),
      unmapped: Object.fromEntries([...this.unmappedNames].sort((a, b) => a[0].localeCompare(b[0])).map(([k, u]) => [`${u.offer}: ${k.split('\u0000')[0]}`, u.count])),
    };
  }
}
