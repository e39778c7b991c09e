import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { run } from '../../src/cli/main';
import { Dec } from '../../src/pricing/decimal';

/**
 * Random usage documents through `bedrock-cost estimate`, as a pull request would bring them:
 * growth and months, dates that exist or not, shares in and out of 0..1, huge and tiny numbers
 * as YAML numbers and as strings. The outcome is exit 0 with an answer that is a plain,
 * non-negative decimal and grows with the traffic, or exit 1 naming the file; never exit 70,
 * never a stack trace, never longer than 10 s.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-property-'));
const RUNS = { numRuns: 150 };
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** Numbers a user may write, the awkward ones included (YAML numbers or strings). */
const quantity = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1e-300, 5e-324, 1e21, 1e300, 1.7976931348623157e308, -1, -0, 0.1) },
  { weight: 1, arbitrary: fc.constantFrom('0.000000000000000000001', '123456789012345678901234567890', '1e3', '', ' 5', '0x10', 'NaN') },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
const share = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-0.1, 1.0000001, 2, '0.5', 'half', 1e-320) },
);
// Growth with at most 6 decimals: a factor of hundreds of digits (5e-324 is exact in 751)
// compounded over 120 months takes seconds; bounding that precision is the engine's own work.
const growth = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 500_000 }).map(micro => micro / 1e6) },
  { weight: 1, arbitrary: fc.constantFrom(-0.5, 3, 100, '0.05', '0.000001') },
);
const date = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('2025-03-01', '2025-12-31', '2026-11-30', '2024-02-29') },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '9999-99-99', '2025-13-01', '0999-01-01', '2025-3-1', 20250301) },
);

const usage = fc.record({
  asOf: date,
  daysPerMonth: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(28, 30, 31) }, { weight: 1, arbitrary: quantity }),
  months: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 120 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 121, 1.5, '12') }),
  workloads: fc.array(fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
    region: fc.constantFrom(...Array(6).fill('us-west-2'), 'us-east-1', 'constructor'),
    monthlyGrowth: growth,
    inference: fc.record({
      model: fc.constantFrom(...Array(7).fill(MODEL), 'acme.nope-v1:0'),
      requestsPerDay: quantity,
      inputTokensPerRequest: quantity,
      outputTokensPerRequest: quantity,
      cacheReadShare: share,
      batchShare: share,
    }, { requiredKeys: ['model', 'requestsPerDay', 'inputTokensPerRequest', 'outputTokensPerRequest'] }),
  }, { requiredKeys: ['name', 'region', 'inference'] }), { minLength: 1, maxLength: 2 }),
}, { requiredKeys: ['asOf', 'workloads'] });

let n = 0;
async function estimate(document: unknown): Promise<{ code: number; out: string; err: string; ms: number; file: string }> {
  const dir = fs.mkdtempSync(path.join(root, `u${n++}-`));
  const file = path.join(dir, 'usage.json');
  fs.writeFileSync(file, JSON.stringify(document));
  const out: string[] = [];
  const err: string[] = [];
  const start = Date.now();
  const code = await run(['estimate', file, '--format', 'json'], { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join(''), ms: Date.now() - start, file };
}

const PLAIN = /^(0|[1-9]\d*)(\.\d+)?$/;

test('random usage documents: an exact, non-negative answer or an error naming the file; never exit 70', async () => {
  const outcomes: number[] = [];
  await fc.assert(fc.asyncProperty(usage, async document => {
    const result = await estimate(document);
    outcomes.push(result.code);
    expect({ code: result.code, ms: result.ms < 10_000, trace: /\n\s+at /.test(result.err) })
      .toEqual({ code: result.code === 0 ? 0 : 1, ms: true, trace: false });
    if (result.code === 1) {
      expect(result.err).toContain(result.file);
      return;
    }
    const report = JSON.parse(result.out);
    const amounts = [report.total.low, report.total.expected, report.total.high, ...report.workloads.flatMap((w: any) => [w.monthly.expected])];
    expect(amounts.filter(a => !PLAIN.test(a))).toEqual([]);
    const [low, expected, high] = [report.total.low, report.total.expected, report.total.high].map(a => Dec.parse(a));
    expect(low.lte(expected) && expected.lte(high)).toBe(true);
  }), RUNS);
  // Enough documents must be priced for the property to mean something.
  expect(outcomes.filter(c => c === 0).length).toBeGreaterThanOrEqual(RUNS.numRuns / 10);
}, 120_000);

test('twice the requests never cost less (on documents that price)', async () => {
  const valid = usage.map(u => ({
    ...u,
    asOf: '2025-03-01',
    daysPerMonth: 30,
    months: 12,
    workloads: u.workloads.map(w => ({ ...w, region: 'us-west-2', monthlyGrowth: 0.05, inference: { model: MODEL, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 } })),
  }));
  await fc.assert(fc.asyncProperty(valid, fc.integer({ min: 1, max: 10 ** 6 }), async (document, requests) => {
    const at = (r: number) => ({ ...document, workloads: document.workloads.map(w => ({ ...w, inference: { ...w.inference, requestsPerDay: r } })) });
    const [one, two] = [await estimate(at(requests)), await estimate(at(requests * 2))];
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(Dec.parse(JSON.parse(two.out).total.expected).gte(Dec.parse(JSON.parse(one.out).total.expected))).toBe(true);
  }), { numRuns: 15 });
}, 120_000);
