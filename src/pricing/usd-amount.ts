import { Dec } from './decimal';

/**
 * Amounts in USD that users write (budget limits, thresholds): plain decimal strings, positive,
 * below 10^13 USD and with at most `maxDecimals` decimals. Below 10^13 with cents, an amount has
 * at most 15 significant digits, so the number CloudFormation receives reads back as the exact
 * amount the report shows.
 */
export const MAX_USD = Dec.parse('10000000000000');
export const MAX_USD_TEXT = '10^13';
export const USD_DECIMALS = 6;

const PLAIN_DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;

/** The amount, or why it is none (a problem text for an error). */
export function parseUsd(value: unknown, maxDecimals = USD_DECIMALS): { amount: Dec } | { problem: string } {
  if (typeof value !== 'string' || !PLAIN_DECIMAL.test(value)) {
    return { problem: 'must be a positive amount in USD written as a decimal string' };
  }
  const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  if (decimals > maxDecimals) {
    return { problem: `has ${decimals} decimals; at most ${maxDecimals} are allowed` };
  }
  const amount = Dec.parse(value);
  if (!amount.gt(Dec.ZERO)) {
    return { problem: 'must be a positive amount in USD' };
  }
  if (!amount.lt(MAX_USD)) {
    return { problem: `must be below ${MAX_USD_TEXT} USD` };
  }
  return { amount };
}

const BILLED_DECIMAL = /^-?\d{1,20}(\.\d{1,20})?$/;

/**
 * An amount AWS billing services report (Cost Explorer, Budgets): a plain decimal string, maybe
 * negative (credits), below 10^13 USD either way; anything else is no amount (`undefined`) and the
 * caller says which response held it. An exponent such as "1e400" would print a number no bill has.
 */
export function parseBilledUsd(value: unknown): Dec | undefined {
  if (typeof value !== 'string' || !BILLED_DECIMAL.test(value)) {
    return undefined;
  }
  const amount = Dec.parse(value);
  return (amount.isNegative() ? amount.negated() : amount).lt(MAX_USD) ? amount : undefined;
}
