import { dateOption, formatOption, Io, listOption, UsageError, writeOutput } from './common';
import { forecastToJson, renderForecast } from '../pricing/render';
import { stalePrices, staleWarning } from '../pricing/staleness';
import { forecastUsageFile } from '../pricing/usage';

export const ESTIMATE_HELP = `Usage: bedrock-cost estimate <usage.yaml|usage.json> [options]

Forecasts the monthly Bedrock cost of the workloads in a usage file, with a breakdown per
dimension, a low/expected/high band, growth, and provisioned-throughput comparisons.

Options:
  --format <table|markdown|json>  Output format (default: table). JSON carries exact amounts.
  --as-of <YYYY-MM-DD>            Use the prices in effect on this date (default: the file's
                                  asOf, else today).
  --prices <file>                 Add a price file (JSON or YAML); repeatable.
  --allow-price-files-anywhere    Let the usage file's priceFiles lie outside its directory
                                  (only for usage files you trust: they are read as given).
  --output <file>                 Write to a file instead of standard output.
  -h, --help                      Show this help.

Exit codes: 0 success, 1 a problem in the files (message says where), 2 bad command line.
`;

const FORMATS = ['table', 'markdown', 'json'] as const;

export const estimateCommand = {
  options: {
    'format': { type: 'string' as const },
    'as-of': { type: 'string' as const },
    'prices': { type: 'string' as const, multiple: true },
    'allow-price-files-anywhere': { type: 'boolean' as const },
    'output': { type: 'string' as const, short: 'o' },
  },
  run(positionals: string[], values: Record<string, unknown>, io: Io): number {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'give the usage file to estimate' : `give one usage file (got ${positionals.length})`);
    }
    const format = formatOption(values.format, FORMATS, 'table');
    const { forecast, catalog } = forecastUsageFile(positionals[0], {
      asOf: dateOption(values['as-of']),
      priceFiles: listOption(values.prices),
      allowPriceFilesAnywhere: values['allow-price-files-anywhere'] === true,
    });
    const text = format === 'json'
      ? JSON.stringify(forecastToJson(forecast, catalog), null, 2) + '\n'
      : renderForecast(forecast, catalog, format as 'table' | 'markdown');
    for (const stale of stalePrices(forecast)) {
      io.err(`Warning: ${staleWarning(stale)}\n`);
    }
    writeOutput(text, values.output, io);
    return 0;
  },
};
