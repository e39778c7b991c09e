import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { run } from '../../src/cli/main';

/**
 * Random report files for the CLI: a real cost report with one value anywhere in it replaced
 * by random JSON. `report` and `diff` must either refuse the file naming it (exit 1) or read a
 * report that still matches its schema, never exit 70 and never print a negative or
 * exponent-notation amount.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-property-'));
const assembly = path.join(root, 'cdk.out');
buildPerServiceApp(assembly).app.synth();
const reportName = fs.readdirSync(assembly).find(f => f.endsWith('.bedrock-cost.json'))!;
const REPORT = JSON.parse(fs.readFileSync(path.join(assembly, reportName), 'utf-8'));

/** Every path to a value in a JSON document. */
function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') {
    return [at];
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => pathsOf(v, [...at, k]))];
}
const PATHS = pathsOf(REPORT).filter(p => p.length > 0);

function replaced(document: any, at: Array<string | number>, value: unknown): any {
  const copy = JSON.parse(JSON.stringify(document));
  let node = copy;
  for (const key of at.slice(0, -1)) {
    node = node[key];
  }
  node[at[at.length - 1]] = value;
  return copy;
}

/** The values of every amount field: `*Usd`, `*UsdPerHour`, `*UsdPerToken` and the low/expected/high bands. */
function amountsOf(value: unknown, key = ''): string[] {
  if (value === null || typeof value !== 'object') {
    return /Usd(PerHour|PerToken)?$|^(low|expected|high)$/.test(key) ? [String(value)] : [];
  }
  return Object.entries(value).flatMap(([k, v]) => amountsOf(v, Array.isArray(value) ? key : k));
}

let n = 0;
function cli(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(args, { out: t => out.push(t), err: t => err.push(t) }) as number;
  return { code, out: out.join(''), err: err.join('') };
}

test('a report with any one value replaced: read exactly, or refused with the file named; never exit 70', () => {
  fc.assert(fc.property(fc.constantFrom(...PATHS), fc.oneof(fc.jsonValue(), fc.constantFrom('-5', '1e400', '0.1e3', 'NaN', '')), (at, value) => {
    const dir = path.join(root, `r${n++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, reportName), JSON.stringify(replaced(REPORT, at, value)));
    const report = cli(['report', dir, '--format', 'json']);
    const diff = cli(['diff', assembly, dir]);
    expect([report.code, diff.code].filter(code => code !== 0 && code !== 1)).toEqual([]);
    expect(report.code).toBe(diff.code);
    if (report.code === 1) {
      expect(report.err).toContain(path.join(dir, reportName));
    } else {
      // What was read holds no amount a report cannot: no sign, no exponent, below 10^13.
      const amounts = amountsOf(JSON.parse(report.out));
      expect(amounts.filter(a => !/^(0|[1-9]\d{0,12})(\.\d+)?$/.test(a))).toEqual([]);
      expect(amounts.length).toBeGreaterThan(10);
    }
  }), { numRuns: 150 });
});
