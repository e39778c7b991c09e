/**
 * Cuts a stream of byte chunks into lines, in time linear in the input: a line inside one chunk
 * is handed over as a range of that chunk (no copy); a line split across chunks is joined once,
 * when its end arrives. Runs of empty lines are skipped byte by byte, without a call per line.
 * A newline byte never occurs inside a UTF-8 sequence, so lines are cut before decoding.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Number of the line that starts next (1-based). */
  private line = 1;

  /**
   * @param onLine called with each non-empty line `bytes[start, end)` and its number; returns
   *   true to stop splitting (the rest is then handed back by `push`).
   * @param tooLong called when a line grows past `maxLineBytes`; must throw.
   */
  constructor(
    private readonly onLine: (bytes: Buffer, start: number, end: number, line: number) => boolean,
    private readonly maxLineBytes: number,
    private readonly tooLong: (line: number) => never,
  ) {}

  /** The number of the line that starts next. */
  public get nextLine(): number {
    return this.line;
  }

  /**
   * Splits a chunk. Returns undefined, or, once `onLine` asked to stop, the bytes from the
   * start of that line to the end of the chunk.
   */
  public push(chunk: Buffer): Buffer | undefined {
    let start = 0;
    if (this.pendingBytes > 0) {
      const end = chunk.indexOf(NEWLINE);
      if (end === -1) {
        this.keep(chunk);
        return undefined;
      }
      if (this.pendingBytes + end > this.maxLineBytes) {
        this.tooLong(this.line);
      }
      const joined = Buffer.concat([...this.pending, chunk.subarray(0, end)], this.pendingBytes + end);
      this.pending = [];
      this.pendingBytes = 0;
      if (this.onLine(joined, 0, joined.length, this.line)) {
        return Buffer.concat([joined, chunk.subarray(end)]);
      }
      this.line++;
      start = end + 1;
    }
    while (start < chunk.length) {
      if (chunk[start] === NEWLINE) {
        this.line++;
        start++;
        continue;
      }
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) {
        this.keep(chunk.subarray(start));
        return undefined;
      }
      if (end - start > this.maxLineBytes) {
        this.tooLong(this.line);
      }
      if (this.onLine(chunk, start, end, this.line)) {
        return chunk.subarray(start);
      }
      this.line++;
      start = end + 1;
    }
    return undefined;
  }

  /**
   * Hands over the last line, when the input does not end with a newline. Returns it when
   * `onLine` asked to stop there.
   */
  public end(): Buffer | undefined {
    if (this.pendingBytes === 0) {
      return undefined;
    }
    const last = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return this.onLine(last, 0, last.length, this.line) ? last : undefined;
  }

  private keep(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes > this.maxLineBytes) {
      this.tooLong(this.line);
    }
  }
}

const NEWLINE = 0x0a;
