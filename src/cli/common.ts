/** What every bedrock-cost command shares. */
import * as fs from 'fs';
import { CostProfilesError } from '../core/errors';
import { isIsoDate } from '../core/iso-date';

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
  if (!isIsoDate(text)) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, one that exists (got "${String(value).slice(0, 40)}")`);
  }
  return text;
}

/**
 * Writes a command's output to `--output`, or to standard output. A path that cannot be written
 * (a directory, a full disk, a FIFO nobody reads) is a CostProfilesError naming it (exit 1).
 */
export function writeOutput(text: string, output: unknown, io: Io): void {
  if (output === undefined) {
    io.out(text);
    return;
  }
  const file = String(output);
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO without a reader fails at once instead of waiting for one.
    // eslint-disable-next-line no-bitwise -- open(2) flags are a bit set
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NONBLOCK ?? 0), 0o644);
    fs.writeFileSync(fd, text);
  } catch (e) {
    throw new CostProfilesError({
      location: file,
      field: '--output',
      problem: `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      fix: 'Give a file in a directory you can write to, on a disk with space left.',
    });
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

/** Values of a repeatable string option. */
export function listOption(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}
