import { Deadline, HANDLER_BUDGET_MS, HANDLER_TIMEOUT_SECONDS, CALL_TIMEOUT_MS } from './handler-budget';

/**
 * One retry policy for the custom-resource handlers: full-jitter exponential backoff on
 * throttling, timeouts and 5xx, each attempt aborted after CALL_TIMEOUT_MS, and no attempt (nor
 * a wait before one) that would end past the invocation's time budget. No aws-cdk-lib here:
 * handlers bundle it.
 */
export interface RetrySchedule {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRIES: RetrySchedule = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5_000 };

export interface RetryEnvironment {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly deadline: Deadline;
}

/** An error after which no more attempts were made, with how many there were (0: out of time before the first). */
export class RetriesExhausted extends Error {
  constructor(
    public readonly what: string,
    public readonly cause: Error | undefined,
    public readonly attempts: number,
    public readonly outOfTime: boolean,
  ) {
    const budget = `the handler's time budget (${HANDLER_BUDGET_MS / 1000} s of its ${HANDLER_TIMEOUT_SECONDS} s timeout) is spent.`;
    super(cause === undefined ? `${what} was not attempted: ${budget}`
      : outOfTime ? `${what} failed (${cause.name}: ${cause.message}) and was not tried again after ${attempts} attempt(s): ${budget}`
        : `${what} still failed after ${attempts} attempts (${cause.name}: ${cause.message}).`);
    this.name = 'RetriesExhausted';
  }
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailableException', 'InternalServerException', 'RequestTimeout', 'TimeoutError',
  'AbortError',
]);

export function retryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return RETRYABLE_NAMES.has(e.name ?? '') || status === 429 || status >= 500;
}

/**
 * Calls until success. `scheduleFor` says whether (and on which schedule) an error is retried:
 * by default the retryable ones on DEFAULT_RETRIES. A non-retryable error is thrown as is; a
 * retryable one that runs out of attempts or time as `RetriesExhausted`.
 */
export async function withRetries<T>(what: string, call: (signal: AbortSignal) => Promise<T>, env: RetryEnvironment,
  scheduleFor: (error: Error) => RetrySchedule | undefined = e => (retryable(e) ? DEFAULT_RETRIES : undefined)): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1 && !env.deadline.fits()) {
      throw new RetriesExhausted(what, undefined, 0, true);
    }
    try {
      return await call(AbortSignal.timeout(CALL_TIMEOUT_MS));
    } catch (e) {
      const schedule = scheduleFor(e as Error);
      if (schedule === undefined) {
        throw e;
      }
      if (attempt >= schedule.attempts) {
        throw new RetriesExhausted(what, e as Error, attempt, false);
      }
      const delay = Math.floor(env.random() * Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** (attempt - 1)));
      if (!env.deadline.fits(delay)) {
        throw new RetriesExhausted(what, e as Error, attempt, true);
      }
      await env.sleep(delay);
    }
  }
}
