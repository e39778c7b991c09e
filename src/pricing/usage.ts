import * as path from 'path';
import { Catalog, parseDocument } from './catalog';
import { ForecastOptions, Forecast, forecastUsage, UsageDocument } from './forecast';
import { checkAgainstSchema } from './schema-check';
import usageSchema from './usage.schema.json';
import { readTextFile } from '../core/regular-file';

const USAGE_FIX = 'See docs/pricing.md ("Usage file") or usage.schema.json, both shipped with the package.';

/** Validates a parsed usage document against usage.schema.json. */
export function checkUsage(document: unknown, location: string): UsageDocument {
  checkAgainstSchema(usageSchema, document, location, USAGE_FIX);
  return document as UsageDocument;
}

/** Reads a usage file (YAML or JSON). */
export function readUsageFile(file: string): UsageDocument {
  return checkUsage(parseDocument(readTextFile(file, 'usage file'), file), file);
}

/** The catalog a usage document prices with: the embedded one plus its priceFiles (relative to it). */
export function catalogFor(
  usage: UsageDocument, usageFile: string | undefined, base: Catalog = Catalog.embedded(), extraPriceFiles: string[] = [],
): Catalog {
  const dir = usageFile ? path.dirname(usageFile) : process.cwd();
  let catalog = base;
  for (const file of [...(usage.priceFiles ?? []).map(f => path.resolve(dir, f)), ...extraPriceFiles]) {
    catalog = catalog.withFile(file);
  }
  return catalog;
}

/** Reads and forecasts a usage file. */
export function forecastUsageFile(
  file: string, options: ForecastOptions & { readonly priceFiles?: string[] } = {},
): { forecast: Forecast; catalog: Catalog } {
  const usage = readUsageFile(file);
  const catalog = catalogFor(usage, file, Catalog.embedded(), options.priceFiles ?? []);
  return { forecast: forecastUsage(catalog, usage, { ...options, location: file }), catalog };
}
