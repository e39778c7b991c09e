/**
 * Issue #2: synth time and template bytes for 1,000 profiles with grants, CostAllocatedProfile
 * vs the same resources as raw L1, side by side. Each run is a fresh process; the variants
 * alternate order every round; medians over the rounds, plus the median of per-round ratios.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, pairedRounds } from './stats';

interface Sample { variant: string; profiles: number; constructMs: number; synthMs: number; totalMs: number; templateBytes: number }

export function benchProfilesSynth(profiles = 1000, rounds = 7): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profiles-'));
  const worker = path.join(__dirname, 'profiles-synth.worker.ts');
  const results = pairedRounds(rounds, ['l1', 'l2'], variant => {
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', worker, variant, String(profiles), path.join(scratch, variant)], { encoding: 'utf-8' });
    fs.rmSync(path.join(scratch, variant), { recursive: true, force: true });
    return JSON.parse(out.trim().split('\n').pop()!) as Sample;
  });
  const l1 = results.get('l1')!;
  const l2 = results.get('l2')!;
  const ratios = l2.map((s, i) => s.totalMs / l1[i].totalMs);
  const row = (label: string, samples: Sample[]) =>
    `| ${label} | ${fmt(median(samples.map(s => s.constructMs)))} | ${fmt(median(samples.map(s => s.synthMs)))} | ` +
    `${fmt(median(samples.map(s => s.totalMs)))} | ${fmt(Math.min(...samples.map(s => s.totalMs)))}–${fmt(Math.max(...samples.map(s => s.totalMs)))} | ` +
    `${fmt(samples[0].templateBytes)} | ${fmt(samples[0].templateBytes / profiles)} |`;
  return [
    `### ${fmt(profiles)} profiles with an invoke grant each (${rounds} rounds, fresh process per run, ${os.cpus().length} CPUs, Node ${process.version})`,
    '',
    '| variant | construct ms (median) | synth ms (median) | total ms (median) | total ms (min–max) | template bytes | bytes/profile |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('raw L1: CfnApplicationInferenceProfile + iam.Role + 2 statements', l1),
    row('CostAllocatedProfile + grantInvoke', l2),
    '',
    `Ratio CostAllocatedProfile / L1, total time: **${fmt(median(l2.map(s => s.totalMs)) / median(l1.map(s => s.totalMs)), 2)}×** ` +
    `(ratio of medians); median of per-round ratios ${fmt(median(ratios), 2)}× (min ${fmt(Math.min(...ratios), 2)}, max ${fmt(Math.max(...ratios), 2)}). Goal ≤ 1.25×.`,
  ].join('\n');
}
