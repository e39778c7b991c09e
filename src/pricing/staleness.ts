import { Forecast } from './forecast';

// Staleness: a forecast warns when a price it used is much older than its as-of date, because
// AWS has probably changed prices or released models since.

/** A price older than this many days before the as-of date is stale. */
export const STALE_AFTER_DAYS = 120;

/** The command that imports the current AWS prices. */
export const REFRESH_COMMAND = 'bedrock-cost prices refresh';

/** A source whose prices a forecast used although they are stale. */
export interface StalePrice {
  readonly sourceId: string;
  readonly title: string;
  readonly effectiveDate: string;
  readonly asOf: string;
  /** Days from the source's effective date to the as-of date. */
  readonly days: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * The sources of the prices a forecast applied that are more than STALE_AFTER_DAYS older than its
 * as-of date. Each applied price is already the newest applicable one (the catalog picks the
 * newest on or before the as-of date), so a stale line means no newer price is known for it.
 */
export function stalePrices(forecast: Forecast): StalePrice[] {
  return staleSources(forecast.workloads.flatMap(w => w.lines.map(line => line.price.source)), forecast.asOf);
}

/** A price's source, as far as staleness needs it. */
export interface DatedSource {
  readonly id: string;
  readonly title: string;
  readonly effectiveDate: string;
}

/** Of the sources of prices applied as of `asOf`, those more than STALE_AFTER_DAYS older than it, each once, oldest first. */
export function staleSources(sources: readonly DatedSource[], asOf: string): StalePrice[] {
  const stale = new Map<string, StalePrice>();
  for (const source of sources) {
    if (!stale.has(source.id)) {
      const days = daysBetween(source.effectiveDate, asOf);
      if (days > STALE_AFTER_DAYS) {
        stale.set(source.id, { sourceId: source.id, title: source.title, effectiveDate: source.effectiveDate, asOf, days });
      }
    }
  }
  return [...stale.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.sourceId.localeCompare(b.sourceId));
}

/** One line for people: which prices are stale, and how to refresh them. */
export function staleWarning(stale: StalePrice): string {
  return `prices from "${stale.title}" (effective ${stale.effectiveDate}) are ${stale.days} days older than the as-of date ${stale.asOf} `
    + `(more than ${STALE_AFTER_DAYS}): AWS may have changed them. Run \`${REFRESH_COMMAND}\` to import the current AWS Price List, `
    + 'or add a newer price file.';
}
