import { dateOption, formatOption, Io, listOption, UsageError, writeOutput } from './common';
import { chargeback } from '../chargeback/chargeback';
import { ProfileDirectory } from '../chargeback/profile-directory';
import { readInvocationLogs } from '../chargeback/read-logs';
import { chargebackToJson, renderChargeback } from '../chargeback/render-chargeback';
import { Catalog } from '../pricing/catalog';

export const CHARGEBACK_HELP = `Usage: bedrock-cost chargeback <files or directories...> [options]

Prices Bedrock model invocation logs exactly and charges the cost to profiles, callers and
cost-allocation tag values. Reads JSON lines, plain or gzip: records as S3 delivery writes
them, CloudWatch Logs events ({"message": ...}), subscription payloads ({"logEvents": [...]}),
and aws logs filter-log-events output. Malformed lines are counted and listed, never guessed.
Each log is read once: a file given twice, or next to its gzip copy, is read once (a warning).

Logs name a profile by its ARN. Say what each ARN is with any of:
  --report <cdk.out>       Cost reports from synthesis: model, geography and tags by profile
                           name (joined through --profiles or a mapping's names); repeatable.
  --profiles <file>        Output of: aws bedrock list-inference-profiles --type-equals
                           APPLICATION --output json (ARN -> name and model); repeatable.
  --mapping <file>         YAML or JSON: profiles: [{ arn | id | name, model?, tags? }]
                           (mapping.schema.json); wins over the others; repeatable.

Options:
  --by metadata.<key>             Also group cost by this requestMetadata key (Converse
                                  requestMetadata, InvokeModel X-Amzn-Bedrock-Request-Metadata);
                                  repeatable. Calls without the key are grouped as (none).
  --prices <file>                 Add a price file (JSON or YAML); repeatable.
  --as-of <YYYY-MM-DD>            Price every record at this date (default: each record's day).
  --format <table|markdown|json>  Output format (default: table). JSON carries exact amounts.
  --jobs <n>                      Worker threads, one file each at a time (default: CPUs).
  --strict                        Exit 1 when a line is malformed or a call cannot be priced.
  --output <file>                 Write to a file instead of standard output.
  -h, --help                      Show this help.

Tokens are priced at the Standard tier: invocation logs do not record the service tier.

Exit codes: 0 success, 1 a problem in the files (or --strict findings), 2 bad command line.
`;

export const chargebackCommand = {
  options: {
    'by': { type: 'string' as const, multiple: true },
    'report': { type: 'string' as const, multiple: true },
    'profiles': { type: 'string' as const, multiple: true },
    'mapping': { type: 'string' as const, multiple: true },
    'prices': { type: 'string' as const, multiple: true },
    'as-of': { type: 'string' as const },
    'format': { type: 'string' as const },
    'jobs': { type: 'string' as const },
    'strict': { type: 'boolean' as const },
    'output': { type: 'string' as const, short: 'o' },
  },
  async run(positionals: string[], values: Record<string, unknown>, io: Io): Promise<number> {
    if (positionals.length === 0) {
      throw new UsageError('give the invocation-log files or directories to read');
    }
    const format = formatOption(values.format, ['table', 'markdown', 'json'], 'table');
    const asOf = dateOption(values['as-of']);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) {
      throw new UsageError(`--jobs must be a whole number from 1 to 64 (got "${String(values.jobs)}")`);
    }
    const metadataKeys = metadataKeysOf(listOption(values.by));
    let catalog = Catalog.embedded();
    for (const file of listOption(values.prices)) {
      catalog = catalog.withFile(file);
    }
    const directory = ProfileDirectory.load({
      mappingFiles: listOption(values.mapping),
      profileLists: listOption(values.profiles),
      reportDirs: listOption(values.report),
    });
    const read = await readInvocationLogs(positionals, { jobs, metadataKeys });
    for (const skipped of read.skipped) {
      io.err(`bedrock-cost chargeback: warning: read ${skipped.sameAs} and left out ${skipped.file}, ${skipped.reason}.\n`);
    }
    const result = chargeback(read, { catalog, directory, asOf, metadataKeys });
    const text = format === 'json' ? JSON.stringify(chargebackToJson(result), null, 2) + '\n' : renderChargeback(result, format as 'table' | 'markdown');
    writeOutput(text, values.output, io);
    const findings = result.malformed > 0 || result.unpricedCalls > 0n;
    if (findings && values.strict) {
      io.err(`bedrock-cost chargeback: ${result.malformed} malformed line(s), ${result.unpricedCalls} unpriced call(s) (--strict).\n`);
      return 1;
    }
    return 0;
  },
};

/** Request metadata keys are 1 to 256 characters (Bedrock API, RequestMetadataFilters). */
const MAX_METADATA_KEY = 256;
const MAX_METADATA_KEYS = 16;

/** The keys of `--by metadata.<key>` options, each once, in order. */
function metadataKeysOf(by: string[]): string[] {
  const keys: string[] = [];
  for (const option of by) {
    if (!option.startsWith('metadata.')) {
      throw new UsageError(`--by takes metadata.<key>, a requestMetadata key (got ${JSON.stringify(option.slice(0, 60))}); `
        + 'cost by profile, caller and tag is always shown');
    }
    const key = option.slice('metadata.'.length);
    if (key.length === 0 || key.length > MAX_METADATA_KEY) {
      throw new UsageError(`--by metadata.<key> needs a key of 1 to ${MAX_METADATA_KEY} characters (got ${JSON.stringify(option.slice(0, 60))})`);
    }
    if (!keys.includes(key)) {
      keys.push(key);
    }
  }
  if (keys.length > MAX_METADATA_KEYS) {
    throw new UsageError(`--by takes at most ${MAX_METADATA_KEYS} metadata keys (got ${keys.length})`);
  }
  return keys;
}
