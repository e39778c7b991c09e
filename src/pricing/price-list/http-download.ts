/**
 * Downloads over HTTPS (or HTTP, for a local mirror) with Node's own client: streamed to disk
 * with a progress line, checked against Content-Length, bounded by an idle timeout, retried on
 * 5xx, 429 and dropped connections with full-jitter backoff. Every failure is a
 * CostProfilesError that names the URL.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { Transform } from 'stream';
import { pipeline } from 'stream/promises';
import { CostProfilesError } from '../../core/errors';

export interface DownloadOptions {
  /** Abort when no byte arrives for this long (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Attempts after the first, for 5xx, 429 and broken connections (default 3). */
  readonly retries?: number;
  /** First backoff step (default 1 s; doubles each attempt). */
  readonly retryBaseMs?: number;
  /** Receives progress lines ("\r…" while a terminal shows them, whole lines otherwise). */
  readonly progress?: (text: string) => void;
  /** Whether progress goes to a terminal (rewrites one line) or a log (start and end only). */
  readonly tty?: boolean;
}

const MAX_REDIRECTS = 5;
const MAX_IN_MEMORY = 64 * 1024 * 1024;

/** An HTTP failure worth another attempt. */
class Retryable extends Error {}

function failure(url: string, problem: string, fix: string): CostProfilesError {
  return new CostProfilesError({ location: url, field: 'download', problem, fix });
}

const RETRY_FIX = 'Try again later; --base-url (or BEDROCK_COST_PRICE_LIST_URL) points at a mirror.';

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** Streams `url` into `file`; resolves with the byte count. A failed download leaves no file. */
export async function downloadToFile(url: string, file: string, label: string, options: DownloadOptions = {}): Promise<number> {
  return withRetries(url, options, async () => {
    try {
      return await once(url, options, async (response, length) => {
        let received = 0;
        const report = progressReporter(label, length, options);
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            received += chunk.length;
            report(received, false);
            callback(null, chunk);
          },
        });
        await pipeline(response, counter, fs.createWriteStream(file));
        if (length !== undefined && received !== length) {
          throw new Retryable(`ended after ${received} of ${length} bytes`);
        }
        report(received, true);
        return received;
      });
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
  });
}

/** Downloads a small JSON document (an index) and parses it. */
export async function downloadJson(url: string, options: DownloadOptions = {}): Promise<unknown> {
  const text = await withRetries(url, options, () => once(url, options, async (response, length) => {
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of response) {
      received += (chunk as Buffer).length;
      if (received > MAX_IN_MEMORY) {
        throw failure(url, `is larger than ${mb(MAX_IN_MEMORY)} MB, too large for an index`, 'Check --base-url: it should serve the AWS Price List.');
      }
      chunks.push(chunk as Buffer);
    }
    if (length !== undefined && received !== length) {
      throw new Retryable(`ended after ${received} of ${length} bytes`);
    }
    return Buffer.concat(chunks).toString('utf-8');
  }));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw failure(url, `is not JSON: ${(e as Error).message}`, 'Check --base-url: it should serve the AWS Price List.');
  }
}

async function withRetries<T>(url: string, options: DownloadOptions, attempt: () => Promise<T>): Promise<T> {
  const retries = options.retries ?? 3;
  const base = options.retryBaseMs ?? 1000;
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof Retryable)) {
        throw e;
      }
      if (i >= retries) {
        throw failure(url, `failed: ${e.message}${retries > 0 ? ` (${retries + 1} attempts)` : ''}`, RETRY_FIX);
      }
      await new Promise(resolve => setTimeout(resolve, Math.floor(Math.random() * base * 2 ** i)));
    }
  }
}

type Handler<T> = (response: http.IncomingMessage, length: number | undefined) => Promise<T>;

/** One GET, following redirects; the handler reads the body of a 2xx response. */
function once<T>(url: string, options: DownloadOptions, handle: Handler<T>, redirects = 0): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(failure(url, 'is not a URL', 'Give an http:// or https:// URL.'));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!client) {
      reject(failure(url, `uses ${parsed.protocol}, not http or https`, 'Give an http:// or https:// URL.'));
      return;
    }
    const timeout = options.idleTimeoutMs ?? 60_000;
    const request = client.get(parsed, { timeout, headers: { 'accept-encoding': 'identity', 'user-agent': 'bedrock-cost' } }, response => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location !== undefined) {
        response.resume();
        if (redirects >= MAX_REDIRECTS) {
          reject(failure(url, `redirects more than ${MAX_REDIRECTS} times`, RETRY_FIX));
        } else {
          once(new URL(response.headers.location, parsed).toString(), options, handle, redirects + 1).then(resolve, reject);
        }
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        const problem = `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
        reject(status >= 500 || status === 429
          ? new Retryable(problem)
          : failure(url, `answered ${problem}`, status === 404 || status === 403 ? 'Check the Region code and --base-url.' : RETRY_FIX));
        return;
      }
      const header = response.headers['content-length'];
      const length = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
      response.setTimeout(timeout, () => response.destroy(new Retryable(`no data for ${timeout / 1000} s`)));
      const known = (e: unknown) => e instanceof CostProfilesError || e instanceof Retryable;
      handle(response, length).then(resolve, e => reject(known(e) ? e : new Retryable(brokenConnection(e))));
    });
    request.on('timeout', () => request.destroy(new Retryable(`no answer for ${timeout / 1000} s`)));
    request.on('error', e => reject(e instanceof Retryable ? e : new Retryable(brokenConnection(e))));
  });
}

function brokenConnection(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET' || error.message === 'aborted') {
    return 'the connection closed before the end of the file (truncated download)';
  }
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

/** Progress for one file: a rewritten line on a terminal; start and end lines in a log. */
function progressReporter(label: string, length: number | undefined, options: DownloadOptions): (bytes: number, done: boolean) => void {
  const out = options.progress;
  if (!out) {
    return () => undefined;
  }
  const of = (bytes: number) => `${mb(bytes)}${length !== undefined ? ` of ${mb(length)}` : ''} MB`;
  let last = 0;
  if (!options.tty) {
    out(`Downloading ${label}${length !== undefined ? ` (${mb(length)} MB)` : ''}\n`);
  }
  return (bytes, done) => {
    if (done) {
      out(options.tty ? `\rDownloaded ${label}: ${of(bytes)}\x1b[K\n` : `Downloaded ${label}: ${mb(bytes)} MB\n`);
      return;
    }
    const now = Date.now();
    if (options.tty && now - last >= 200) {
      last = now;
      const percent = length ? ` ${Math.floor((bytes / length) * 100)}%` : '';
      out(`\rDownloading ${label}:${percent} ${of(bytes)}\x1b[K`);
    }
  };
}
