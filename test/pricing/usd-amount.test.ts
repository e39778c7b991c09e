import { parseBilledUsd, parseUsd } from '../../src/pricing/usd-amount';

describe('amounts users write (parseUsd)', () => {
  test.each([
    ['100', '100'], ['0.01', '0.01'], ['9999999999999.999999', '9999999999999.999999'],
  ])('%s is %s', (text, amount) => {
    expect((parseUsd(text) as { amount: { toFixed(): string } }).amount.toFixed()).toBe(amount);
  });

  test.each(['1e3', '-1', '0', '10000000000000', '1.1234567', ' 1', '', 'NaN'])('%j is refused', text => {
    expect(parseUsd(text)).toEqual({ problem: expect.any(String) });
  });
});

describe('amounts AWS billing reports (parseBilledUsd)', () => {
  test.each([
    ['12.3456789012', '12.3456789012'], ['-0.42', '-0.42'], ['0', '0'], ['9999999999999.99', '9999999999999.99'],
  ])('%s is %s', (text, amount) => {
    expect(parseBilledUsd(text)?.toFixed()).toBe(amount);
  });

  test.each(['1e400', '1E3', 'abc', '', '10000000000000', '-10000000000000', '+1', ' 1', '1.', '.5', 'Infinity'])('%j is no amount', text => {
    expect(parseBilledUsd(text)).toBeUndefined();
  });

  test.each([undefined, null, 12, {}])('%j (not a string) is no amount', value => {
    expect(parseBilledUsd(value)).toBeUndefined();
  });
});
