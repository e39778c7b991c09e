import { Catalog } from '../../src/pricing/catalog';
import { PriceCatalog } from '../../src/pricing/cost-forecast';
import { forecastUsage } from '../../src/pricing/forecast';
import { errorOf } from '../helpers/errors';

/**
 * The three pricing pages are dated history: each price applies where its page states it, from
 * the page's date. The line numbers are those of the pages as read (Turkish 2024-04-23,
 * Vietnamese 2024-06-20, Korean 2025-02-01).
 */
const catalog = Catalog.embedded();
const prices = PriceCatalog.embedded();
const TR = 'aws-pricing-page-tr-2024-04-23';
const VI = 'aws-pricing-page-vi-2024-06-20';
const KO = 'aws-pricing-page-ko-2025-02-01';
const pages = catalog.sources.filter(s => s.origin === 'embedded' && s.id.startsWith('aws-pricing-page-') && s.effectiveDate < '2026-01-01');
const pageRows = catalog.rows.filter(r => pages.includes(r.source));
const quote = (model: string, meter: string, region: string, asOf: string) => prices.quote({ model, meter, region, asOf });

describe('a worked-example price is history for its own Region and date, never a default', () => {
  test('Titan Text Lite: the 2024 example (tr line 495, vi line 562) in us-east-1 until the 2025 table (ko line 238) replaces it', () => {
    expect(quote('amazon.titan-text-lite-v1', 'input-tokens', 'us-east-1', '2024-05-01')).toMatchObject({ usd: '0.0003', sourceId: TR, line: 495, basis: 'worked-example' });
    expect(quote('amazon.titan-text-lite-v1', 'output-tokens', 'us-east-1', '2024-12-31')).toMatchObject({ usd: '0.0004', sourceId: VI, line: 562, basis: 'worked-example' });
    expect(quote('amazon.titan-text-lite-v1', 'input-tokens', 'us-east-1', '2025-03-01')).toMatchObject({ usd: '0.00015', sourceId: KO, line: 238 });
  });

  test.each(['us-west-2', 'eu-west-1', 'ap-northeast-1'])('Titan Text Lite in %s has no price: no page states one there', region => {
    for (const asOf of ['2024-05-01', '2025-03-01']) {
      expect(errorOf(() => quote('amazon.titan-text-lite-v1', 'input-tokens', region, asOf)).message)
        .toContain(`has no "input-tokens" price for Amazon Titan Text Lite in Region ${region}; priced in: us-east-1`);
    }
  });

  test('every worked-example price applies to one Region, the one its example is for', () => {
    const examples = pageRows.filter(r => r.basis === 'worked-example');
    expect(examples.length).toBeGreaterThan(20);
    expect([...new Set(examples.map(r => r.regions.join(' ')))]).toEqual(['us-east-1']);
  });
});

describe('a price applies only where its page states it', () => {
  test('Mistral Large (an example only, tr line 589, vi line 656) has no price in Paris', () => {
    expect(quote('mistral.mistral-large-2402-v1:0', 'input-tokens', 'us-east-1', '2024-07-01')).toMatchObject({ usd: '0.008', sourceId: VI, line: 656 });
    const error = errorOf(() => quote('mistral.mistral-large-2402-v1:0', 'input-tokens', 'eu-west-3', '2024-07-01'));
    expect(error.message).toContain('has no "input-tokens" price for Mistral Large (24.02) in Region eu-west-3; priced in: us-east-1 ');
    expect(error.message).toContain('Use a Region where it is priced, or add the price with a price file');
  });

  test('a section without a Region selector (AI21 Labs, tr lines 39-55) applies in the Regions the page names, no others', () => {
    expect(quote('ai21.j2-mid-v1', 'input-tokens', 'eu-west-3', '2024-05-01')).toMatchObject({ usd: '0.0125', sourceId: TR, line: 47 });
    // The 2024 pages do not name Ohio; the 2025 page does (its Claude tables), so its AI21 table (ko line 185) applies there from its date.
    expect(errorOf(() => quote('ai21.j2-mid-v1', 'input-tokens', 'us-east-2', '2024-05-01')).message)
      .toContain('has no "input-tokens" price for Jurassic-2 Mid in us-east-2 effective on or before 2024-05-01 (the earliest is 2025-02-01)');
    expect(quote('ai21.j2-mid-v1', 'input-tokens', 'us-east-2', '2025-03-01')).toMatchObject({ sourceId: KO, line: 185 });
    // No page names Stockholm.
    expect(errorOf(() => quote('ai21.j2-mid-v1', 'input-tokens', 'eu-north-1', '2025-03-01')).message)
      .toContain('in Region eu-north-1; priced in: ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1,');
  });

  test('GovCloud, which the 2025 page prices apart (ko lines 453-458), gets no price from a section without a selector', () => {
    expect(quote('anthropic.claude-3-5-sonnet-20240620-v1:0', 'input-tokens', 'us-gov-west-1', '2025-03-01')).toMatchObject({ usd: '0.0036', line: 457 });
    expect(errorOf(() => quote('guardrails.content-filter', 'text-units', 'us-gov-west-1', '2025-03-01')).message)
      .toContain('has no "text-units" price for Guardrails content filter (text) in Region us-gov-west-1; priced in: ap-northeast-1');
  });

  test('a section whose Region selector came out empty (Rerank, ko line 800) applies in us-east-1 only', () => {
    expect(quote('amazon.rerank-v1:0', 'queries', 'us-east-1', '2025-03-01')).toMatchObject({ usd: '0.001', sourceId: KO });
    // ap-northeast-1 is the Tokyo Price List reading of 2026-09-14, not this page: not priced as of 2025-03-01.
    expect(errorOf(() => quote('amazon.rerank-v1:0', 'queries', 'us-west-2', '2025-03-01')).message).toContain('priced in: us-east-1; from 2026-09-14 also in: ap-northeast-1 (got');
    expect(errorOf(() => quote('amazon.rerank-v1:0', 'queries', 'us-west-2', '2026-10-01')).message).toContain('priced in: ap-northeast-1, us-east-1 (got');
  });

  test('human evaluation costs the same in every Region, as the pages say (tr and vi line 29, ko line 147; ko table line 831)', () => {
    for (const region of ['us-east-1', 'eu-west-3', 'us-gov-west-1']) {
      expect(quote('model-evaluation.human', 'human-tasks', region, '2025-03-01')).toMatchObject({ usd: '0.21', sourceId: KO, line: 831 });
      expect(quote('model-evaluation.human', 'human-tasks', region, '2024-05-01')).toMatchObject({ usd: '0.21', sourceId: TR, line: 29 });
    }
    expect(pageRows.filter(r => r.regions.includes('*')).map(r => r.item)).toEqual(['model-evaluation.human', 'model-evaluation.human', 'model-evaluation.human']);
  });

  test('usage without a Region, for something priced per Region, is asked for its Region', () => {
    const error = errorOf(() => forecastUsage(catalog, {
      daysPerMonth: 30, workloads: [{ name: 'w', guardrails: [{ policies: ['denied-topics'], textUnits: 1000 }] }],
    }, { asOf: '2025-03-01' }));
    expect(error.message).toBe('usage: workloads[0].guardrails[0] has no "text-units" price for Guardrails denied topics that applies in every Region; '
      + 'priced in: ap-northeast-1, ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-central-2, eu-west-2, eu-west-3, '
      + 'sa-east-1, us-east-1, us-east-2, us-west-2 (got "guardrails.denied-topics"). '
      + 'Give the Region the usage is in (region here or on the workload): prices apply only where their source states them.');
  });
});

describe('2024 batch costs the same as on-demand, as both 2024 pages say (line 17)', () => {
  test('Claude 3 Haiku batch in 2024 is its on-demand price (tr line 95); from 2025 the page\'s batch column (ko line 305)', () => {
    expect(quote('anthropic.claude-3-haiku-20240307-v1:0', 'batch-input-tokens', 'us-east-1', '2024-05-01')).toMatchObject({ usd: '0.00025', sourceId: TR, line: 95 });
    expect(quote('anthropic.claude-3-haiku-20240307-v1:0', 'batch-input-tokens', 'us-east-1', '2025-03-01')).toMatchObject({ usd: '0.000125', sourceId: KO, line: 305 });
  });

  test('a 2024 forecast with batch prices it like on-demand', () => {
    const usage = (batchShare: number) => ({
      daysPerMonth: 30,
      workloads: [{ name: 'w', region: 'us-west-2', inference: { model: 'anthropic.claude-v2:1', requestsPerMonth: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100, batchShare } }],
    });
    const cost = (batchShare: number) => forecastUsage(catalog, usage(batchShare), { asOf: '2024-07-01' }).total.expected.toFixed();
    expect(cost(0.5)).toBe(cost(0));
    expect(cost(0)).toBe('10.4'); // 1M × 0.000008 + 100K × 0.000024
  });

  test.each([TR, VI])('%s: every on-demand token price has its batch twin, citing the same line', id => {
    const rows = pageRows.filter(r => r.source.id === id);
    const onDemand = rows.filter(r => r.meter === 'input-tokens' || r.meter === 'output-tokens');
    expect(onDemand.length).toBeGreaterThan(50);
    for (const row of onDemand) {
      const twin = rows.find(r => r.meter === `batch-${row.meter}` && r.item === row.item && r.line === row.line && r.regions.join() === row.regions.join());
      expect([row.item, row.meter, row.line, twin?.usd.eq(row.usd), twin?.note]).toEqual([row.item, row.meter, row.line, true, 'Batch costs the same as on-demand (line 17).']);
    }
  });
});

describe('sources say what they are', () => {
  test('ids and titles name the page, its language and its date', () => {
    expect(pages.map(s => [s.id, s.title])).toEqual([
      [TR, 'Amazon Bedrock pricing page (tr), 2024-04-23'],
      [VI, 'Amazon Bedrock pricing page (vi), 2024-06-20'],
      [KO, 'Amazon Bedrock pricing page (ko), 2025-02-01'],
    ]);
  });

  test('nothing a user reads about them mentions how the project keeps its documents', () => {
    const text = JSON.stringify([pages, pageRows.map(r => [r.ref, r.note])]);
    expect(text).not.toMatch(/seed|README|\.txt\b/i);
  });
});
