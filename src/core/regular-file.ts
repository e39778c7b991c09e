import * as fs from 'fs';
import { CostProfilesError } from './errors';

/**
 * Reading user-named files safely: only regular files (a FIFO, a device such as /dev/zero or a
 * socket would block or never end), and text documents only up to a size that parses in
 * memory. Free of aws-cdk-lib, like the rest of core, so the pricing engine and CLI use it.
 */

/** The largest price, usage, mapping, vending or report document read whole. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Opens `file` for reading and returns its descriptor, or throws a `CostProfilesError` when it
 * cannot be opened or is not a regular file. Checked on the open descriptor, so the file cannot
 * be swapped between the check and the read; opened non-blocking, so a FIFO without a writer
 * is refused instead of waited for.
 */
export function openRegularFile(file: string, what: string): number {
  let fd: number;
  try {
    // eslint-disable-next-line no-bitwise -- open(2) flags are a bit set
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new CostProfilesError({ location: file, field: what, problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'Check the path.' });
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw notRegular(file, what, stat);
  }
  return fd;
}

/** The error for a path that exists but is no regular file. */
export function notRegular(file: string, what: string, stat: fs.Stats): CostProfilesError {
  return new CostProfilesError({
    location: file,
    field: what,
    problem: `is not a regular file but ${kindOf(stat)}`,
    fix: 'Give a regular file (copy the data into one first).',
  });
}

/** A whole UTF-8 text file, at most `maxBytes` long. */
export function readTextFile(file: string, what: string, maxBytes = MAX_TEXT_FILE_BYTES): string {
  const fd = openRegularFile(file, what);
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) {
      throw tooLarge(file, what, size, maxBytes);
    }
    // Read to the end, not to the size stat gave: the file may grow meanwhile (and stays capped).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(size + 1, maxBytes + 1) - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) {
        break;
      }
      total += read;
      if (total > maxBytes) {
        throw tooLarge(file, what, total, maxBytes);
      }
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf-8');
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(file: string, what: string, bytes: number, maxBytes: number): CostProfilesError {
  return new CostProfilesError({
    location: file,
    field: what,
    problem: `is larger than ${mebibytes(maxBytes)} (${bytes > maxBytes * 2 ? 'more than ' : ''}${mebibytes(Math.min(bytes, maxBytes * 2))})`,
    fix: 'Check that this is the file you meant; split a larger one.',
  });
}

/** `64 MiB`, for messages. */
export function mebibytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

function kindOf(stat: fs.Stats): string {
  return stat.isDirectory() ? 'a directory'
    : stat.isFIFO() ? 'a FIFO (named pipe)'
      : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device'
        : stat.isSocket() ? 'a socket' : 'a special file';
}
