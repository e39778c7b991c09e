/**
 * `bedrock-cost actuals` at scale: a 10,000-profile cost report against a local Cost Explorer
 * serving 50,000 groups (tag value × usage type), through the real SDK client: wall time and
 * the requests made (each billed by AWS).
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { fmt, median } from './stats';

export function benchActuals(profiles: number, rounds: number, pageSize: number): string {
  const dir = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'bedrock-cost-bench');
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'actuals.child.ts'),
    dir, String(profiles), String(rounds), String(pageSize)], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`actuals child failed: ${child.stderr}`);
  }
  const r = JSON.parse(child.stdout) as { ms: number[]; requests: number; groups: number; lines: number; profiles: number; pageSize: number };
  return [
    '## `bedrock-cost actuals` (`npm run bench actuals`)',
    '',
    `${fmt(r.profiles)} profiles in one cost report (each its own Service tag value, 50 Team values): ${fmt(r.lines)} tag-value lines; `
      + `the local Cost Explorer serves ${fmt(r.groups)} groups (tag value × usage type), ${fmt(r.pageSize)} a page; ${rounds} rounds in one process.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| wall time, median ms (min–max) | ${fmt(median(r.ms))} (${fmt(Math.min(...r.ms))}–${fmt(Math.max(...r.ms))}) |`,
    `| requests made (1 ListCostAllocationTags + GetCostAndUsage pages) | ${fmt(r.requests)} |`,
    `| cost of the requests at 0.01 USD each | ${(r.requests / 100).toFixed(2)} USD |`,
  ].join('\n');
}
