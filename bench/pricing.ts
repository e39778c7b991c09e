/**
 * Issue #3: priced line items per second (exact arithmetic) and the time to forecast 10,000
 * usage profiles. Medians of several rounds in one process, after a warm-up round.
 *
 * With BENCH_BASELINE=<another checkout of this repository> (e.g. a `git worktree` of main), the
 * same measures run on both engines in one process, alternating which goes first every round,
 * and the ratios of the paired rounds are reported too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, pairedRounds } from './stats';
import * as catalogModule from '../src/pricing/catalog';
import * as decimalModule from '../src/pricing/decimal';
import * as forecastModule from '../src/pricing/forecast';
import * as lineItemsModule from '../src/pricing/line-items';
import { LineItem } from '../src/pricing/line-items';
import * as usageModule from '../src/pricing/usage';
import { UsageDocument, WorkloadSpec } from '../src/pricing/usage-document';

/** The entry points the benchmark times, from this checkout or from the baseline's. */
interface Engine {
  readonly Catalog: typeof catalogModule.Catalog;
  readonly Dec: typeof decimalModule.Dec;
  readonly forecastUsage: typeof forecastModule.forecastUsage;
  readonly priceLine: typeof lineItemsModule.priceLine;
  readonly checkUsage: typeof usageModule.checkUsage;
}

const THIS: Engine = { ...catalogModule, ...decimalModule, ...forecastModule, ...lineItemsModule, ...usageModule };

function engineAt(root: string): Engine {
  // The baseline is another checkout, known only at run time: a static import cannot name it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (m: string) => require(path.resolve(root, 'src', 'pricing', m));
  // Before the engine was split, priceLine lived in forecast.ts.
  const lines = fs.existsSync(path.resolve(root, 'src', 'pricing', 'line-items.ts')) ? load('line-items') : {};
  return { ...load('catalog'), ...load('decimal'), ...load('forecast'), ...lines, ...load('usage') };
}

const AS_OF = '2025-03-01';
const MIX: Array<[string, string, string]> = [
  ['anthropic.claude-3-5-sonnet', 'input-tokens', 'us-west-2'],
  ['anthropic.claude-3-5-sonnet', 'output-tokens', 'us-west-2'],
  ['anthropic.claude-3-5-sonnet', 'cache-read-input-tokens', 'us-east-1'],
  ['anthropic.claude-3-5-haiku', 'batch-input-tokens', 'us-east-1'],
  ['amazon.nova-micro', 'cache-read-input-tokens', 'us-east-1'],
  ['amazon.nova-pro', 'output-tokens', 'us-east-1'],
  ['anthropic.claude-3-haiku', 'input-tokens', 'eu-central-1'],
  ['guardrails.content-filter', 'text-units', 'us-east-1'],
  ['anthropic.claude-instant', 'provisioned-1-month', 'us-west-2'],
  ['cohere.command', 'input-tokens', 'eu-west-2'],
];

function lineItems(engine: Engine, n: number): LineItem[] {
  return Array.from({ length: n }, (_, i) => {
    const [item, meter, region] = MIX[i % MIX.length];
    return { item, meter, region, rate: 'regional' as const, quantity: engine.Dec.fromBigInt(BigInt(1 + ((i * 7919) % 5_000_000))), dimension: meter, variable: true, path: `lines[${i}]` };
  });
}

function usage(profiles: number): UsageDocument {
  const models = ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.anthropic.claude-3-5-haiku-20241022-v1:0', 'amazon.nova-pro-v1:0'];
  const regions = ['us-west-2', 'us-east-1', 'us-east-1'];
  const workloads: WorkloadSpec[] = Array.from({ length: profiles }, (_, i) => ({
    name: `profile-${i}`,
    region: regions[i % 3],
    tags: { Team: `team-${i % 50}` },
    monthlyGrowth: 0.05,
    inference: {
      model: models[i % 3],
      requestsPerDay: 1000 + i,
      inputTokensPerRequest: 1500,
      outputTokensPerRequest: 300,
      cacheReadShare: 0.3,
      batchShare: 0.1,
    },
  }));
  return { daysPerMonth: 30, workloads };
}

interface Sample {
  readonly linesPerSecond: number;
  readonly forecastMs: number;
  readonly validatedMs: number;
  readonly checksum: string;
  readonly expected: string;
}

const N = 1_000_000;
const PROFILES = 10_000;

/** One round of every measure on one engine. */
function measure(engine: Engine, items: LineItem[], doc: UsageDocument): Sample {
  const catalog = engine.Catalog.embedded();
  const t0 = process.hrtime.bigint();
  let total = engine.Dec.ZERO;
  for (const item of items) {
    total = total.plus(engine.priceLine(catalog, item, AS_OF, 'bench').cost);
  }
  const t1 = process.hrtime.bigint();
  const forecast = engine.forecastUsage(catalog, doc, { asOf: AS_OF });
  const t2 = process.hrtime.bigint();
  engine.forecastUsage(catalog, engine.checkUsage(JSON.parse(JSON.stringify(doc)), 'bench'), { asOf: AS_OF });
  const t3 = process.hrtime.bigint();
  return {
    linesPerSecond: N / (Number(t1 - t0) / 1e9),
    forecastMs: Number(t2 - t1) / 1e6,
    validatedMs: Number(t3 - t2) / 1e6,
    checksum: total.round(2, 'half-up').toFixed(2),
    expected: forecast.total.expected.round(2, 'half-up').toFixed(2),
  };
}

const range = (values: number[], digits: number) => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

export function benchPricing(rounds = 7): string {
  const baselineRoot = process.env.BENCH_BASELINE;
  const engines = new Map<string, Engine>([['this', THIS], ...(baselineRoot ? [['baseline', engineAt(baselineRoot)] as [string, Engine]] : [])]);
  const inputs = new Map([...engines].map(([name, engine]) => [name, { items: lineItems(engine, N), doc: usage(PROFILES) }]));
  // Round 0 of each engine is the warm-up.
  const all = pairedRounds(rounds + 1, [...engines.keys()], name => measure(engines.get(name)!, inputs.get(name)!.items, inputs.get(name)!.doc));
  const samples = new Map([...all].map(([name, list]) => [name, list.slice(1)]));
  const mine = samples.get('this')!;
  const lines = PROFILES * 5;
  const out = [
    `### Pricing engine (${rounds} rounds after a warm-up, ${os.cpus().length} CPUs, Node ${process.version})`,
    '',
    '| measure | median | min–max | goal |',
    '|---|---:|---:|---:|',
    `| priced line items per second (1,000,000 lines: lookup + exact multiply + exact sum) | ${fmt(median(mine.map(s => s.linesPerSecond)))} | `
      + `${range(mine.map(s => s.linesPerSecond), 0)} | ≥ 1,000,000 |`,
    `| forecast 10,000 usage profiles (${fmt(lines)} priced lines, growth, band), ms | ${fmt(median(mine.map(s => s.forecastMs)), 1)} | `
      + `${range(mine.map(s => s.forecastMs), 1)} | < 200 |`,
    `| the same including JSON Schema validation of the usage document, ms | ${fmt(median(mine.map(s => s.validatedMs)), 1)} | `
      + `${range(mine.map(s => s.validatedMs), 1)} | |`,
    '',
    `Checksums: 1,000,000 lines = ${mine[0].checksum} USD; 10,000 profiles = ${mine[0].expected} USD a month.`,
  ];
  const base = samples.get('baseline');
  if (base) {
    // Per paired round: this engine's cost relative to the baseline's (> 1 is slower).
    const ratio = (f: (s: Sample) => number, higherIsBetter: boolean) =>
      median(mine.map((s, i) => (higherIsBetter ? f(base[i]) / f(s) : f(s) / f(base[i]))));
    const row = (label: string, f: (s: Sample) => number, digits: number, higherIsBetter: boolean) =>
      `| ${label} | ${fmt(median(base.map(f)), digits)} | ${fmt(median(mine.map(f)), digits)} | ${ratio(f, higherIsBetter).toFixed(3)} |`;
    out.push('', `Side by side with the baseline at ${baselineRoot} (same process, alternating order):`, '',
      '| measure | baseline median | this median | cost ratio (this / baseline, median of paired rounds) |',
      '|---|---:|---:|---:|',
      row('priced line items per second', s => s.linesPerSecond, 0, true),
      row('forecast 10,000 usage profiles, ms', s => s.forecastMs, 1, false),
      row('the same with JSON Schema validation, ms', s => s.validatedMs, 1, false),
      '',
      `Baseline checksums: ${base[0].checksum} USD; ${base[0].expected} USD a month.`);
  }
  return out.join('\n');
}
