/** A worker thread of `readInvocationLogs`: reads its files and posts the sums. */
import { parentPort, workerData } from 'worker_threads';
import { InvocationLogAggregator } from './invocation-log-reader';
import { WorkerReply } from './read-logs';
import { CostProfilesError } from '../core/errors';

async function main(): Promise<WorkerReply> {
  const aggregator = new InvocationLogAggregator({ metadataKeys: workerData.metadataKeys as string[] });
  try {
    for (const file of workerData.files as string[]) {
      await aggregator.readFile(file);
    }
    return { result: aggregator.result() };
  } catch (e) {
    const error = e as Error;
    return e instanceof CostProfilesError
      ? { error: { message: error.message, location: e.location, field: e.field, problem: e.problem, fix: e.fix } }
      : { error: { message: error.message } };
  }
}

void main().then(reply => parentPort!.postMessage(reply));
