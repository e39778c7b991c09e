/**
 * One made-up price file dated 2026-01-01 for a made-up model (`acme.stale-v1:0`, priced in
 * us-east-1), so the age of the newest price is known: 334 days on 2026-12-01, 120 on 2026-05-01.
 */
export const STALE_TEST_PRICES = {
  source: { id: 'stale-test-2026-01-01', title: 'Test prices, 2026-01-01', effectiveDate: '2026-01-01' },
  items: [{ key: 'acme.stale', name: 'Acme Stale', provider: 'Acme', modelIds: ['acme.stale-v1:0'] }],
  prices: [
    { item: 'acme.stale', meter: 'input-tokens', regions: ['us-east-1'], usd: '0.035', per: 1000000 },
    { item: 'acme.stale', meter: 'output-tokens', regions: ['us-east-1'], usd: '0.14', per: 1000000 },
  ],
};
