import * as fs from 'fs';
import * as path from 'path';
import { CostProfilesError } from '../core/errors';
import { notRegular, openRegularFile } from '../core/regular-file';

/** An input left out because another input holds the same records. */
export interface SkippedLogFile {
  readonly file: string;
  /** The input read instead. */
  readonly sameAs: string;
  readonly reason: string;
}

export interface LogFiles {
  /** The files to read, in the order given (directories walked, sorted). */
  readonly files: string[];
  readonly skipped: SkippedLogFile[];
}

const GZIP_SUFFIX = '.gz';

/**
 * The invocation-log files under `paths`: directories walked (sorted, hidden entries skipped,
 * each real directory once), regular files only, and each log once. The same file reached twice
 * (named twice, through a symbolic link, or inside a directory also given) is read once. So is a
 * log next to its gzip copy (`a.jsonl` and `a.jsonl.gz`, as `gzip -k` leaves them): the plain
 * one is read when the gzip trailer shows the same length; a pair that differs is an error,
 * because charging both could count calls twice and charging one could miss some.
 */
export function collectLogFiles(paths: string[]): LogFiles {
  const files: string[] = [];
  const skipped: SkippedLogFile[] = [];
  const byRealPath = new Map<string, string>();
  const walkedDirectories = new Set<string>();
  const visit = (p: string) => {
    let stat: fs.Stats;
    let real: string;
    try {
      stat = fs.statSync(p);
      real = fs.realpathSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CostProfilesError({
        location: p,
        field: '(path)',
        problem: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (e as Error).message})`,
        fix: 'Give invocation-log files or directories.',
      });
    }
    if (stat.isDirectory()) {
      if (walkedDirectories.has(real)) {
        return;
      }
      walkedDirectories.add(real);
      for (const entry of fs.readdirSync(p).sort()) {
        if (!entry.startsWith('.')) {
          visit(path.join(p, entry));
        }
      }
    } else if (!stat.isFile()) {
      throw notRegular(p, '(path)', stat);
    } else {
      const first = byRealPath.get(real);
      if (first !== undefined) {
        skipped.push({ file: p, sameAs: first, reason: 'the same file' });
      } else {
        byRealPath.set(real, p);
        files.push(p);
      }
    }
  };
  paths.forEach(visit);
  return dropGzipCopies(files, byRealPath, skipped);
}

/** Leaves out `x.gz` where `x` is read too and holds as many bytes as the gzip trailer says. */
function dropGzipCopies(files: string[], byRealPath: Map<string, string>, skipped: SkippedLogFile[]): LogFiles {
  const realOf = new Map([...byRealPath].map(([real, given]) => [given, real]));
  const dropped = new Set<string>();
  for (const file of files) {
    const real = realOf.get(file)!;
    if (!real.endsWith(GZIP_SUFFIX)) {
      continue;
    }
    const plain = byRealPath.get(real.slice(0, -GZIP_SUFFIX.length));
    if (plain === undefined) {
      continue;
    }
    const uncompressed = gzipTrailerLength(file);
    if (uncompressed === undefined) {
      continue; // not gzip after all: two different files
    }
    const plainBytes = fs.statSync(plain).size;
    if (plainBytes % 2 ** 32 !== uncompressed) {
      throw new CostProfilesError({
        location: file,
        field: '(path)',
        problem: `has the name of a gzip copy of ${plain}, but not its length (${uncompressed} bytes uncompressed, against ${plainBytes})`,
        fix: 'Give only the one you mean: reading both could charge calls twice, reading one could miss some.',
      });
    }
    dropped.add(file);
    skipped.push({ file, sameAs: plain, reason: 'the gzip copy of the same log' });
  }
  return { files: files.filter(f => !dropped.has(f)), skipped };
}

/** The uncompressed length (mod 2^32) a gzip file's trailer records, or undefined for no gzip. */
function gzipTrailerLength(file: string): number | undefined {
  const fd = openRegularFile(file, '(path)');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < 18) {
      return undefined;
    }
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      return undefined;
    }
    const tail = Buffer.alloc(4);
    fs.readSync(fd, tail, 0, 4, size - 4);
    return tail.readUInt32LE(0);
  } finally {
    fs.closeSync(fd);
  }
}
