/**
 * Issue #6: platform vending at 100 / 1,000 / 10,000 profiles, PlatformVending vs the same
 * resources written as raw L1 in the same stage, shard stacks and per-team constructs. Each
 * run is a fresh process; variants alternate order every round; medians (time, peak memory).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, pairedRounds } from './stats';

interface Sample {
  readonly totalMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly stacks: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly largestTemplateBytes: number;
  readonly maxRssMb: number;
  readonly code: string;
}

export function benchVending(sizes: number[], rounds: (profiles: number) => number): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-vending-'));
  const worker = path.join(__dirname, 'vending-synth.worker.ts');
  const rows: string[] = [];
  let code = '';
  for (const profiles of sizes) {
    const results = pairedRounds(rounds(profiles), ['l1', 'l2'], variant => {
      const outdir = path.join(scratch, `${variant}-${profiles}`);
      const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', worker, variant, String(profiles), outdir],
        { encoding: 'utf-8', maxBuffer: 1024 * 1024 });
      fs.rmSync(outdir, { recursive: true, force: true });
      return JSON.parse(out.trim().split('\n').pop()!) as Sample;
    });
    const l1 = results.get('l1')!;
    const l2 = results.get('l2')!;
    code = l2[0].code;
    const ratios = l2.map((s, i) => s.totalMs / l1[i].totalMs);
    const row = (label: string, s: Sample[]) => `| ${fmt(profiles)} | ${label} | ${fmt(median(s.map(x => x.constructMs)))} | ${fmt(median(s.map(x => x.synthMs)))} | `
      + `**${fmt(median(s.map(x => x.totalMs)))}** | ${fmt(median(s.map(x => x.maxRssMb)))} | ${s[0].stacks} | ${fmt(s[0].resources)} | `
      + `${fmt(s[0].templateBytes / profiles)} | ${fmt(s[0].largestTemplateBytes)} |`;
    rows.push(row('raw L1', l1), row('PlatformVending', l2),
      `| | **ratio** | | | **${fmt(median(l2.map(s => s.totalMs)) / median(l1.map(s => s.totalMs)), 2)}×** (per-round ${ratios.map(r => fmt(r, 2)).join(', ')}) | | | | | |`);
  }
  return [
    `### Platform vending: teams of five services, one target (${os.cpus().length} CPUs, Node ${process.version}, code from ${code}`
      + `${process.env.BENCH_TREE_METADATA === 'false' ? ', both variants with treeMetadata: false' : ''})`,
    '',
    '| profiles | variant | construct ms | synth ms | total ms | peak RSS MB | stacks | resources | template bytes / profile | largest template |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
