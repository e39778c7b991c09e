import * as crypto from 'crypto';

/** `crypto.hash` (Node 20.12+) is the one-shot form: a quarter of the cost of a Hash object per call. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** The SHA-256 of a string (UTF-8), as hex: names derived from construct paths, thousands per app. */
export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}
