import * as fs from 'fs';
import * as path from 'path';
import { Catalog, parseDocument } from './catalog';
import { ForecastOptions, Forecast, forecastUsage } from './forecast';
import { checkAgainstSchema } from './schema-check';
import { UsageDocument } from './usage-document';
import usageSchema from './usage.schema.json';
import { CostProfilesError } from '../core/errors';
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

/**
 * The catalog a usage document prices with: the embedded one plus its priceFiles (relative to
 * it). Usage files arrive in pull requests, so a price file must lie in the usage file's
 * directory or below it (symbolic links resolved) unless `allowPriceFilesAnywhere`: otherwise a
 * usage file could make the CLI read any file of the machine it runs on.
 */
export function catalogFor(
  usage: UsageDocument, usageFile: string | undefined, base: Catalog = Catalog.embedded(), extraPriceFiles: string[] = [],
  allowPriceFilesAnywhere = false,
): Catalog {
  const dir = usageFile ? path.dirname(path.resolve(usageFile)) : process.cwd();
  const own = (usage.priceFiles ?? []).map((f, i) => {
    const file = path.resolve(dir, f);
    if (usageFile !== undefined && !allowPriceFilesAnywhere && !isInside(file, dir)) {
      throw new CostProfilesError({
        location: usageFile,
        field: `priceFiles[${i}]`,
        problem: 'is outside the usage file\'s directory',
        value: f,
        fix: 'Put the price file next to the usage file (or below it), or pass --allow-price-files-anywhere if you trust this usage file.',
      });
    }
    return file;
  });
  let catalog = base;
  for (const file of [...own, ...extraPriceFiles]) {
    catalog = catalog.withFile(file);
  }
  return catalog;
}

/** Whether `file` (symbolic links resolved, as far as it exists) lies in `dir` or below it. */
function isInside(file: string, dir: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const relative = path.relative(real(dir), real(file));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Reads and forecasts a usage file. */
export function forecastUsageFile(
  file: string, options: ForecastOptions & { readonly priceFiles?: string[]; readonly allowPriceFilesAnywhere?: boolean } = {},
): { forecast: Forecast; catalog: Catalog } {
  const usage = readUsageFile(file);
  const catalog = catalogFor(usage, file, Catalog.embedded(), options.priceFiles ?? [], options.allowPriceFilesAnywhere);
  return { forecast: forecastUsage(catalog, usage, { ...options, location: file }), catalog };
}
