/**
 * The time a custom-resource handler of this library has, shared by the construct that sets
 * the Lambda timeout and the handler that spends it (no aws-cdk-lib here: handlers bundle it).
 */

/** The Lambda timeout of every handler. */
export const HANDLER_TIMEOUT_SECONDS = 120;

/**
 * What a handler may spend on AWS calls and waits between them; the rest of the timeout is
 * left for start-up and for answering CloudFormation.
 */
export const HANDLER_BUDGET_MS = 100_000;

/** The longest one AWS call may take: each call is aborted after this. */
export const CALL_TIMEOUT_MS = 12_000;

/**
 * A point in time past which no call is started and no wait begins that could not finish in
 * time. Worst case, a handler spends `HANDLER_BUDGET_MS`: a call starts only when a whole
 * `CALL_TIMEOUT_MS` still fits, and a wait only when it and the next call fit.
 */
export class Deadline {
  private readonly end: number;

  constructor(private readonly now: () => number, budgetMs = HANDLER_BUDGET_MS) {
    this.end = now() + budgetMs;
  }

  /** Whether a call (after a wait of `waitMs`) still fits. */
  public fits(waitMs = 0): boolean {
    return this.now() + waitMs + CALL_TIMEOUT_MS <= this.end;
  }

  public remainingMs(): number {
    return Math.max(0, this.end - this.now());
  }
}
