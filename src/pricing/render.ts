import { Catalog, PriceRow } from './catalog';
import { Dec } from './decimal';
import { Band, Forecast, WorkloadForecast } from './forecast';
import { PricedLine } from './line-items';
import { ProvisionedComparison } from './lines/inference-lines';
import { pricedIn } from './price-file';

/**
 * The rounding rule, stated once: arithmetic is exact (decimal, never binary floating point);
 * JSON carries the exact amounts; tables round half-up to cents, and amounts under one cent are
 * shown to 6 decimals so they do not read as 0.00. Budget limits (CDK constructs) round up to
 * the next cent.
 */
export const ROUNDING_RULE = 'Amounts are computed exactly (decimal arithmetic) and carried exactly in JSON; '
  + 'tables round half-up to cents (amounts under a cent to 6 decimals).';

const CENT = Dec.parse('0.01');

/** Money for people (see ROUNDING_RULE). */
export function formatUsd(value: Dec): string {
  const abs = value.isNegative() ? value.negated() : value;
  const text = !abs.isZero() && abs.lt(CENT) ? trimZeros(value.toFixed(6)) : value.toFixed(2);
  return groupThousands(text);
}

/** A quantity for people: exact, with thousands separators. */
export function formatQuantity(value: Dec): string {
  return groupThousands(value.toFixed());
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function groupThousands(text: string): string {
  const [int, frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A price source for people: its title, its effective date when the title does not carry it, and its id. */
export function sourceText(source: { readonly id: string; readonly title: string; readonly effectiveDate: string }, origin?: string): string {
  const dated = source.title.includes(source.effectiveDate) ? source.title : `${source.title}, effective ${source.effectiveDate}`;
  return `${dated} (${source.id}${origin ? `, ${origin}` : ''})`;
}

function priceRef(row: PriceRow): string {
  const where = row.line !== undefined ? `:${row.line}` : '';
  const basis = row.basis === 'worked-example' ? ', worked example' : '';
  return `${row.source.id}${where} (${row.source.effectiveDate}${basis})`;
}

function quoted(row: PriceRow, catalog: Catalog): string {
  const unit = catalog.meters.get(row.meter)?.unit ?? '';
  return `${row.usd.toFixed()} per ${row.per === 1 ? '' : `${formatQuantity(Dec.fromBigInt(BigInt(row.per)))} `}${unit}`;
}

function bandJson(b: Band): Record<string, string> {
  return { low: b.low.toFixed(), expected: b.expected.toFixed(), high: b.high.toFixed() };
}

function lineJson(line: PricedLine, catalog: Catalog): Record<string, unknown> {
  const item = catalog.items.get(line.item);
  return {
    dimension: line.dimension,
    item: line.item,
    itemName: item?.name ?? line.item,
    meter: line.meter,
    region: line.region,
    rate: line.rate,
    quantity: line.quantity.toFixed(),
    unit: catalog.meters.get(line.meter)?.unit,
    unitPrice: line.price.unitPrice.toFixed(),
    quoted: { usd: line.price.usd.toFixed(), per: line.price.per },
    cost: line.cost.toFixed(),
    growsWithTraffic: line.variable,
    source: {
      id: line.price.source.id,
      effectiveDate: line.price.source.effectiveDate,
      ...(line.price.line !== undefined ? { line: line.price.line } : {}),
      ...(line.price.ref ? { ref: line.price.ref } : {}),
      ...(line.price.basis ? { basis: line.price.basis } : {}),
    },
    path: line.path,
  };
}

function comparisonJson(c: ProvisionedComparison): Record<string, unknown> {
  return {
    path: c.path,
    model: c.model,
    region: c.region,
    rate: c.rate,
    commitment: c.commitment,
    available: c.available,
    ...(c.reason ? { reason: c.reason } : {}),
    tokensPerMonth: c.tokensPerMonth.toFixed(),
    onDemandMonthly: c.onDemandMonthly.toFixed(),
    ...(c.available ? {
      modelUnits: String(c.modelUnits),
      hourlyPricePerModelUnit: c.hourlyPricePerModelUnit!.toFixed(),
      provisionedMonthly: c.provisionedMonthly!.toFixed(),
      cheaper: c.cheaper,
      ...(c.breakEvenTokensPerMonth !== undefined ? { breakEvenTokensPerMonth: String(c.breakEvenTokensPerMonth) } : {}),
    } : {}),
  };
}

function usedSources(forecast: Forecast): PriceRow['source'][] {
  const seen = new Map<string, PriceRow['source']>();
  for (const w of forecast.workloads) {
    for (const l of w.lines) {
      seen.set(l.price.source.id, l.price.source);
    }
    for (const c of w.provisioned) {
      if (c.price) {
        seen.set(c.price.source.id, c.price.source);
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}

/** The forecast as a JSON-ready object; every amount is an exact decimal string. */
export function forecastToJson(forecast: Forecast, catalog: Catalog): Record<string, unknown> {
  return {
    currency: 'USD',
    asOf: forecast.asOf,
    months: forecast.months,
    rounding: ROUNDING_RULE,
    total: bandJson(forecast.total),
    series: forecast.series.map((b, i) => ({ month: i + 1, ...bandJson(b) })),
    workloads: forecast.workloads.map(w => ({
      name: w.name,
      tags: w.tags,
      daysPerMonth: w.daysPerMonth.toFixed(),
      monthlyGrowth: w.monthlyGrowth.toFixed(),
      band: { low: w.bandFactors.low.toFixed(), high: w.bandFactors.high.toFixed() },
      monthly: bandJson(w.monthly),
      series: w.series.map((b, i) => ({ month: i + 1, ...bandJson(b) })),
      lines: w.lines.map(l => lineJson(l, catalog)),
      provisionedThroughput: w.provisioned.map(comparisonJson),
    })),
    sources: usedSources(forecast).map(s => ({ id: s.id, title: s.title, effectiveDate: s.effectiveDate, origin: s.origin })),
  };
}

/** A plain-text table, or a markdown table (cells with "|" escaped), from rows of cells. */
export function textTable(header: string[], rows: string[][], markdown: boolean, rightAligned: boolean[] = []): string {
  if (markdown) {
    const sep = header.map((_, i) => (rightAligned[i] ? '---:' : '---'));
    return [header, sep, ...rows].map(r => `| ${r.map(c => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function workloadDetail(w: WorkloadForecast, catalog: Catalog, markdown: boolean): string {
  const rows = w.lines.map(l => [
    l.dimension,
    catalog.items.get(l.item)?.name ?? l.item,
    pricedIn(l.region, l.rate),
    `${formatQuantity(l.quantity)} ${catalog.meters.get(l.meter)?.unit ?? ''}`.trim(),
    quoted(l.price, catalog),
    formatUsd(l.cost),
    priceRef(l.price),
  ]);
  const parts = [textTable(['Dimension', 'Model / feature', 'Region', 'Quantity', 'Price (USD)', 'Cost (USD)', 'Price source'], rows, markdown,
    [false, false, false, true, true, true, false])];
  for (const c of w.provisioned) {
    parts.push(c.available
      ? `Provisioned throughput (${c.commitment}) for ${c.model}: ${String(c.modelUnits)} model unit(s) × ${c.hourlyPricePerModelUnit!.toFixed()} USD/h = ${formatUsd(c.provisionedMonthly!)} USD a month, `
        + `vs ${formatUsd(c.onDemandMonthly)} USD on demand: ${c.cheaper} is cheaper` + (c.breakEvenTokensPerMonth !== undefined ? `; break-even at ${formatQuantity(Dec.fromBigInt(c.breakEvenTokensPerMonth))} tokens a month.` : '.')
      : `Provisioned throughput (${c.commitment}) for ${c.model}: no comparison, ${c.reason}.`);
  }
  const growth = w.monthlyGrowth.isZero() ? '' : `, growth ${w.monthlyGrowth.toFixed()} per month`;
  const head = `${w.name} (${w.daysPerMonth.toFixed()}-day month${growth}; band ×${w.bandFactors.low.toFixed()} / ×${w.bandFactors.high.toFixed()} on traffic)`;
  return [markdown ? `### ${head}` : head, '', ...parts].join('\n');
}

/** The forecast as a table (plain text) or markdown. */
export function renderForecast(forecast: Forecast, catalog: Catalog, format: 'table' | 'markdown'): string {
  const markdown = format === 'markdown';
  const summaryRows = forecast.workloads.map(w => [w.name, formatUsd(w.monthly.low), formatUsd(w.monthly.expected), formatUsd(w.monthly.high)]);
  summaryRows.push([markdown ? '**Total**' : 'Total', formatUsd(forecast.total.low), markdown ? `**${formatUsd(forecast.total.expected)}**` : formatUsd(forecast.total.expected), formatUsd(forecast.total.high)]);
  const title = `Bedrock cost estimate, USD per month (prices as of ${forecast.asOf})`;
  const out = [markdown ? `## ${title}` : title, '', textTable(['Workload', 'Low', 'Expected', 'High'], summaryRows, markdown, [false, true, true, true])];
  if (forecast.months > 1) {
    const seriesRows = forecast.series.map((b, i) => [String(i + 1), formatUsd(b.low), formatUsd(b.expected), formatUsd(b.high)]);
    out.push('', markdown ? '#### Projection with growth' : 'Projection with growth', '', textTable(['Month', 'Low', 'Expected', 'High'], seriesRows, markdown, [true, true, true, true]));
  }
  for (const w of forecast.workloads) {
    out.push('', workloadDetail(w, catalog, markdown));
  }
  const sources = usedSources(forecast).map(s => sourceText(s, s.origin === 'embedded' ? undefined : s.origin));
  out.push('', `Prices: ${sources.join('; ')}.`, ROUNDING_RULE);
  return out.join('\n') + '\n';
}
