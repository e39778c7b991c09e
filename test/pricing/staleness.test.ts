import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { run } from '../../src/cli/main';
import { Catalog } from '../../src/pricing/catalog';
import { PriceCatalog } from '../../src/pricing/cost-forecast';
import { forecastUsage } from '../../src/pricing/forecast';
import { daysBetween, STALE_AFTER_DAYS, stalePrices } from '../../src/pricing/staleness';
import { BedrockModelId, CostAllocatedProfile, ProfileSource } from '../../src/profiles';
import { costReportsOf } from '../../src/report/cost-report';
import { errorOf } from '../helpers/errors';
import { STALE_TEST_PRICES } from '../helpers/stale-prices';

const PRICES = STALE_TEST_PRICES;
const catalog = Catalog.embedded().withDocument(PRICES, 'stale.json');
const usage = (asOf: string) => forecastUsage(catalog, {
  daysPerMonth: 30,
  workloads: [{ name: 'w', region: 'us-east-1', inference: { model: 'acme.stale-v1:0', requestsPerMonth: 1000, inputTokensPerRequest: 100, outputTokensPerRequest: 10 } }],
}, { asOf });

describe('stale prices', () => {
  test('a price more than 120 days older than the as-of date is stale; 120 days is not', () => {
    expect(daysBetween('2026-01-01', '2026-05-01')).toBe(120);
    expect(stalePrices(usage('2026-05-01'))).toEqual([]);
    expect(stalePrices(usage('2026-05-02'))).toEqual([
      { sourceId: 'stale-test-2026-01-01', title: 'Test prices, 2026-01-01', effectiveDate: '2026-01-01', asOf: '2026-05-02', days: STALE_AFTER_DAYS + 1 },
    ]);
  });

  test('estimate warns on standard error, naming the source and the refresh command; the output is unchanged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-'));
    fs.writeFileSync(path.join(dir, 'prices.json'), JSON.stringify(PRICES));
    fs.writeFileSync(path.join(dir, 'usage.yaml'), [
      'asOf: "2026-12-01"', 'daysPerMonth: 30', 'priceFiles: [prices.json]', 'workloads:',
      '  - { name: w, region: us-east-1, inference: { model: acme.stale-v1:0, requestsPerMonth: 1000, inputTokensPerRequest: 100, outputTokensPerRequest: 10 } }',
    ].join('\n'));
    const out: string[] = [];
    const err: string[] = [];
    expect(run(['estimate', path.join(dir, 'usage.yaml')], { out: t => out.push(t), err: t => err.push(t) })).toBe(0);
    expect(err.join('')).toBe('Warning: prices from "Test prices, 2026-01-01" (effective 2026-01-01) are 334 days older than the as-of date 2026-12-01 '
      + '(more than 120): AWS may have changed them. Run `bedrock-cost prices refresh` to import the current AWS Price List, or add a newer price file.\n');
    expect(out.join('')).toContain('Total');
  });

  test('synthesis warns on the profile, and the cost report lists the stale source', () => {
    const app = new App();
    const stack = new Stack(app, 'Svc', { env: { account: '123456789012', region: 'us-east-1' } });
    new CostAllocatedProfile(stack, 'P', {
      source: ProfileSource.foundationModel(BedrockModelId.custom('acme.stale-v1:0')),
      costAllocationTags: { Service: 's' },
      expectedUsage: { daysPerMonth: 30, requestsPerMonth: 1000, inputTokensPerRequest: 100, outputTokensPerRequest: 10 },
      priceCatalog: PriceCatalog.embedded().withPriceText(JSON.stringify(PRICES), 'stale.json'),
      pricesAsOf: '2026-12-01',
    });
    const messages = app.synth().getStackArtifact(stack.artifactId).messages.filter(m => /stalePrices/.test(String(m.entry.data)));
    expect(messages.map(m => m.level)).toEqual(['warning']);
    expect(messages.map(m => String(m.entry.data))).toEqual([
      expect.stringMatching(/^expectedUsage: prices from "Test prices, 2026-01-01" \(effective 2026-01-01\) are 334 days older .* Run `bedrock-cost prices refresh`/),
    ]);
    expect(costReportsOf(stack)[0].stalePrices).toEqual([
      { sourceId: 'stale-test-2026-01-01', title: 'Test prices, 2026-01-01', effectiveDate: '2026-01-01', asOf: '2026-12-01', days: 334 },
    ]);
  });

  test('a model with no price suggests the refresh command or a price file', () => {
    expect(errorOf(() => forecastUsage(Catalog.embedded(), {
      daysPerMonth: 30,
      workloads: [{ name: 'w', region: 'us-east-1', lineItems: [{ item: 'amazon.nova-micro', meter: 'flex-cache-write-1h-input-tokens', quantity: 1 }] }],
    }, { asOf: '2026-12-01' })).message).toContain('Run `bedrock-cost prices refresh` to import the current AWS prices, or add the price with a price file');
  });
});
