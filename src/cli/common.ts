/** What every bedrock-cost command shares. */

/** Where a command writes; injectable so tests run the CLI in-process. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: Io = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

/** A mistake on the command line (exit code 2), as opposed to bad input files (exit code 1). */
export class UsageError extends Error {}

/** Checks the --format option. */
export function formatOption(value: unknown, allowed: readonly string[], fallback: string): string {
  const format = value === undefined ? fallback : String(value);
  if (!allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${format}")`);
  }
  return format;
}

/** Checks a --as-of option. */
export function dateOption(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const text = String(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD (got "${text}")`);
  }
  return text;
}

/** Values of a repeatable string option. */
export function listOption(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}
