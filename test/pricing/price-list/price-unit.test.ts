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
  ])('%s', (_name, reading, unit, description, expected) => {
    expect(quantityOf(reading, 'AmazonBedrockFoundationModels', unit, description)).toEqual(expected);
  });

  const reserved = (direction: 'input' | 'output', months: number, rate: 'regional' | 'global'): Reading => ({ what: 'reserved', direction, months, rate });
  const PER_HOUR = 'Per Hour per 1K Input TPM Reserved 1 Month Global';
  test.each<[string, Reading, string, string, object]>([
    // As published in 2026-09 (AmazonBedrockFoundationModels): the unit says 1M, the description and the price say 1K.
    ['a "1M TPM Hour" unit whose description says per 1K TPM: the description decides, and the row says so', reserved('input', 1, 'global'), '1M TPM Hour', PER_HOUR,
      { per: 1000, note: 'Price List unit "1M TPM Hour" contradicts its description ("Per Hour per 1K Input TPM"); priced per 1,000 TPM per hour, as the description says.' }],
    ['"Units" with a per-hour description', reserved('output', 3, 'regional'), 'Units', 'Per Hour per 1K Output TPM Reserved 3 Month Regional', { per: 1000 }],
    ['a "1K TPM Hour" unit and description that agree', reserved('input', 1, 'global'), '1K TPM Hour', PER_HOUR, { per: 1000 }],
    ['a "1K TPM Hour" unit without a description', reserved('input', 3, 'regional'), '1K TPM Hour', '', { per: 1000 }],
    ['a per-month unit', reserved('input', 1, 'regional'), '1K TPM Month', '',
      { skip: 'reserved capacity quoted per TPM-month (price files price it per TPM-hour; a month\'s hours vary, so no exact hourly price follows)' }],
    ['a per-month description', reserved('input', 1, 'regional'), 'Units', 'Per Month per 1K Input TPM Reserved 1 Month',
      { skip: 'reserved capacity quoted per TPM-month (price files price it per TPM-hour; a month\'s hours vary, so no exact hourly price follows)' }],
    ['"Units" that say nothing of TPM', reserved('input', 1, 'regional'), 'Units', 'Reserved capacity',
      { skip: 'reserved capacity in unit "Units" does not say how many TPM per hour the price is for' }],
    ['a description with another term', reserved('input', 1, 'global'), 'Units', 'Per Hour per 1K Input TPM Reserved 3 Month Global',
      { skip: 'reserved usagetype says input TPM, 1-month term, global rate; its description says a 3-month term' }],
    ['a description with the other rate and direction', reserved('input', 1, 'regional'), 'Units', 'Per Hour per 1K Output TPM Reserved 1 Month Global',
      { skip: 'reserved usagetype says input TPM, 1-month term, regional rate; its description says output TPM, the global rate' }],
    ['a count that is not a power of ten', reserved('input', 1, 'global'), 'Units', 'Per Hour per 5,000 Input TPM Reserved 1 Month Global',
      { skip: 'quoted per 5000 units (the price file needs a power of ten)' }],
  ])('reserved: %s', (_name, reading, unit, description, expected) => {
    expect(quantityOf(reading, 'AmazonBedrockFoundationModels', unit, description)).toEqual(expected);
  });
});
