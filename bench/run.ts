/**
 * `npm run bench [name...]`: prints each benchmark's figures as markdown (copy them into
 * BENCHMARKS.md). Names: profiles, pricing, chargeback, vending, cur-queries, price-list, actuals.
 */
import { benchActuals } from './actuals';
import { benchChargeback } from './chargeback';
import { benchCurQueries } from './cur-queries';
import { benchPriceList } from './price-list';
import { benchPricing } from './pricing';
import { benchProfilesSynth } from './profiles-synth';
import { benchVending } from './vending';

const BENCHMARKS: Record<string, () => string> = {
  'profiles': () => benchProfilesSynth(Number(process.env.BENCH_PROFILES ?? 1000), Number(process.env.BENCH_ROUNDS ?? 7)),
  'pricing': () => benchPricing(Number(process.env.BENCH_ROUNDS ?? 9)),
  'vending': () => benchVending(
    (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number),
    profiles => Number(process.env.BENCH_ROUNDS ?? (profiles >= 10000 ? 3 : 5)),
  ),
  'chargeback': () => benchChargeback(Number(process.env.BENCH_RECORDS ?? 1_000_000), Number(process.env.BENCH_ROUNDS ?? 5)),
  'actuals': () => benchActuals(Number(process.env.BENCH_PROFILES ?? 10_000), Number(process.env.BENCH_ROUNDS ?? 5), Number(process.env.BENCH_PAGE_SIZE ?? 1000)),
  'cur-queries': () => benchCurQueries(Number(process.env.BENCH_LINES ?? 1_000_000), Number(process.env.BENCH_ROUNDS ?? 5)),
  'price-list': () => benchPriceList(Number(process.env.BENCH_ROUNDS ?? 5)),
};

const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(BENCHMARKS);
for (const name of selected) {
  const bench = BENCHMARKS[name];
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  console.log(bench());
  console.log();
}
