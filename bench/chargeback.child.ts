/**
 * One timed chargeback run in a fresh process (so peak memory is this run's): reads and prices
 * the given files, prints { ms, records, maxRssMb, code }. Uses the compiled lib/ when it is
 * there (worker threads then start without ts-node), else the TypeScript sources.
 */
import * as fs from 'fs';
import * as path from 'path';

const [mappingFile, jobs, ...paths] = process.argv.slice(2);
/** `--by metadata.<key>` of the CLI: comma-separated keys, none by default. */
const metadataKeys = (process.env.BENCH_METADATA_KEYS ?? '').split(',').filter(k => k !== '');
const root = path.join(__dirname, '..');
const compiled = fs.existsSync(path.join(root, 'lib', 'chargeback', 'read-worker.js'));
const from = compiled ? path.join(root, 'lib') : path.join(root, 'src');

// A path chosen at run time: require, not import.
const load = (file: string) => require(path.join(from, file)); // eslint-disable-line @typescript-eslint/no-require-imports

async function main(): Promise<void> {
  const { readInvocationLogs } = load('chargeback/read-logs');
  const { chargeback } = load('chargeback/chargeback');
  const { ProfileDirectory } = load('chargeback/profile-directory');
  const { Catalog } = load('pricing/catalog');
  const start = process.hrtime.bigint();
  const read = await readInvocationLogs(paths, { jobs: Number(jobs), metadataKeys });
  const result = chargeback(read, { catalog: Catalog.embedded(), directory: ProfileDirectory.load({ mappingFiles: [mappingFile] }), metadataKeys });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({
    ms,
    records: result.records,
    malformed: result.malformed,
    totalUsd: result.total.toFixed(),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    code: compiled ? 'lib (compiled)' : 'src (ts-node)',
  }));
}

void main();
