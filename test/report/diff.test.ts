import * as fc from 'fast-check';
import { synthDiffScenario } from './diff-scenario';
import { run } from '../../src/cli/main';
import { Dec } from '../../src/pricing/decimal';
import { readReports } from '../../src/report/read-reports';
import { renderDiff } from '../../src/report/render-diff';
import { ProfileEntry, ReportLine, StackCostReport } from '../../src/report/report-model';
import { blockAfter } from '../docs/markdown';

const beforeDir = synthDiffScenario('before');
const afterDir = synthDiffScenario('after');
const before = readReports(beforeDir);
const after = readReports(afterDir);
const text = renderDiff(before, after);
const row = (profile: string) => text.split('\n').find(l => l.includes(`\`${profile}\``)) ?? '';

describe('diff of reports with service tiers, rates, cache TTLs, long context and stale prices', () => {
  test('the reports really carry those dimensions', () => {
    const lines = after.flatMap(r => r.profiles).flatMap(p => p.forecast?.lines ?? []);
    expect(new Set(lines.map(l => l.tier))).toEqual(new Set(['standard', 'flex', 'priority']));
    expect(new Set(lines.map(l => l.rate))).toEqual(new Set(['regional', 'global']));
    expect(lines.map(l => l.meter)).toEqual(expect.arrayContaining(['cache-write-1h-input-tokens', 'long-context-input-tokens']));
    expect(after.flatMap(r => r.stalePrices ?? []).length).toBeGreaterThan(0);
  });

  test('a change of service tiers is named', () => {
    expect(row('Ohio/Lite')).toMatch(/^\| changed \| `Ohio\/Lite` \| us\.amazon\.nova-2-lite-v1:0 \| 445\.50 \| 367\.54 \| −77\.96 \| tiers standard → standard, flex, priority \|$/);
  });

  test('1-hour cache writes replacing 5-minute ones, and long context, are named', () => {
    expect(row('Virginia/Agent')).toContain('| +450.00 | now priced: cache write (1 h) input tokens; no longer priced: cache write input tokens |');
    expect(row('Virginia/Chat')).toContain('model us.anthropic.claude-sonnet-4-6 → global.anthropic.claude-sonnet-4-6 (replaces the profile: new ARN); '
      + 'now priced: long-context input tokens, long-context output tokens |');
  });

  test('a profile whose cost is the same but whose prices are of another date is listed', () => {
    expect(row('Virginia/Legacy')).toContain('| 26.25 | 26.25 | ±0.00 | prices as of 2025-03-01 → 2026-12-01 |');
    expect(text).toContain('Prices as of 2026-12-01 (before: 2025-03-01, 2026-12-01).');
  });

  test('stale prices of the new assembly warn, the ones the old did not have marked new', () => {
    expect(text).toMatch(/\*\*Warning \(new\):\*\* prices from "Amazon Bedrock pricing page \(ko\), 2025-02-01" \(effective 2025-02-01\) are 668 days older than the as-of date 2026-12-01 .*bedrock-cost prices refresh/);
    expect(text).toMatch(/\*\*Warning:\*\* prices from "Amazon Bedrock pricing page \(en\), as transcribed by AWS Labs, 2026-07-17" .* 137 days older/);
  });

  test('docs/cli.md shows this very comment', () => {
    expect(blockAfter('docs/cli.md', '`diff` compares two cloud assemblies', '')).toBe(text);
  });

  test('the CLI prints the same comment', () => {
    const out: string[] = [];
    expect(run(['diff', beforeDir, afterDir], { out: t => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('')).toBe(text);
  });
});

// Random pairs of reports: profiles of the real "after" assembly, each kept or left out, with a
// random subset of its lines, each at a random tier and rate; stale prices a random subset.
const PROFILES = after.flatMap(r => r.profiles.map(p => ({ report: r, profile: p })));
const ALL_STALE = [...before, ...after].flatMap(r => r.stalePrices ?? []);
const TIERS = ['standard', 'batch', 'flex', 'priority', 'latency-optimized'];

const lineArb = (l: ReportLine) => fc.record({ tier: fc.constantFrom(...TIERS), rate: fc.constantFrom('regional', 'global') })
  .map(({ tier, rate }) => ({ ...l, tier, rate, dimension: tier === 'standard' ? l.dimension : `${tier} ${l.dimension}` }));

const profileArb = (p: ProfileEntry) => fc.tuple(
  fc.subarray(p.forecast!.lines, { minLength: 1 }).chain(lines => fc.tuple(...lines.map(lineArb))),
  fc.constantFrom('2025-03-01', '2026-12-01'),
).map(([lines, asOf]): ProfileEntry => {
  const expected = Dec.sum(lines.map(l => Dec.parse(l.costUsd))).toFixed();
  return { ...p, forecast: { ...p.forecast!, asOf, lines, low: expected, expected, high: expected } };
});

const reportArb: fc.Arbitrary<StackCostReport[]> = fc.tuple(
  fc.tuple(...PROFILES.map(({ profile }) => fc.option(profileArb(profile), { nil: undefined }))),
  fc.subarray(ALL_STALE),
).map(([profiles, stale]) => {
  const kept = profiles.filter((p): p is ProfileEntry => p !== undefined);
  const expected = Dec.sum(kept.map(p => Dec.parse(p.forecast!.expected))).toFixed();
  return [{ ...after[0], profiles: kept, stalePrices: stale, total: { low: expected, expected, high: expected } }];
});

/** A printed signed amount ("−1,234.50", "+3.00", "±0.00"). */
const amount = (printed: string) => Dec.parse(printed.replace(/[,±+]/g, '').replace('−', '-'));

/** The "Change" column of the profile table, summed. */
function changeSum(comment: string): Dec {
  return Dec.sum(comment.split('\n').filter(l => /^\| (added|removed|changed) \| `/.test(l)).map(l => amount(l.split(' | ')[5])));
}

const linesKey = (p: ProfileEntry) => (p.forecast?.lines ?? []).map(l => `${l.dimension}|${l.tier}|${l.rate}`).sort().join(';') + `@${p.forecast?.asOf}`;

test('random pairs of reports: the changes add up to the headline, and every profile priced differently is listed with a reason', () => {
  fc.assert(fc.property(reportArb, reportArb, (old, now) => {
    const comment = renderDiff(old, now);
    // Printed amounts are rounded to cents: each is within half a cent of the exact one.
    const exact = Dec.parse(now[0].total.expected).minus(Dec.parse(old[0].total.expected));
    const headline = /\*\*Monthly estimate: [\d,.]+ → [\d,.]+ USD, ([−+±][\d,]+(?:\.\d+)?)/.exec(comment)!;
    const near = (printed: Dec, cents: number) => Dec.ZERO.max(printed.minus(exact)).max(exact.minus(printed)).lte(Dec.parse('0.005').times(Dec.parse(String(cents))));
    expect([headline[1], near(amount(headline[1]), 1)]).toEqual([headline[1], true]);
    const rows = comment.split('\n').filter(l => /^\| (added|removed|changed) \| `/.test(l)).length;
    expect([changeSum(comment).toFixed(), near(changeSum(comment), Math.max(rows, 1))]).toEqual([changeSum(comment).toFixed(), true]);
    const was = new Map(old[0].profiles.map(p => [p.path, p]));
    for (const p of now[0].profiles) {
      const b = was.get(p.path);
      if (b && linesKey(b) !== linesKey(p)) {
        const line = comment.split('\n').find(l => l.includes(`\`${p.path}\``));
        expect(line).toBeDefined();
        expect(line!.split(' | ')[6].replace(/ \|$/, '').trim()).not.toBe('');
      }
    }
    for (const stale of now[0].stalePrices ?? []) {
      expect(comment).toContain(`prices from "${stale.title}" (effective ${stale.effectiveDate}) are ${stale.days} days older than the as-of date ${stale.asOf}`);
    }
    expect(renderDiff(now, now)).toContain('No profile changed.');
    expect(renderDiff(now, now)).not.toContain('(new)');
  }), { numRuns: 200 });
});
