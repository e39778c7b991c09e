import * as fs from 'fs';
import * as path from 'path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { Io, listOption, processIo, UsageError } from './common';
import { CostProfilesError } from '../core/errors';
import { notRegular } from '../core/regular-file';
import { Catalog } from '../pricing/catalog';
import { importPriceList } from '../pricing/price-list/import-price-list';
import { ModelNames } from '../pricing/price-list/model-names';
import { BEDROCK_OFFERS, BedrockOffer } from '../pricing/price-list/price-list-format';
import { PriceListData } from '../pricing/price-list/read-price-list';
import { DEFAULT_PRICE_LIST_URL, PRICE_LIST_URL_VARIABLE, refreshFromApi, refreshFromBulk, Refreshed } from '../pricing/price-list/refresh-offers';

export const PRICES_HELP = `Usage: bedrock-cost prices import <file>... [options]
       bedrock-cost prices refresh [--region <region>]... [options]

Writes a price file (for --prices and priceFiles) from AWS Price List data of the Bedrock
offers: AmazonBedrock (per 1K tokens), AmazonBedrockFoundationModels (Marketplace models such as
Claude; per 1M tokens) and AmazonBedrockService. A summary on stderr counts every SKU: imported,
duplicate, skipped (with the reason) or unmapped (with the model names to add).

import   Reads bulk offer files (offers/v1.0/aws/<offer>/current/index.json, whole or one
         Region's) and "aws pricing get-products --service-code <offer>" output (pages may be
         concatenated or given as several files).
refresh  Downloads the current offer files from the public Price List (HTTPS, no credentials);
         with --region, only those Regions' files. --from-api reads GetProducts instead (needs
         credentials allowed pricing:GetProducts).

Options:
  -o, --output <file>       Write the price file here (default: standard output). Written only
                            when the import succeeds.
  --names <file>            Add Price List model names (model-names.schema.json); repeatable.
  --region <region>         refresh: only this Region; repeatable (default: every Region).
  --offer <offer>           refresh: only this offer; repeatable (default: all three).
  --base-url <url>          refresh: the Price List server (default: $${PRICE_LIST_URL_VARIABLE},
                            else ${DEFAULT_PRICE_LIST_URL}).
  --timeout <seconds>       refresh: give up on a download idle this long (default: 60).
  --retries <n>             refresh: try a download again after a 5xx, 429 or broken
                            connection, up to n times, waiting longer each time (default: 3).
  --from-api                refresh: use the Price List Query API (GetProducts) instead.
  --endpoint-url <url>      refresh --from-api: another Price List API endpoint.
  -h, --help                Show this help.

Exit codes: 0 success, 1 a problem in the data or the download (message says where), 2 bad
command line.
`;

const OPTIONS = {
  'output': { type: 'string' as const, short: 'o' },
  'names': { type: 'string' as const, multiple: true },
  'region': { type: 'string' as const, multiple: true },
  'offer': { type: 'string' as const, multiple: true },
  'base-url': { type: 'string' as const },
  'timeout': { type: 'string' as const },
  'retries': { type: 'string' as const },
  'from-api': { type: 'boolean' as const },
  'endpoint-url': { type: 'string' as const },
};

const REFRESH_ONLY = ['region', 'offer', 'base-url', 'timeout', 'retries', 'from-api', 'endpoint-url'];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Writes `text` to `file` all at once: a temporary file renamed into place. Only over a regular
 * file (through a symbolic link, the file it names): renaming over a device such as /dev/full
 * or a FIFO would replace it, not write to it.
 */
export function writeFileAtomically(file: string, text: string): void {
  const target = existingTarget(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let created = false;
  try {
    const fd = fs.openSync(temporary, 'wx'); // never through something already there
    created = true;
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, target);
  } catch (e) {
    if (created) {
      fs.rmSync(temporary, { force: true });
    }
    throw new CostProfilesError({ location: file, field: '--output', problem: `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path.' });
  }
}

/** The file `file` names (a link's target), refused unless it is a regular file or does not exist yet. */
function existingTarget(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return path.resolve(file); // a new file (or a broken path, reported by the write)
  }
  if (!stat.isFile()) {
    throw notRegular(file, '--output', stat);
  }
  return fs.realpathSync(file);
}

function offersOption(value: unknown): BedrockOffer[] | undefined {
  const offers = listOption(value);
  for (const offer of offers) {
    if (!BEDROCK_OFFERS.includes(offer as BedrockOffer)) {
      throw new UsageError(`--offer must be one of ${BEDROCK_OFFERS.join(', ')} (got "${offer}")`);
    }
  }
  return offers.length > 0 ? offers as BedrockOffer[] : undefined;
}

function regionsOption(value: unknown): string[] {
  const regions = listOption(value);
  for (const region of regions) {
    if (!REGION.test(region)) {
      throw new UsageError(`--region must be a Region code such as us-east-1 (got "${region}")`);
    }
  }
  return regions;
}

function timeoutOption(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(String(value)) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--timeout must be a number of seconds between 0 and 3600 (got "${String(value)}")`);
  }
  return seconds * 1000;
}

function retriesOption(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d{1,2}$/.test(String(value)) || Number(value) > 10) {
    throw new UsageError(`--retries must be a whole number from 0 to 10 (got "${String(value)}")`);
  }
  return Number(value);
}

/** Imports, prints the summary, writes the price file. */
function emit(data: PriceListData, values: Record<string, unknown>, io: Io, url?: string): number {
  const names = ModelNames.withFiles(listOption(values.names));
  const catalog = Catalog.embedded();
  const { document, summary } = importPriceList(data, { catalog, names, url });
  const output = values.output === undefined ? undefined : String(values.output);
  // The file must load as a price file; this proves it before anything is written.
  catalog.withDocument(document, output ?? '(standard output)');
  io.err(summary.text());
  const text = JSON.stringify(document, null, 2) + '\n';
  if (output !== undefined) {
    writeFileAtomically(output, text);
    io.err(`Wrote ${document.prices.length} prices to ${output} (source ${document.source.id}, effective ${document.source.effectiveDate}).\n`);
  } else {
    io.out(text);
  }
  return 0;
}

async function refresh(values: Record<string, unknown>, io: Io): Promise<number> {
  const regions = regionsOption(values.region);
  const offers = offersOption(values.offer);
  let refreshed: Refreshed;
  if (values['from-api']) {
    if (values['base-url'] !== undefined || values.timeout !== undefined || values.retries !== undefined) {
      throw new UsageError('--base-url, --timeout and --retries are for the bulk files; --from-api uses the AWS SDK (and its retries)');
    }
    const endpoint = values['endpoint-url'] === undefined ? undefined : String(values['endpoint-url']);
    const client = new PricingClient({ region: 'us-east-1', ...(endpoint ? { endpoint } : {}) });
    refreshed = await refreshFromApi(client, { regions, offers, progress: io.err });
  } else {
    if (values['endpoint-url'] !== undefined) {
      throw new UsageError('--endpoint-url is for --from-api; the bulk files take --base-url');
    }
    refreshed = await refreshFromBulk({
      baseUrl: values['base-url'] === undefined ? undefined : String(values['base-url']),
      regions,
      offers,
      idleTimeoutMs: timeoutOption(values.timeout),
      retries: retriesOption(values.retries),
      progress: io.err,
      tty: io === processIo && process.stderr.isTTY === true,
    });
  }
  for (const line of refreshed.missing) {
    io.err(`Not available: ${line}\n`);
  }
  return emit(refreshed.data, values, io, refreshed.url);
}

export const pricesCommand = {
  options: OPTIONS,
  run(positionals: string[], values: Record<string, unknown>, io: Io): number | Promise<number> {
    const [sub, ...files] = positionals;
    if (sub === 'import') {
      const misplaced = REFRESH_ONLY.filter(o => values[o] !== undefined);
      if (misplaced.length > 0) {
        throw new UsageError(`--${misplaced[0]} is an option of "prices refresh"`);
      }
      if (files.length === 0) {
        throw new UsageError('give the Price List files to import');
      }
      const data = new PriceListData();
      files.forEach(file => data.addFile(file));
      return emit(data, values, io);
    }
    if (sub === 'refresh') {
      if (files.length > 0) {
        throw new UsageError(`"prices refresh" takes no files (got ${files.join(' ')}); use "prices import" for files`);
      }
      return refresh(values, io);
    }
    throw new UsageError(sub === undefined ? 'give a subcommand: import or refresh' : `unknown subcommand "${sub}" (use import or refresh)`);
  },
};
