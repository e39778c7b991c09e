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

/** How many units a price is for (and, where the SKU contradicts itself, a note saying how that was read), or why it cannot be known. */
export type Quantity = { readonly per: number; readonly note?: string } | { readonly skip: string };

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
    return reservedQuantity(reading, parsed, unit, description);
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

const RESERVED_PER_HOUR = /\bper\s+hour\s+per\s+(1K|1M|\d{1,3}(?:,\d{3})+|\d+)\s+(input|output)?\s*TPM\b/i;
const RESERVED_TERM = /\bReserved\s+(\d+)\s+Months?\b/i;

/**
 * Reserved capacity is quoted per token-per-minute per hour: AmazonBedrockFoundationModels SKUs
 * (`Reserved_1Month_InputTPM_Global`) say "Per Hour per 1K Input TPM Reserved 1 Month Global"
 * with unit "Units" or "1M TPM Hour", first-party ones unit "1K TPM Hour". The "1M" unit
 * contradicts its own description; the description is right (AWS Price List 2026-09: Claude
 * Sonnet 4.6's 0.18 USD is $3 per 1M tokens × 60,000 tokens, one 1K-TPM-hour), so it decides,
 * and the row's note says so. A per-month quote is skipped: a month's hours vary, so no exact
 * hourly price follows from it. The description must agree with the usagetype's direction,
 * term and rate.
 */
function reservedQuantity(reading: Extract<Reading, { what: 'reserved' }>, parsed: { count: number; noun: string }, unit: string, description: string): Quantity {
  if (/month/.test(parsed.noun) || /\bper\s+month\b/i.test(description)) {
    return { skip: 'reserved capacity quoted per TPM-month (price files price it per TPM-hour; a month\'s hours vary, so no exact hourly price follows)' };
  }
  const stated = RESERVED_PER_HOUR.exec(description);
  const term = RESERVED_TERM.exec(description);
  const conflicts = [
    stated?.[2] && stated[2].toLowerCase() !== reading.direction ? `${stated[2].toLowerCase()} TPM` : undefined,
    term && Number(term[1]) !== reading.months ? `a ${term[1]}-month term` : undefined,
    /\bglobal\b/i.test(description) && reading.rate !== 'global' ? 'the global rate' : undefined,
    /\b(regional|geo)\b/i.test(description) && reading.rate !== 'regional' ? 'the regional rate' : undefined,
  ].filter((c): c is string => c !== undefined);
  if (conflicts.length > 0) {
    return { skip: `reserved usagetype says ${reading.direction} TPM, ${reading.months}-month term, ${reading.rate} rate; its description says ${conflicts.join(', ')}` };
  }
  const hourly = /^tpm (hour|hours|hrs?)$/.test(parsed.noun) ? parsed.count : undefined;
  const described = stated ? parseUnit(`${stated[1]} TPM`)?.count : undefined;
  if (stated && described !== undefined) {
    const per = allowed(described);
    if (hourly !== undefined && hourly !== described && 'per' in per) {
      // The matched phrase, not the whole description: that names the Region, and the note is per row, across Regions.
      return { per: per.per, note: `Price List unit "${unit}" contradicts its description ("${stated[0]}"); priced per ${described.toLocaleString('en-US')} TPM per hour, as the description says.` };
    }
    return parsed.noun === 'units' || hourly !== undefined ? per : { skip: `reserved capacity in unit "${unit}" (not per TPM-hour)` };
  }
  if (hourly !== undefined) {
    return allowed(hourly);
  }
  return { skip: `reserved capacity in unit "${unit}" does not say how many TPM per hour the price is for` };
}
