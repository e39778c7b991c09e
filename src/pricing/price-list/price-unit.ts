/**
 * How many units of a meter a Price List price is for, from the price dimension's `unit` (and,
 * where the unit is the bare word "Units", its description).
 *
 * The trap: AmazonBedrock quotes tokens per "1K tokens", while AmazonBedrockFoundationModels
 * quotes "Units" that are millions of tokens (descriptions: "Million Input Tokens Regional",
 * "Per 1M input tokens - Global"). Mixing them misprices 1000×.
 */
import { BedrockOffer } from './price-list-format';
import { Reading } from './usage-type';

export type Quantity = { readonly per: number } | { readonly skip: string };

const UNIT = /^\s*(?:(\d+|\d{1,3}(?:,\d{3})+)\s*([KM])?\s+)?([A-Za-z][A-Za-z _-]*?)\s*$/;
const SCALE: Record<string, number> = { K: 1000, M: 1_000_000 };

/** "1K tokens" → { count: 1000, noun: "tokens" }; "Units" → { count: 1, noun: "units" }. */
export function parseUnit(unit: string): { count: number; noun: string } | undefined {
  const m = UNIT.exec(unit);
  if (!m) {
    return undefined;
  }
  const count = Number((m[1] ?? '1').replace(/,/g, '')) * (m[2] ? SCALE[m[2].toUpperCase()] : 1);
  return { count, noun: m[3].toLowerCase().replace(/[\s_-]+/g, ' ') };
}

/** The quantity a description states ("per 1M input tokens", "per 1,000 search units", "Per image"). */
function describedCount(description: string): number | undefined {
  if (/\b(1M|million)\b/i.test(description)) {
    return 1_000_000;
  }
  if (/\b(1K|1,000|1000|thousand)\b/i.test(description)) {
    return 1000;
  }
  return /\bper (image|search unit|text unit|query|request)\b/i.test(description) ? 1 : undefined;
}

function allowed(count: number): Quantity {
  return [1, 10, 100, 1000, 10000, 100000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000].includes(count)
    ? { per: count }
    : { skip: `quoted per ${count} units (the price file needs a power of ten)` };
}

/** The nouns a unit may use for what a reading prices. */
const NOUNS: Record<string, RegExp> = {
  'tokens': /^tokens?$/,
  'images': /^(images?|created image)$/,
  'input-images': /^(images?|input images?)$/,
  'search-units': /^(search units?|queries|query)$/,
  'feature': /^(text units?|textunits?)$/,
  'provisioned': /^(hrs?|hours?|model units? hours?)$/,
};

/** How many meter units the price of `unit` is for, or why it cannot be known. */
export function quantityOf(reading: Reading, offer: BedrockOffer, unit: string, description: string): Quantity {
  const parsed = parseUnit(unit);
  if (!parsed) {
    return { skip: `unit "${unit}" is not understood` };
  }
  if (reading.what === 'reserved') {
    if (/hour|hrs?\b/.test(parsed.noun)) {
      return { skip: 'reserved capacity quoted per TPM-hour (price files price reserved tiers per TPM-month)' };
    }
    return /tpm.*month|month/.test(parsed.noun) ? allowed(parsed.count) : { skip: `reserved capacity in unit "${unit}" (not per TPM-month)` };
  }
  const nouns = NOUNS[reading.what] ?? /^$/;
  if (nouns.test(parsed.noun)) {
    return allowed(parsed.count);
  }
  if (parsed.noun === 'units' && parsed.count === 1) {
    const described = describedCount(description);
    if (reading.what === 'tokens' && offer === 'AmazonBedrockFoundationModels') {
      // Marketplace "Units" are millions of tokens; a description saying otherwise is a conflict.
      return described === undefined || described === 1_000_000 ? { per: 1_000_000 } : { skip: `unit "Units" but the description says per ${described}` };
    }
    if (described !== undefined && reading.what !== 'tokens') {
      return allowed(described);
    }
    if (reading.what === 'provisioned' && /hour/i.test(description)) {
      return { per: 1 };
    }
  }
  return { skip: `unit "${unit}" does not say how many ${reading.what === 'tokens' ? 'tokens' : 'units'} the price is for` };
}
