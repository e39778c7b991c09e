/**
 * Price List import: "bedrock-cost prices import" on synthetic offer files of the real size, each
 * run in a fresh process (peak memory is its own); rounds alternate the order; medians.
 *
 * No real offer file is at hand offline. Public material gives the sizes of the current whole
 * files (2026): AmazonBedrock about 17 MB, AmazonBedrockFoundationModels about 5.9 MB,
 * AmazonBedrockService under 2 MB. One SKU (product + OnDemand term) takes about 1,320 bytes in
 * AWS's layout, so the synthetic files hold 12,960, 4,500 and 1,500 SKUs of the real shapes
 * (test/helpers/price-list-fixtures.ts): every usagetype scheme, known and unknown models, 24
 * Regions, reserved-tier SKUs, skipped kinds (image tokens, custom-model).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fmt, median, pairedRounds } from './stats';
import { Offer, REGION_PREFIXES, SkuSpec, syntheticSkus, writeOfferFile } from '../test/helpers/price-list-fixtures';

interface Run {
  readonly ms: number;
  /** CPU time (user + system): the work done, less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly prices: number;
  readonly summary: string;
  readonly code: string;
}

const REAL_SIZES: Array<[Offer, number]> = [['AmazonBedrock', 12_960], ['AmazonBedrockFoundationModels', 4_500], ['AmazonBedrockService', 1_500]];

function once(files: string[], output: string): Run {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'price-list.child.ts'), output, ...files], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`price-list child failed: ${child.stderr}`);
  }
  return JSON.parse(child.stdout);
}

/** The same SKUs as one file per offer and Region (what "prices refresh --region" downloads). */
function perRegion(dir: string, offer: Offer, count: number): string[] {
  const all = [...syntheticSkus(offer, count)];
  return Object.keys(REGION_PREFIXES).flatMap(region => {
    const specs: SkuSpec[] = all.filter(s => s.region === region);
    if (specs.length === 0) {
      return [];
    }
    const file = path.join(dir, `${offer}-${region}.json`);
    writeOfferFile(file, offer, () => specs);
    return [file];
  });
}

export function benchPriceList(rounds: number): string {
  const base = path.join(process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'bedrock-cost-bench'), 'price-list');
  fs.mkdirSync(path.join(base, 'regions'), { recursive: true });
  const sets: Record<string, { files: string[]; bytes: number; skus: number }> = {};
  const whole = REAL_SIZES.map(([offer, count]) => {
    const file = path.join(base, `${offer}.json`);
    return { file, bytes: writeOfferFile(file, offer, () => syntheticSkus(offer, count)) };
  });
  const skus = REAL_SIZES.reduce((n, [, c]) => n + c, 0);
  sets['whole offer files, all Regions (real size)'] = { files: whole.map(w => w.file), bytes: whole.reduce((n, w) => n + w.bytes, 0), skus };
  const regional = REAL_SIZES.flatMap(([offer, count]) => perRegion(path.join(base, 'regions'), offer, count));
  sets['the same, one file per offer and Region'] = { files: regional, bytes: regional.reduce((n, f) => n + fs.statSync(f).size, 0), skus };
  const big = path.join(base, 'AmazonBedrock-4x.json');
  sets['AmazonBedrock at 4× the real size (one file)'] = { files: [big], bytes: writeOfferFile(big, 'AmazonBedrock', () => syntheticSkus('AmazonBedrock', 4 * 12_960)), skus: 4 * 12_960 };

  const output = path.join(base, 'prices.json');
  const results = pairedRounds(rounds, Object.keys(sets), label => once(sets[label].files, output));
  const rows = Object.entries(sets).map(([label, set]) => {
    const runs = results.get(label)!;
    const ms = median(runs.map(r => r.ms));
    return `| ${label} | ${set.files.length} | ${fmt(set.bytes / 1e6, 1)} MB | ${fmt(set.skus)} | ${fmt(runs[0].prices)} | ${fmt(ms)} ms `
      + `(${fmt(Math.min(...runs.map(r => r.ms)))}–${fmt(Math.max(...runs.map(r => r.ms)))}) | ${fmt(median(runs.map(r => r.cpuMs)))} ms | `
      + `${fmt(set.bytes / 1e6 / (ms / 1000), 1)} MB/s | ${fmt(median(runs.map(r => r.maxRssMb)))} MB |`;
  });
  const first = results.get(Object.keys(sets)[0])![0];
  const load = os.loadavg()[0];
  return [
    `### Price List import: synthetic offer files of the real size, ${rounds} rounds (medians)`,
    '',
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load.toFixed(1)} at the end; code from ${first.code}. Each run is "bedrock-cost prices import <files> --output" in a fresh process: `
      + 'read and validate, classify every SKU, check the price file loads, write it. Summary of the real-size run: '
      + `"${first.summary}"`,
    '',
    '| Input | Files | Size | SKUs | Prices written | Wall time (min–max) | CPU time | Throughput | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
