import metersData from './data/meters.json';

/** What a price is per. */
export interface Meter {
  readonly id: string;
  readonly unit: string;
  readonly description: string;
}

/**
 * The service tiers a token price can be for: Standard (no prefix), Batch, Flex, Priority and
 * latency-optimized inference. Reserved capacity is priced per token-per-minute held for an hour,
 * not per token (see reservedMeterId).
 */
export const TOKEN_TIERS = ['standard', 'batch', 'flex', 'priority', 'latency-optimized'] as const;
export type TokenTier = typeof TOKEN_TIERS[number];

/** What a token price is for; `cache-write-input-tokens` is the 5-minute (default) cache TTL. */
export const TOKEN_KINDS = [
  'input-tokens', 'output-tokens', 'cache-read-input-tokens', 'cache-write-input-tokens', 'cache-write-1h-input-tokens',
] as const;
export type TokenKind = typeof TOKEN_KINDS[number];

/** A token meter id, read by the grammar `[<tier>-][long-context-]<kind>`. */
export interface TokenMeter {
  readonly tier: TokenTier;
  /** The rate for requests whose input is above the model's long-context threshold. */
  readonly longContext: boolean;
  readonly kind: TokenKind;
}

const TIER_TEXT: Record<TokenTier, string> = {
  'standard': 'Standard tier (on demand)',
  'batch': 'Batch inference',
  'flex': 'Flex tier',
  'priority': 'Priority tier',
  'latency-optimized': 'Latency-optimized inference',
};

const KIND_TEXT: Record<TokenKind, string> = {
  'input-tokens': 'input tokens (for embedding models, the tokens embedded)',
  'output-tokens': 'output tokens',
  'cache-read-input-tokens': 'input tokens read from the prompt cache',
  'cache-write-input-tokens': 'input tokens written to the prompt cache (5-minute TTL)',
  'cache-write-1h-input-tokens': 'input tokens written to the prompt cache with a 1-hour TTL',
};

const LONG_CONTEXT = 'long-context-';

/** The id of a token meter, e.g. `batch-long-context-input-tokens`. */
export function tokenMeterId(kind: TokenKind, tier: TokenTier = 'standard', longContext = false): string {
  return `${tier === 'standard' ? '' : `${tier}-`}${longContext ? LONG_CONTEXT : ''}${kind}`;
}

const TOKEN_METERS: ReadonlyMap<string, TokenMeter> = new Map(
  TOKEN_TIERS.flatMap(tier => [false, true].flatMap(longContext => TOKEN_KINDS.map(kind =>
    [tokenMeterId(kind, tier, longContext), { tier, longContext, kind }] as [string, TokenMeter]))),
);

/** The tier, long-context flag and kind of a token meter id; undefined for any other meter. */
export function parseTokenMeter(id: string): TokenMeter | undefined {
  return TOKEN_METERS.get(id);
}

/** Reserved-tier terms, in months. */
export const RESERVED_TERMS = [1, 3] as const;
export type ReservedTerm = typeof RESERVED_TERMS[number];

/** The reserved tier's minimum capacity (AWS docs, service-tiers-inference). */
export const RESERVED_MINIMUM_TPM = { input: 100_000, output: 10_000 } as const;

/** The unit of the reserved-tier meters: one token-per-minute of capacity held for one hour. */
export const RESERVED_UNIT = 'tpm-hour';

/**
 * The id of a reserved-tier meter: one token-per-minute of reserved capacity for one hour, under
 * a 1- or 3-month term. AWS quotes it that way (Price List: "Per Hour per 1K Input TPM Reserved
 * 1 Month"), so a price file gives the hourly price with per: 1000; a month costs TPM × the
 * month's hours × the price. Traffic above the reservation is billed at Standard.
 */
export function reservedMeterId(direction: 'input' | 'output', term: ReservedTerm): string {
  return `reserved-${direction}-tpm-hours-${term}-month-term`;
}

const RESERVED_METER = /^reserved-(input|output)-tpm-hours-(\d+)-month-term$/;

/** Whether `id` is a reserved-tier meter. */
export function isReservedMeter(id: string): boolean {
  return RESERVED_METER.test(id);
}

/** The ids reserved meters had when they were priced per TPM-month (before 2026-12). */
const RETIRED_RESERVED_METER = /^reserved-(input|output)-tpm-(1|3)-month$/;

/**
 * Why `id` is no longer a meter and what replaces it, or undefined. The retired reserved-tier
 * meters were priced per TPM-month; their successors are per TPM-hour. Mapping one to the other
 * would be 720-744× wrong, and dividing a monthly price by a month's hours is not exact, so a
 * price file that still uses them gets this error rather than a conversion.
 */
export function retiredMeterFix(id: string): string | undefined {
  const m = RETIRED_RESERVED_METER.exec(id);
  if (!m) {
    return undefined;
  }
  const successor = reservedMeterId(m[1] as 'input' | 'output', Number(m[2]) as ReservedTerm);
  return `Reserved-tier meters are now priced per token-per-minute per hour, as AWS quotes them: use "${successor}" `
    + `(unit ${RESERVED_UNIT}) with the hourly price, e.g. usd: "0.18", per: 1000 for "per hour per 1K TPM"; `
    + 'a price per TPM-month is not that price. Run "bedrock-cost prices refresh" to import the current reserved prices.';
}

function tokenMeters(): Meter[] {
  return [...TOKEN_METERS].map(([id, m]) => ({
    id,
    unit: 'token',
    description: `${TIER_TEXT[m.tier]}${m.longContext ? ", long-context rate (input above the model's long-context threshold)" : ''}: ${KIND_TEXT[m.kind]}`,
  }));
}

function reservedMeters(): Meter[] {
  return RESERVED_TERMS.flatMap(term => (['input', 'output'] as const).map(direction => ({
    id: reservedMeterId(direction, term),
    unit: RESERVED_UNIT,
    description: `Reserved tier, ${term}-month term: ${direction} tokens-per-minute of reserved capacity, per hour held `
      + '(a month costs TPM × the month\'s hours; traffic above the reservation is billed at Standard)',
  })));
}

/**
 * Every meter: the token meters of the grammar, the reserved-tier meters, and the other meters
 * of data/meters.json. One definition: the grammar is the only list of token meters.
 */
export function loadMeters(): Map<string, Meter> {
  const others = (metersData as { meters: Record<string, { unit: string; description: string }> }).meters;
  const all = [...tokenMeters(), ...reservedMeters(), ...Object.entries(others).map(([id, m]) => ({ id, ...m }))];
  return new Map(all.map(m => [m.id, m]));
}
