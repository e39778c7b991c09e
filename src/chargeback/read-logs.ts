import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { groupKey, InvocationLogAggregator, MAX_EXAMPLES, ReadResult, UsageGroup } from './invocation-log-reader';
import { collectLogFiles, SkippedLogFile } from './log-files';
import { CostProfilesError } from '../core/errors';

export interface ReadOptions {
  /**
   * Worker threads reading files in parallel (a file is read by one thread).
   * @default - the number of CPUs, at most one per file
   */
  readonly jobs?: number;
  /** Sum per value of these `requestMetadata` keys too (`--by metadata.<key>`). */
  readonly metadataKeys?: readonly string[];
}

/** What a worker posts back. */
export type WorkerReply =
  | { readonly result: ReadResult }
  | { readonly error: { message: string; location?: string; field?: string; problem?: string; fix?: string } };

/**
 * Reads and sums invocation logs under `paths`, in parallel across files. The result does not
 * depend on the number of threads: groups are summed by key and sorted, malformed-line
 * examples are the first in file order.
 */
export async function readInvocationLogs(paths: string[], options: ReadOptions = {}): Promise<ReadResult> {
  const { files, skipped } = collectLogFiles(paths);
  const jobs = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), files.length));
  let parts: ReadResult[];
  if (jobs === 1) {
    const aggregator = new InvocationLogAggregator({ metadataKeys: options.metadataKeys });
    for (const file of files) {
      await aggregator.readFile(file);
    }
    parts = [aggregator.result()];
  } else {
    parts = await Promise.all(partition(files, jobs).map(part => runWorker(part, options.metadataKeys ?? [])));
  }
  return merge(parts, files, skipped);
}

/** Largest files first, each to the least-loaded worker. */
function partition(files: string[], jobs: number): string[][] {
  const bins = Array.from({ length: jobs }, () => ({ bytes: 0, files: [] as string[] }));
  const sized = files.map(file => ({ file, bytes: fs.statSync(file).size })).sort((a, b) => b.bytes - a.bytes);
  for (const { file, bytes } of sized) {
    const bin = bins.reduce((least, b) => (b.bytes < least.bytes ? b : least));
    bin.files.push(file);
    bin.bytes += bytes;
  }
  return bins.map(b => b.files).filter(f => f.length > 0);
}

function runWorker(files: string[], metadataKeys: readonly string[]): Promise<ReadResult> {
  // From TypeScript sources (tests, ts-node) the worker needs ts-node too.
  const fromSource = __filename.endsWith('.ts');
  const script = path.join(__dirname, `read-worker.${fromSource ? 'ts' : 'js'}`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { files, metadataKeys }, execArgv: fromSource ? ['-r', 'ts-node/register/transpile-only'] : [] });
    worker.once('message', (reply: WorkerReply) => {
      if ('result' in reply) {
        resolve(reply.result);
      } else {
        const e = reply.error;
        reject(e.location !== undefined
          ? new CostProfilesError({ location: e.location, field: e.field ?? '', problem: e.problem ?? e.message, fix: e.fix ?? '' })
          : new Error(e.message));
      }
    });
    worker.once('error', reject);
    worker.once('exit', code => {
      if (code !== 0) {
        reject(new Error(`a log-reading worker exited with code ${code}`));
      }
    });
  });
}

function merge(parts: ReadResult[], files: string[], skipped: SkippedLogFile[]): ReadResult {
  const groups = new Map<string, UsageGroup>();
  for (const part of parts) {
    for (const g of part.groups) {
      const key = groupKey(g);
      const existing = groups.get(key);
      if (existing === undefined) {
        groups.set(key, { ...g });
      } else {
        existing.calls += g.calls;
        existing.inputTokens += g.inputTokens;
        existing.cacheReadInputTokens += g.cacheReadInputTokens;
        existing.cacheWriteInputTokens += g.cacheWriteInputTokens;
        existing.outputTokens += g.outputTokens;
      }
    }
  }
  const order = new Map(files.map((f, i) => [f, i]));
  const examples = parts.flatMap(p => p.malformedExamples)
    .sort((a, b) => (order.get(a.file)! - order.get(b.file)!) || (a.line ?? 0) - (b.line ?? 0) || a.item.localeCompare(b.item))
    .slice(0, MAX_EXAMPLES);
  const sum = (pick: (r: ReadResult) => number) => parts.reduce((total, p) => total + pick(p), 0);
  return {
    files: files.length,
    records: sum(p => p.records),
    groups: [...groups.values()].sort(compareGroups),
    malformed: sum(p => p.malformed),
    malformedExamples: examples,
    ignored: sum(p => p.ignored),
    skipped,
  };
}

function compareGroups(a: UsageGroup, b: UsageGroup): number {
  return a.modelId.localeCompare(b.modelId) || a.region.localeCompare(b.region) || a.day.localeCompare(b.day) || a.caller.localeCompare(b.caller)
    || JSON.stringify(a.metadata).localeCompare(JSON.stringify(b.metadata));
}
