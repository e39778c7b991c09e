/**
 * What a Price List SKU prices, read from its usagetype (and checked against its attributes).
 *
 * Bedrock usagetypes come in several naming schemes at once (all seen in public Price List
 * copies, 2025-2026):
 * - AmazonBedrockFoundationModels, CamelCase: `USE1-MP:USE1_InputTokenCount_Global-Units`,
 *   `CacheWrite1hInputTokenCount_Global`, `MillionBatchInputTokens`, `InputTokenCount_Global_Batch`,
 *   `OutputTokenCount_LatencyOptimized`, `InputTokenCount_LCtx`, `InputImageCount`,
 *   `Reserved_1Month_InputTPM_Geo`, `ProvisionedThroughput_1MonthCommit_ModelUnits_Usage`;
 * - AmazonBedrockFoundationModels, snake_case: `USE1-MP:USE1_input_tokens_global_standard-Units`,
 *   `cache_write_tokens_1h_global_standard`, `input_tokens_long_ctx_standard`, `input_tokens_batch`,
 *   `search_units`, `created_image_stable_image_core`;
 * - AmazonBedrock and AmazonBedrockService, kebab-case after the model's name:
 *   `USE1-Nova2.0Lite-input-tokens-flex`, `USE1-NovaPro-cache-read-input-token-count`,
 *   `USE1-Nova2.0Lite-input-tokens-cross-region-global-batch`, `USE1-Claude4Sonnet-output-tokens-long-context-cross-region-global`,
 *   `USE1-NovaPro-input-tokens-latency-optimized`, `USE1-cohere.rerank-english-v3-search-units`,
 *   `USE1-Guardrail-ContentPolicyUnitsConsumed`;
 * - AmazonBedrock "mantle" models, with the model id inside:
 *   `USE1-openai.gpt-oss-120b-mantle-input-tokens-standard`, `...-mantle-cache-write-tokens-5m-long-ctx-flex`.
 * Anything else is reported as unrecognized, never guessed.
 */
import { Attributes } from './price-list-format';
import { TokenKind, TokenTier as Tier } from '../meters';
import { PriceRate as Rate } from '../price-file';

/** What a usagetype prices. */
export type Reading =
  | { readonly what: 'tokens'; readonly kind: TokenKind; readonly tier: Tier; readonly longContext: boolean; readonly rate: Rate }
  | { readonly what: 'reserved'; readonly direction: 'input' | 'output'; readonly months: number; readonly rate: Rate }
  | { readonly what: 'provisioned'; readonly commitment: string }
  | { readonly what: 'images' | 'input-images' | 'search-units' }
  | { readonly what: 'feature' }
  | { readonly what: 'skip'; readonly reason: string };

/** A usagetype taken apart. */
export interface UsageType {
  readonly reading: Reading;
  /** The model's part of a kebab-case usagetype (`Nova2.0Lite`), a name to look up. */
  readonly modelPart?: string;
  /** The model id inside a mantle usagetype (`openai.gpt-oss-120b`). */
  readonly mantleId?: string;
  /** The usagetype without its Region prefix (`MP:*_` for Marketplace ones), for reports. */
  readonly body: string;
}

export const UNRECOGNIZED = 'unrecognized usagetype';

const REGION_PREFIX = /^[A-Z]{2,4}\d{0,2}-/;
const MARKETPLACE = /^MP:[A-Z]{2,4}\d{0,2}_(.+?)(?:-Units)?$/;
const MANTLE = /^([a-z0-9-]+\.[a-z0-9.:-]+?)-mantle-(.+)$/;
const KEBAB = /^(.+?)-((?:text-|speech-)?(?:input|output)-tokens?|cache-(?:read|write)(?:-1h|-5m)?-input-token-count|(?:input|output)-(?:image|audio|video)-token-count|search-units)((?:-.+)?)$/;
const CAMEL_HEAD = /^(Million)?(Batch)?(?:Cache(Read|Write)(1h|5m|30m)?)?(Input|Output)Token(?:Count|s)$/;

function skip(reason: string, body: string): UsageType {
  return { reading: { what: 'skip', reason }, body };
}

function cacheKind(kind: 'read' | 'write', ttl: string | undefined): TokenKind | string {
  if (kind === 'read') {
    return 'cache-read-input-tokens';
  }
  if (ttl === undefined || ttl === '5m') {
    return 'cache-write-input-tokens';
  }
  return ttl === '1h' ? 'cache-write-1h-input-tokens' : `cache write with a ${ttl} TTL has no meter`;
}

/** Qualifiers after the token kind: tier, rate and long context, each at most once. */
class Qualifiers {
  public tier: Tier | undefined;
  public rate: Rate = 'regional';
  public longContext = false;
  public problem: string | undefined;

  public setTier(tier: Tier): void {
    if (this.tier !== undefined && this.tier !== tier) {
      this.problem = `names two tiers (${this.tier}, ${tier})`;
    }
    this.tier = tier;
  }
}

const TIER_WORDS: Record<string, Tier> = { standard: 'standard', batch: 'batch', flex: 'flex', priority: 'priority' };

/** Reads `_`- or `-`-separated qualifier words; false when a word is not one. */
function readQualifiers(words: string[], q: Qualifiers): boolean {
  for (let i = 0; i < words.length; i++) {
    const word = words[i].toLowerCase();
    const next = words[i + 1]?.toLowerCase();
    if (TIER_WORDS[word]) {
      q.setTier(TIER_WORDS[word]);
    } else if (word === 'global') {
      q.rate = 'global';
    } else if (word === 'geo') {
      q.rate = 'regional';
    } else if (word === 'latencyoptimized' || (word === 'latency' && next === 'optimized')) {
      q.setTier('latency-optimized');
      i += word === 'latency' ? 1 : 0;
    } else if (word === 'lctx' || word === 'longcontext' || (word === 'long' && (next === 'ctx' || next === 'context'))) {
      q.longContext = true;
      i += word === 'long' ? 1 : 0;
    } else if (word === 'cross' && next === 'region' && /^(global|geo)$/i.test(words[i + 2] ?? '')) {
      q.rate = words[i + 2].toLowerCase() === 'global' ? 'global' : 'regional';
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

function tokens(kind: TokenKind | string, q: Qualifiers, body: string, extra: Partial<UsageType> = {}): UsageType {
  if (!kind.endsWith('-tokens')) {
    return skip(kind, body);
  }
  if (q.problem) {
    return skip(`usagetype ${q.problem}`, body);
  }
  return { ...extra, body, reading: { what: 'tokens', kind: kind as TokenKind, tier: q.tier ?? 'standard', longContext: q.longContext, rate: q.rate } };
}

/** AmazonBedrockFoundationModels: `MP:<REG>_<dimension>`. */
function readMarketplace(dimension: string, body: string): UsageType {
  const parts = dimension.split('_');
  const camel = CAMEL_HEAD.exec(parts[0]);
  if (camel) {
    const [, , batch, cache, ttl, direction] = camel;
    const q = new Qualifiers();
    if (batch) {
      q.setTier('batch');
    }
    if (!readQualifiers(parts.slice(1), q)) {
      return skip(UNRECOGNIZED, body);
    }
    const kind = cache ? cacheKind(cache.toLowerCase() as 'read' | 'write', ttl) : `${direction.toLowerCase()}-tokens`;
    return cache && direction === 'Output' ? skip(UNRECOGNIZED, body) : tokens(kind, q, body);
  }
  const words = parts.map(p => p.toLowerCase());
  if ((words[0] === 'input' || words[0] === 'output') && words[1] === 'tokens') {
    const q = new Qualifiers();
    return readQualifiers(parts.slice(2), q) ? tokens(`${words[0]}-tokens`, q, body) : skip(UNRECOGNIZED, body);
  }
  if (words[0] === 'cache' && (words[1] === 'read' || words[1] === 'write' || words[1] === 'writes') && words[2] === 'tokens') {
    const ttl = /^\d+[mh]$/.test(words[3] ?? '') ? words[3] : undefined;
    const q = new Qualifiers();
    const rest = parts.slice(ttl === undefined ? 3 : 4);
    return readQualifiers(rest, q) ? tokens(cacheKind(words[1] === 'read' ? 'read' : 'write', ttl), q, body) : skip(UNRECOGNIZED, body);
  }
  const reserved = /^Reserved_(\d+)Months?_(Input|Output)TPM(?:_(Geo|Global))?$/.exec(dimension);
  if (reserved) {
    return { body, reading: { what: 'reserved', months: Number(reserved[1]), direction: reserved[2] === 'Input' ? 'input' : 'output', rate: reserved[3] === 'Global' ? 'global' : 'regional' } };
  }
  const provisioned = /^ProvisionedThroughput_(NoCommit|\d+Months?Commit)_ModelUnits_Usage$/.exec(dimension);
  if (provisioned) {
    return { body, reading: { what: 'provisioned', commitment: provisioned[1] } };
  }
  if (dimension === 'InputImageCount') {
    return { body, reading: { what: 'input-images' } };
  }
  if (/^search_units$/i.test(dimension)) {
    return { body, reading: { what: 'search-units' } };
  }
  if (/^created_image(_[a-z0-9_]+)?$/.test(dimension)) {
    // One price per generated image; a quality or size in the name would need its own meter.
    return /_(standard|premium|small|medium|large|\d+)(_|$)/.test(dimension.slice('created_image'.length)) ? skip(UNRECOGNIZED, body) : { body, reading: { what: 'images' } };
  }
  if (/Customization|ModelStorage|CacheStorage/.test(dimension)) {
    return skip('model customization, storage or cache storage (no meter)', body);
  }
  return skip(UNRECOGNIZED, body);
}

/** AmazonBedrock mantle models: `<model id>-mantle-<kind>-tokens[-<ttl>][-<qualifiers>]`. */
function readMantle(id: string, rest: string, body: string): UsageType {
  const m = /^(input|output|cache-read|cache-write)-tokens(?:-(\d+[mh]))?((?:-.+)?)$/.exec(rest);
  if (!m) {
    return skip(UNRECOGNIZED, body);
  }
  const q = new Qualifiers();
  if (!readQualifiers(m[3].split('-').filter(Boolean), q)) {
    return skip(UNRECOGNIZED, body);
  }
  const kind = m[1].startsWith('cache-') ? cacheKind(m[1] === 'cache-read' ? 'read' : 'write', m[2]) : m[2] ? UNRECOGNIZED : `${m[1]}-tokens`;
  return tokens(kind, q, body, { mantleId: id });
}

/** AmazonBedrock and AmazonBedrockService: `<model>-<dimension>[-<qualifiers>]`. */
function readKebab(body: string): UsageType {
  const m = KEBAB.exec(body);
  if (!m) {
    return skip(UNRECOGNIZED, body);
  }
  const [, modelPart, dimension, rest] = m;
  const words = rest.split('-').filter(Boolean);
  if (/customization/i.test(modelPart) || /custom-model/.test(rest)) {
    return skip('customized-model or customization price (no meter for the base model)', body);
  }
  const modality = /^(speech|image|audio|video)-|-(image|audio|video)-/.exec(dimension);
  if (modality) {
    return skip(`${modality[1] ?? modality[2]} tokens have their own price (no meter)`, body);
  }
  if (dimension === 'search-units') {
    return readQualifiers(words, new Qualifiers()) ? { modelPart, body, reading: { what: 'search-units' } } : skip(UNRECOGNIZED, body);
  }
  const q = new Qualifiers();
  if (!readQualifiers(words, q)) {
    return skip(UNRECOGNIZED, body);
  }
  const cache = /^cache-(read|write)(?:-(1h|5m))?-/.exec(dimension);
  const kind = cache ? cacheKind(cache[1] as 'read' | 'write', cache[2]) : dimension.includes('output') ? 'output-tokens' : 'input-tokens';
  return tokens(kind, q, body, { modelPart });
}

/** Takes a usagetype apart. */
export function readUsageType(usagetype: string): UsageType {
  const body = usagetype.replace(REGION_PREFIX, '');
  const marketplace = MARKETPLACE.exec(body);
  if (marketplace) {
    return readMarketplace(marketplace[1], body.replace(/^MP:[A-Z]{2,4}\d{0,2}_/, 'MP:*_'));
  }
  const mantle = MANTLE.exec(body);
  if (mantle) {
    return readMantle(mantle[1], mantle[2], body);
  }
  if (/^Guardrail/i.test(body)) {
    return { body, reading: { what: 'feature' } };
  }
  return readKebab(body);
}

const TIER_IN_TEXT: ReadonlyArray<[Tier, RegExp]> = (['batch', 'flex', 'priority'] as const).map(tier => [tier, new RegExp(`\\b${tier}\\b`)]);

/** The non-standard tiers the attributes name (service_tier, inferenceType, feature). */
export function attributeTiers(attributes: Attributes): Set<Tier> {
  const tiers = new Set<Tier>();
  const serviceTier = (attributes.service_tier ?? '').toLowerCase();
  if (serviceTier === 'flex' || serviceTier === 'priority' || serviceTier === 'batch') {
    tiers.add(serviceTier);
  }
  const inferenceType = (attributes.inferenceType ?? '').toLowerCase();
  for (const [tier, word] of TIER_IN_TEXT) {
    if (word.test(inferenceType)) {
      tiers.add(tier);
    }
  }
  if (/latency[- ]optimized/.test(inferenceType)) {
    tiers.add('latency-optimized');
  }
  const feature = (attributes.feature ?? '').toLowerCase();
  if (/^batch ?inference$/.test(feature)) {
    tiers.add('batch');
  }
  if (/latency[- ]optimized/.test(feature)) {
    tiers.add('latency-optimized');
  }
  return tiers;
}

/**
 * The token reading checked against the attributes: a tier the attributes name fills in a
 * usagetype that names none; a disagreement (tier or direction) is a reason to skip.
 */
export function withAttributes(reading: Reading, attributes: Attributes): Reading {
  if (reading.what !== 'tokens') {
    return reading;
  }
  const tiers = [...attributeTiers(attributes)];
  if (tiers.length > 1) {
    return { what: 'skip', reason: `attributes name two tiers (${tiers.join(', ')})` };
  }
  let tier = reading.tier;
  if (tiers.length === 1 && tiers[0] !== tier) {
    if (tier !== 'standard') {
      return { what: 'skip', reason: `usagetype says ${tier}, attributes say ${tiers[0]}` };
    }
    tier = tiers[0];
  }
  const inferenceType = (attributes.inferenceType ?? '').toLowerCase();
  const direction = /\binput\b/.test(inferenceType) ? 'input' : /\boutput\b/.test(inferenceType) ? 'output' : undefined;
  if (direction !== undefined && (reading.kind === 'input-tokens' || reading.kind === 'output-tokens') && !reading.kind.startsWith(direction)) {
    return { what: 'skip', reason: `usagetype says ${reading.kind}, inferenceType says ${attributes.inferenceType}` };
  }
  return { ...reading, tier };
}
