/**
 * The one error class this library throws for bad input.
 *
 * Kept free of aws-cdk-lib so the pricing engine and the CLI can throw it too. The message
 * always says where (construct path or config path), which field, what is wrong, the bad
 * value and how to fix it.
 *
 * Not exported through jsii (jsii cannot represent subclasses of `Error`); use
 * `CostProfilesErrors.isCostProfilesError(x)` from any language, or import this class from
 * `cdk-bedrock-cost-profiles/lib/core/errors` in TypeScript.
 */
export class CostProfilesError extends Error {
  /** Construct path, config path or file where the bad value was found. */
  public readonly location: string;
  /** The property or field that holds the bad value. */
  public readonly field: string;
  /** What is wrong, without location or fix. */
  public readonly problem: string;
  /** How to fix it. */
  public readonly fix: string;
  /** The bad value, rendered for humans (truncated). */
  public readonly badValue: string;

  constructor(details: CostProfilesErrorDetails) {
    const badValue = details.renderedValue ?? ('value' in details ? renderValue(details.value) : '');
    const shown = badValue ? ` (got ${badValue})` : '';
    super(`${details.location}: ${details.field} ${details.problem}${shown}. ${details.fix}`);
    this.name = 'CostProfilesError';
    this.location = details.location;
    this.field = details.field;
    this.problem = details.problem;
    this.fix = details.fix;
    this.badValue = badValue;
    Object.setPrototypeOf(this, CostProfilesError.prototype);
  }

  /** The same error reported at another location and field. */
  public relocated(location: string, field: string): CostProfilesError {
    return new CostProfilesError({ location, field, problem: this.problem, fix: this.fix, renderedValue: this.badValue });
  }
}

/** What a `CostProfilesError` is made of. */
export interface CostProfilesErrorDetails {
  readonly location: string;
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
  /** The bad value; omit when there is none to show. */
  readonly value?: unknown;
  /** The bad value already rendered (when relocating an error). */
  readonly renderedValue?: string;
}

/** Bad values are shown this far at most: documents may hold secrets (a mistaken .env, say). */
const MAX_RENDERED = 40;

/** JSON-ish rendering of a bad value, short enough for one line of an error message. */
export function renderValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (value === undefined) {
    text = 'undefined';
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_RENDERED ? `${text.slice(0, MAX_RENDERED)}…(${text.length} chars)` : text;
}

/**
 * The first line of a parser's error message, for a problem text: quoted excerpts of the input
 * cut to MAX_RENDERED characters, the whole at most 160.
 */
export function parserMessage(error: unknown): string {
  const first = String((error as Error)?.message ?? error).split('\n')[0];
  const cut = first.replace(/"([^"]*)"/g, (_, inner: string) => (inner.length > MAX_RENDERED ? `"${inner.slice(0, MAX_RENDERED)}…"` : `"${inner}"`));
  return cut.length > 160 ? `${cut.slice(0, 160)}…` : cut;
}

/**
 * jsii-safe helpers to recognise this library's errors from any language.
 */
export class CostProfilesErrors {
  /** True when `x` was thrown by this library because of bad input. */
  public static isCostProfilesError(x: any): boolean {
    return x instanceof CostProfilesError;
  }

  private constructor() {}
}
