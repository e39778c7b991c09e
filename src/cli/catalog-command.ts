import { dateOption, formatOption, Io, listOption, UsageError } from './common';
import { CostProfilesError } from '../core/errors';
import { appliesTo, Catalog, newerFirst, PriceRow } from '../pricing/catalog';
import { Dec } from '../pricing/decimal';
import { today } from '../pricing/forecast';
import { resolveModelRef } from '../pricing/model-ref';
import { PriceRate, pricedIn } from '../pricing/price-file';
import { formatQuantity } from '../pricing/render';

export const CATALOG_HELP = `Usage: bedrock-cost catalog [options]

Shows the embedded price catalog (plus your price files): the prices in effect on a date, the
Regions they apply to, and the source document and date of each.

Options:
  --model <id|key>                Only this model (id with or without geography prefix, ARN, or
                                  catalog key).
  --region <region>               Only prices that apply to requests from this source Region.
  --rate <regional|global>        Only regional prices (in-Region and geographic profiles such as
                                  us.), or only global cross-Region rates (global. profiles).
                                  Default: both; a global. model id implies global.
  --meter <meter>                 Only this meter, e.g. input-tokens.
  --as-of <YYYY-MM-DD>            Prices in effect on this date (default: today).
  --history                       Every dated price, not only those in effect.
  --models                        List the models and features instead, with their model ids.
  --meters                        List the meters and their units instead.
  --sources                       List the source documents and their dates instead.
  --prices <file>                 Add a price file (JSON or YAML); repeatable.
  --format <table|markdown|json>  Output format (default: table).
  -h, --help                      Show this help.
`;

function table(header: string[], rows: string[][], markdown: boolean): string {
  if (markdown) {
    return [header, header.map(() => '---'), ...rows].map(r => `| ${r.join(' | ')} |`).join('\n') + '\n';
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

function rateOption(value: unknown, region: string | undefined): PriceRate | undefined {
  const rate = value === undefined ? undefined : String(value);
  if (rate !== undefined && rate !== 'regional' && rate !== 'global') {
    throw new UsageError(`--rate must be regional or global (got "${rate}")`);
  }
  // Earlier versions selected the global rate with --region global.
  if (region === 'global') {
    if (rate === 'regional') {
      throw new UsageError('--region global selects the global rate, which contradicts --rate regional');
    }
    return 'global';
  }
  return rate;
}

function selectPrices(catalog: Catalog, values: Record<string, unknown>, asOf: string): PriceRow[] {
  let item: string | undefined;
  let region = values.region === undefined ? undefined : String(values.region);
  let rate = rateOption(values.rate, region);
  region = region === 'global' ? undefined : region;
  if (values.model !== undefined) {
    const ref = resolveModelRef(catalog, String(values.model), region ?? 'us-east-1', '--model', 'model');
    item = ref.item.key;
    rate = rate ?? (ref.rate === 'global' ? 'global' : undefined);
  }
  const meter = values.meter === undefined ? undefined : String(values.meter);
  if (meter !== undefined && !catalog.meters.has(meter)) {
    throw new CostProfilesError({ location: '--meter', field: 'meter', problem: 'is not a known meter', value: meter, fix: 'Run "bedrock-cost catalog --meters" for the list.' });
  }
  let rows = catalog.rows.filter(r => (item === undefined || r.item === item) && (meter === undefined || r.meter === meter)
    && (rate === undefined || r.rate === rate) && (region === undefined || appliesTo(r, region, r.rate)));
  if (!values.history) {
    // In effect: for each item, meter and set of Regions, the newest price on or before asOf.
    const current = new Map<string, PriceRow>();
    for (const r of rows.filter(x => x.source.effectiveDate <= asOf)) {
      const key = `${r.item}|${r.meter}|${r.rate}|${[...r.regions].sort().join(',')}`;
      const seen = current.get(key);
      if (!seen || newerFirst(r, seen) < 0) {
        current.set(key, r);
      }
    }
    rows = [...current.values()];
  }
  return rows.sort((a, b) => a.item.localeCompare(b.item) || a.meter.localeCompare(b.meter) || b.rate.localeCompare(a.rate)
    || a.regions.join(',').localeCompare(b.regions.join(',')) || b.source.effectiveDate.localeCompare(a.source.effectiveDate));
}

export const catalogCommand = {
  options: {
    'model': { type: 'string' as const },
    'region': { type: 'string' as const },
    'rate': { type: 'string' as const },
    'meter': { type: 'string' as const },
    'as-of': { type: 'string' as const },
    'history': { type: 'boolean' as const },
    'models': { type: 'boolean' as const },
    'meters': { type: 'boolean' as const },
    'sources': { type: 'boolean' as const },
    'prices': { type: 'string' as const, multiple: true },
    'format': { type: 'string' as const },
  },
  run(_positionals: string[], values: Record<string, unknown>, io: Io): number {
    const format = formatOption(values.format, ['table', 'markdown', 'json'], 'table');
    const markdown = format === 'markdown';
    const asOf = dateOption(values['as-of']) ?? today();
    let catalog = Catalog.embedded();
    for (const file of listOption(values.prices)) {
      catalog = catalog.withFile(file);
    }
    const emit = (json: unknown, header: string[], rows: string[][]) =>
      io.out(format === 'json' ? JSON.stringify(json, null, 2) + '\n' : table(header, rows, markdown));

    if (values.sources) {
      const sources = catalog.sources;
      emit(sources, ['Source', 'Title', 'Effective', 'How dated', 'Origin'],
        sources.map(s => [s.id, s.title, s.effectiveDate, s.dating ?? '', s.origin]));
    } else if (values.meters) {
      const meters = [...catalog.meters.values()];
      emit(meters, ['Meter', 'Unit', 'Description'], meters.map(m => [m.id, m.unit, m.description]));
    } else if (values.models) {
      const items = [...catalog.items.values()].map(i => ({ ...i, pricedMeters: catalog.metersOf(i.key) }));
      emit(items, ['Key', 'Name', 'Provider', 'Model ids', 'Priced meters'],
        items.map(i => [i.key, i.name, i.provider, i.modelIds.join(' '), i.pricedMeters.length ? String(i.pricedMeters.length) : 'none']));
    } else {
      const rows = selectPrices(catalog, values, asOf);
      emit(
        {
          asOf,
          prices: rows.map(r => ({
            item: r.item,
            meter: r.meter,
            regions: r.regions,
            rate: r.rate,
            usd: r.usd.toFixed(),
            per: r.per,
            unit: catalog.meters.get(r.meter)?.unit,
            unitPriceUsd: r.unitPrice.toFixed(),
            source: r.source.id,
            effectiveDate: r.source.effectiveDate,
            line: r.line,
            ref: r.ref,
            basis: r.basis,
          })),
        },
        ['Item', 'Meter', 'Regions', 'USD', 'Per', 'Source', 'Effective', 'Basis'],
        rows.map(r => [
          r.item, r.meter, pricedIn(r.regions.join(' '), r.rate), r.usd.toFixed(),
          `${r.per === 1 ? '' : formatQuantity(Dec.fromBigInt(BigInt(r.per))) + ' '}${catalog.meters.get(r.meter)?.unit ?? ''}`,
          `${r.source.id}${r.line !== undefined ? `:${r.line}` : ''}`, r.source.effectiveDate, r.basis ?? 'table',
        ]),
      );
    }
    return 0;
  },
};
