/**
 * The data export's named queries over a 1,000,000-line CUR 2.0 export in DuckDB: time per
 * query (median and spread over rounds, the first round included), to show that the SQL is
 * sane before Athena bills for the bytes it scans.
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { fmt, median } from './stats';

interface Result {
  readonly lines: number;
  readonly bytes: number;
  readonly queries: Array<{ name: string; rows: number; ms: number[] }>;
}

export function benchCurQueries(lines: number, rounds: number): string {
  const dir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'bedrock-cost-bench');
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'cur-queries.child.ts'), dir, String(lines), String(rounds)], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`cur-queries child failed: ${child.stderr}`);
  }
  const result: Result = JSON.parse(child.stdout);
  return [
    '## Data export: the named queries in DuckDB (`npm run bench cur-queries`)',
    '',
    `${fmt(result.lines)} CUR 2.0 lines (80% in the queried month), ${fmt(result.bytes / 1024 / 1024, 1)} MiB of Parquet in the export's `
      + `BILLING_PERIOD=YYYY-MM folders; each query ${rounds} times, DuckDB ${os.cpus().length} threads.`,
    '',
    '| query | rows | median ms | min–max ms |',
    '|---|---:|---:|---:|',
    ...result.queries.map(q => `| ${q.name} | ${fmt(q.rows)} | ${fmt(median(q.ms), 1)} | ${fmt(Math.min(...q.ms), 1)}–${fmt(Math.max(...q.ms), 1)} |`),
  ].join('\n');
}
