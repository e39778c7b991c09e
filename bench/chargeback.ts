/**
 * Chargeback throughput: `bedrock-cost chargeback`'s reader and pricer over generated
 * invocation logs (1,000,000 records by default), each variant in a fresh process so peak
 * memory is its own; rounds alternate the order; medians.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateLogs, LogSet, PROFILE_ARNS } from './invocation-log-data';
import { fmt, median, pairedRounds } from './stats';

interface Run {
  readonly ms: number;
  readonly records: number;
  readonly malformed: number;
  readonly totalUsd: string;
  readonly maxRssMb: number;
  readonly code: string;
}

function mappingFile(dir: string): string {
  const file = path.join(dir, 'mapping.yaml');
  const lines = ['profiles:'];
  PROFILE_ARNS.forEach((arn, i) => lines.push(
    `  - arn: ${arn}`,
    `    name: service-${i}`,
    `    model: ${i % 3 === 0 ? 'us.anthropic.claude-3-5-haiku-20241022-v1:0' : 'anthropic.claude-3-5-sonnet-20241022-v2:0'}`,
    `    tags: { Team: team-${i % 4} }`,
  ));
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function once(mapping: string, jobs: number, paths: string[], metadataKeys: string[] = []): Run {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'chargeback.child.ts'), mapping, String(jobs), ...paths], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json'), BENCH_METADATA_KEYS: metadataKeys.join(',') },
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`chargeback child failed: ${child.stderr}`);
  }
  return JSON.parse(child.stdout);
}

export function benchChargeback(records: number, rounds: number): string {
  const base = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'bedrock-cost-bench');
  fs.mkdirSync(base, { recursive: true });
  const mapping = mappingFile(base);
  const sets: Array<LogSet & { label: string; metadataKeys?: string[] }> = [
    { label: 'gzip, with prompt/completion bodies', records, files: 16, bodies: true, gzip: true },
    { label: 'plain JSON lines, with bodies', records, files: 16, bodies: true, gzip: false },
    { label: 'gzip, metadata only (text delivery off)', records, files: 16, bodies: false, gzip: true },
    {
      label: 'gzip, with bodies and requestMetadata, --by metadata.team --by metadata.user',
      records,
      files: 16,
      bodies: true,
      gzip: true,
      metadata: true,
      metadataKeys: ['team', 'user'],
    },
  ];
  const prepared = sets.map(set => {
    const dir = path.join(base, `logs-${set.records}-${set.files}-${set.bodies ? 'bodies' : 'meta'}-${set.gzip ? 'gz' : 'plain'}${set.metadata ? '-request-metadata' : ''}`);
    const { paths, bytes } = generateLogs(dir, set);
    return { ...set, paths, bytes };
  });
  const jobs = [1, Math.max(2, os.availableParallelism())];
  const variants = prepared.flatMap(p => jobs.map(j => `${p.label}|${j}`));
  const results = pairedRounds(rounds, variants, variant => {
    const [label, j] = variant.split('|');
    const set = prepared.find(p => p.label === label)!;
    return once(mapping, Number(j), set.paths, set.metadataKeys);
  });

  const rows: string[] = [];
  let code = '';
  let total = '';
  for (const p of prepared) {
    for (const j of jobs) {
      const runs = results.get(`${p.label}|${j}`)!;
      code = runs[0].code;
      total = runs[0].totalUsd;
      if (runs.some(r => r.records !== p.records || r.malformed !== 0)) {
        throw new Error(`a run read ${runs.map(r => r.records)} records, expected ${p.records}`);
      }
      const ms = median(runs.map(r => r.ms));
      rows.push(`| ${p.label} | ${fmt(p.bytes / p.records)} B | ${j} | ${fmt(ms)} ms | ${fmt(p.records / (ms / 1000))} | ${fmt(p.bytes / 1e6 / (ms / 1000))} MB/s | `
        + `${fmt(median(runs.map(r => r.maxRssMb)))} MB |`);
    }
  }
  return [
    `### Chargeback: ${fmt(records)} invocation records, ${prepared[0].files} files, ${rounds} rounds (medians)`,
    '',
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); code from ${code}; total priced ${total} USD (same every run).`,
    '',
    '| Logs | Record size | Threads | Time | Records/s | Uncompressed MB/s | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
