import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { BedrockModelId, CostAllocatedProfile, CrossRegionGeo, PriceCatalog, ProfileSource, ProfileSpendAlarm } from '../../src';
import { readReports } from '../../src/report/read-reports';
import { renderDiff } from '../../src/report/render-diff';
import { StackCostReport } from '../../src/report/report-model';
import { expectClean } from '../helpers/synth';

// A profile with reserved capacity, through synth: the cost report carries the reservation's
// TPM-hour lines, `diff` its cost, and the spend alarm's threshold includes it while its rate
// prices every token at Standard. Reserved prices are the test's own (per hour per 1K TPM).
const PRICES = JSON.stringify({
  source: { id: 'reserved-test', title: 'Reserved test prices', effectiveDate: '2026-11-01' },
  prices: [
    { item: 'anthropic.claude-sonnet-4-5', meter: 'reserved-input-tpm-hours-1-month-term', regions: ['us-east-1'], usd: '0.2', per: 1000 },
    { item: 'anthropic.claude-sonnet-4-5', meter: 'reserved-output-tpm-hours-1-month-term', regions: ['us-east-1'], usd: '1', per: 1000 },
  ],
});

function synth(withReservation: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reserved-report-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Profiles', { env: { region: 'us-east-1' } });
  const profile = new CostAllocatedProfile(stack, 'Chat', {
    source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5),
    costAllocationTags: { Service: 'chat' },
    priceCatalog: PriceCatalog.embedded().withPriceText(PRICES, 'reserved.json'),
    pricesAsOf: '2026-12-01',
    expectedUsage: {
      daysPerMonth: 30,
      requestsPerMonth: 4_320_000,
      inputTokensPerRequest: 1000,
      outputTokensPerRequest: 200,
      ...(withReservation ? { reserved: { inputTokensPerMinute: 100000, outputTokensPerMinute: 10000, months: 1 } } : {}),
    },
  });
  new ProfileSpendAlarm(stack, 'ChatSpendRate', { profile });
  expectClean(app);
  return outdir;
}

describe('reserved capacity in the cost report, diff and spend alarm', () => {
  let before: string;
  let after: string;
  let report: StackCostReport;
  beforeAll(() => {
    before = synth(false);
    after = synth(true);
    [report] = readReports(after);
  });

  test('the report lists the reservation as TPM-hours at the hourly price, tier reserved, fixed', () => {
    const lines = report.profiles[0].forecast!.lines;
    expect(lines.map(l => [l.dimension, l.meter, l.quantity, l.unit, l.tier, l.unitPriceUsd, l.costUsd])).toEqual([
      // 30 days = 720 h. 100,000 TPM × 720 h = 72,000,000 TPM-hours × 0.0002 USD = 14,400 USD.
      ['reserved input TPM × 720 h (1-month term)', 'reserved-input-tpm-hours-1-month-term', '72000000', 'tpm-hour', 'reserved', '0.0002', '14400'],
      // 10,000 TPM × 720 h = 7,200,000 TPM-hours × 0.001 USD = 7,200 USD.
      ['reserved output TPM × 720 h (1-month term)', 'reserved-output-tpm-hours-1-month-term', '7200000', 'tpm-hour', 'reserved', '0.001', '7200'],
      // Input: 4,320,000,000 a month = 100,000 a minute, all reserved. Output: 20,000 a minute, half
      // overflows: 432,000,000 tokens at the catalog's 16.5 USD per 1M = 7,128 USD.
      ['output tokens', 'output-tokens', '432000000', 'token', 'standard', '0.0000165', '7128'],
    ]);
  });

  test('diff carries the reservation in the profile\'s monthly change', () => {
    // Before: 4.32e9 input and 864e6 output tokens at 3.3 and 16.5 USD per 1M = 14,256 + 14,256 = 28,512 USD.
    // After: 14,400 + 7,200 + 7,128 = 28,728 USD, +216.
    expect(report.profiles[0].forecast!.expected).toBe('28728');
    expect(renderDiff(readReports(before), readReports(after))).toContain('| changed | `Profiles/Chat` | us.anthropic.claude-sonnet-4-5-20250929-v1:0 | 28,512.00 | 28,728.00 | +216.00 |');
  });

  test('the spend alarm threshold divides the whole forecast, reservation included, by the month\'s hours', () => {
    // 28,728 / 720 × 3 = 119.70 USD per hour; its rate prices every token, reserved or not, at Standard.
    expect(report.alarms.map(a => [a.thresholdUsdPerHour, a.inputUsdPerToken, a.outputUsdPerToken])).toEqual([['119.70', '0.0000033', '0.0000165']]);
  });

  test('the alarm description says how it treats reserved-tier tokens, only where there is a reservation', () => {
    const description = (dir: string) => Object.values<any>(JSON.parse(fs.readFileSync(path.join(dir, 'Profiles.template.json'), 'utf-8')).Resources)
      .find(r => r.Type === 'AWS::CloudWatch::Alarm').Properties.AlarmDescription as string;
    expect(description(after)).toBe('Estimated Bedrock spend of Profiles/Chat above 119.70 USD/hour for 15 minutes (input, output and cache-read tokens x on-demand prices; '
      + 'an estimate, the budget is the bill). Not counted, no price: cache-write tokens. '
      + "Reserved-tier tokens count at on-demand prices; the reservation's hourly cost is not in the rate.");
    expect(description(before)).not.toContain('Reserved');
  });
});
