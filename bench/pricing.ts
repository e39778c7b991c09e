/**
 * Issue #3: priced line items per second (exact arithmetic) and the time to forecast 10,000
 * usage profiles. Medians of several rounds in one process, after a warm-up round.
 */
import * as os from 'os';
import { fmt, median } from './stats';
import { Catalog } from '../src/pricing/catalog';
import { Dec } from '../src/pricing/decimal';
import { forecastUsage, LineItem, priceLine, UsageDocument, WorkloadSpec } from '../src/pricing/forecast';
import { checkUsage } from '../src/pricing/usage';

const AS_OF = '2025-03-01';
const MIX: Array<[string, string, string]> = [
  ['anthropic.claude-3-5-sonnet', 'input-tokens', 'us-west-2'],
  ['anthropic.claude-3-5-sonnet', 'output-tokens', 'us-west-2'],
  ['anthropic.claude-3-5-sonnet', 'cache-read-input-tokens', 'us-east-1'],
  ['anthropic.claude-3-5-haiku', 'batch-input-tokens', 'us-east-1'],
  ['amazon.nova-micro', 'cache-read-input-tokens', 'us-east-1'],
  ['amazon.nova-pro', 'output-tokens', 'us-east-1'],
  ['anthropic.claude-3-haiku', 'input-tokens', 'eu-central-1'],
  ['guardrails.content-filter', 'text-units', '*'],
  ['anthropic.claude-instant', 'provisioned-1-month', 'us-west-2'],
  ['cohere.command', 'input-tokens', 'eu-west-1'],
];

function lineItems(n: number): LineItem[] {
  return Array.from({ length: n }, (_, i) => {
    const [item, meter, region] = MIX[i % MIX.length];
    return { item, meter, region, quantity: Dec.fromBigInt(BigInt(1 + ((i * 7919) % 5_000_000))), dimension: meter, variable: true, path: `lines[${i}]` };
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

export function benchPricing(rounds = 7): string {
  const catalog = Catalog.embedded();
  const N = 1_000_000;
  const items = lineItems(N);
  const linesPerSecond: number[] = [];
  let checksum = Dec.ZERO;
  for (let round = 0; round <= rounds; round++) {
    const t0 = process.hrtime.bigint();
    let total = Dec.ZERO;
    for (const item of items) {
      total = total.plus(priceLine(catalog, item, AS_OF, 'bench').cost);
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (round > 0) {
      linesPerSecond.push(N / seconds);
    }
    checksum = total;
  }

  const PROFILES = 10_000;
  const doc = usage(PROFILES);
  const forecastMs: number[] = [];
  const validatedMs: number[] = [];
  let expected = '';
  for (let round = 0; round <= rounds; round++) {
    const t0 = process.hrtime.bigint();
    const forecast = forecastUsage(catalog, doc, { asOf: AS_OF });
    const t1 = process.hrtime.bigint();
    forecastUsage(catalog, checkUsage(JSON.parse(JSON.stringify(doc)), 'bench'), { asOf: AS_OF });
    const t2 = process.hrtime.bigint();
    if (round > 0) {
      forecastMs.push(Number(t1 - t0) / 1e6);
      validatedMs.push(Number(t2 - t1) / 1e6);
    }
    expected = forecast.total.expected.round(2, 'half-up').toFixed(2);
  }
  const lines = doc.workloads.length * 5;
  return [
    `### Pricing engine (${rounds} rounds after a warm-up, ${os.cpus().length} CPUs, Node ${process.version})`,
    '',
    '| measure | median | min–max | goal |',
    '|---|---:|---:|---:|',
    `| priced line items per second (1,000,000 lines: lookup + exact multiply + exact sum) | ${fmt(median(linesPerSecond))} | `
      + `${fmt(Math.min(...linesPerSecond))}–${fmt(Math.max(...linesPerSecond))} | ≥ 1,000,000 |`,
    `| forecast 10,000 usage profiles (${fmt(lines)} priced lines, growth, band), ms | ${fmt(median(forecastMs), 1)} | `
      + `${fmt(Math.min(...forecastMs), 1)}–${fmt(Math.max(...forecastMs), 1)} | < 200 |`,
    `| the same including JSON Schema validation of the usage document, ms | ${fmt(median(validatedMs), 1)} | `
      + `${fmt(Math.min(...validatedMs), 1)}–${fmt(Math.max(...validatedMs), 1)} | |`,
    '',
    `Checksums: 1,000,000 lines = ${checksum.round(2, 'half-up').toFixed(2)} USD; 10,000 profiles = ${expected} USD a month.`,
  ].join('\n');
}
