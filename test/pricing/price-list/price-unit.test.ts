import { parseUnit, quantityOf } from '../../../src/pricing/price-list/price-unit';
import { Reading } from '../../../src/pricing/price-list/usage-type';

const input: Reading = { what: 'tokens', kind: 'input-tokens', tier: 'standard', longContext: false, rate: 'regional' };

describe('units of Price List prices', () => {
  test.each([
    ['1K tokens', { count: 1000, noun: 'tokens' }],
    ['1M tokens', { count: 1000000, noun: 'tokens' }],
    ['Units', { count: 1, noun: 'units' }],
    ['1,000 search units', { count: 1000, noun: 'search units' }],
    ['1K TPM Hour', { count: 1000, noun: 'tpm hour' }],
    ['Hrs', { count: 1, noun: 'hrs' }],
  ])('"%s"', (unit, parsed) => {
    expect(parseUnit(unit)).toEqual(parsed);
  });

  test.each<[string, string, string, string, object]>([
    ['AmazonBedrock per 1K tokens', 'AmazonBedrock', '1K tokens', '', { per: 1000 }],
    ['a stated 1M tokens', 'AmazonBedrock', '1M tokens', '', { per: 1000000 }],
    ['Marketplace "Units" are 1M tokens', 'AmazonBedrockFoundationModels', 'Units', 'AWS Marketplace software usage|us-east-1|Million Input Tokens Regional', { per: 1000000 }],
    ['Marketplace "Units" with no description', 'AmazonBedrockFoundationModels', 'Units', '', { per: 1000000 }],
    ['Marketplace "Units" whose description says 1K', 'AmazonBedrockFoundationModels', 'Units', '$0.003 per 1K input tokens', { skip: 'unit "Units" but the description says per 1000' }],
    ['AmazonBedrock "Units" say nothing of tokens', 'AmazonBedrock', 'Units', '', { skip: 'unit "Units" does not say how many tokens the price is for' }],
    ['a unit of something else', 'AmazonBedrock', 'Second', '', { skip: 'unit "Second" does not say how many tokens the price is for' }],
    ['a count that is not a power of ten', 'AmazonBedrock', '500 tokens', '', { skip: 'quoted per 500 units (the price file needs a power of ten)' }],
    ['gibberish', 'AmazonBedrock', '%%', '', { skip: 'unit "%%" is not understood' }],
  ])('tokens: %s', (_name, offer, unit, description, expected) => {
    expect(quantityOf(input, offer as any, unit, description)).toEqual(expected);
  });

  test.each<[string, Reading, string, string, object]>([
    ['images "Units", per image generated', { what: 'images' }, 'Units', 'Per image generated', { per: 1 }],
    ['search units per 1K', { what: 'search-units' }, '1K search units', '', { per: 1000 }],
    ['search "Units" without a stated count', { what: 'search-units' }, 'Units', 'Cohere Rerank', { skip: 'unit "Units" does not say how many units the price is for' }],
    ['provisioned model-unit hours', { what: 'provisioned', commitment: 'NoCommit' }, 'Hrs', '', { per: 1 }],
    ['provisioned "Units" per hour', { what: 'provisioned', commitment: 'NoCommit' }, 'Units', 'per model unit per hour', { per: 1 }],
    ['reserved per TPM-month', { what: 'reserved', direction: 'input', months: 1, rate: 'regional' }, '1K TPM Month', '', { per: 1000 }],
    ['reserved per TPM-hour', { what: 'reserved', direction: 'input', months: 1, rate: 'regional' }, '1K TPM Hour', '', { skip: 'reserved capacity quoted per TPM-hour (price files price reserved tiers per TPM-month)' }],
    ['reserved in "Units"', { what: 'reserved', direction: 'input', months: 1, rate: 'regional' }, 'Units', '', { skip: 'reserved capacity in unit "Units" (not per TPM-month)' }],
  ])('%s', (_name, reading, unit, description, expected) => {
    expect(quantityOf(reading, 'AmazonBedrockFoundationModels', unit, description)).toEqual(expected);
  });
});
