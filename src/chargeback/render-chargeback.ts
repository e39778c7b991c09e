import { Chargeback, ChargebackLine, Tokens } from './chargeback';
import { Dec } from '../pricing/decimal';
import { formatQuantity, formatUsd, ROUNDING_RULE, textTable } from '../pricing/render';

const TOP_CALLERS = 5;
/**
 * What the logs cannot say. AWS documents the service tier a request was served at in the API
 * response, CloudTrail and CloudWatch (model-id+flex, model-id+priority), not in the invocation
 * log record; nor the cache-write TTL.
 */
export const TIER_NOTE = 'Tokens are priced at the Standard tier: invocation logs do not record the service tier (Flex, Priority), '
  + 'so Flex calls are charged above and Priority calls below their bill; cache writes are priced at the 5-minute rate.';
/** How records without a requestMetadata key are shown. */
export const NO_METADATA_VALUE = '(none)';

const count = (n: bigint) => formatQuantity(Dec.fromBigInt(n));
const cost = (line: { cost?: Dec }) => (line.cost === undefined ? 'unpriced' : formatUsd(line.cost));
const tagsText = (tags: Record<string, string>) => Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ');
const TOKEN_HEADERS = ['Calls', 'Input tokens', 'Cache read', 'Cache write', 'Output tokens'];
const tokenCells = (t: Tokens) => [t.calls, t.inputTokens, t.cacheReadInputTokens, t.cacheWriteInputTokens, t.outputTokens].map(count);

/** A chargeback as markdown (for a PR or a wiki) or a plain table. */
export function renderChargeback(c: Chargeback, format: 'markdown' | 'table'): string {
  const md = format === 'markdown';
  const heading = (level: number, text: string) => (md ? `${'#'.repeat(level)} ${text}` : level === 2 ? `${text}\n${'='.repeat(text.length)}` : text);
  const period = c.from === undefined ? 'no records' : c.from === c.to ? c.from : `${c.from} to ${c.to}`;
  const out: string[] = [heading(2, `Bedrock chargeback from invocation logs, ${period}`), ''];
  out.push(`${count(BigInt(c.records))} records from ${c.files} file${c.files === 1 ? '' : 's'}; `
    + `${c.malformed} malformed line${c.malformed === 1 ? '' : 's'}${c.ignored ? `; ${c.ignored} control messages ignored` : ''}. `
    + `Prices in effect ${c.asOf ? `on ${c.asOf}` : "on each record's day"}${c.pricesAsOf.length ? ` (price sources dated ${c.pricesAsOf.join(', ')})` : ''}. `
    + TIER_NOTE);
  out.push('', `Total priced: ${md ? '**' : ''}${formatUsd(c.total)} USD${md ? '**' : ''}`
    + (c.unpricedCalls > 0n ? `, plus ${count(c.unpricedCalls)} calls that could not be priced (see below)` : '') + '.', '');

  if (c.profiles.length > 0) {
    out.push(heading(3, 'By profile'), '', textTable(
      ['Profile', 'Model', ...TOKEN_HEADERS, 'Cost (USD)', 'Tags'],
      c.profiles.map(p => [p.name, p.model ?? '?', ...tokenCells(p), cost(p), tagsText(p.tags)]),
      md, [false, false, true, true, true, true, true, true, false],
    ), '');
  }
  if (c.tags.length > 0) {
    out.push(heading(3, 'By cost-allocation tag'), '', textTable(
      ['Tag', 'Value', 'Profiles', 'Calls', 'Cost (USD)'],
      c.tags.map(t => [t.key, t.value, t.profiles.join(', '), count(t.calls),
        `${formatUsd(t.cost)}${t.unpricedProfiles ? ` + ${t.unpricedProfiles} unpriced` : ''}`]),
      md, [false, false, false, true, true],
    ), '');
  }
  if (c.metadataKeys.length > 0) {
    out.push(heading(3, 'By request metadata'), '',
      `Every call, through a profile or not, by its requestMetadata value; ${NO_METADATA_VALUE}: calls without the key.`, '',
      textTable(['Key', 'Value', ...TOKEN_HEADERS, 'Cost (USD)'],
        c.metadata.map(m => [m.key, m.value ?? NO_METADATA_VALUE, ...tokenCells(m),
          `${formatUsd(m.cost)}${m.unpricedCalls ? ` + ${count(m.unpricedCalls)} unpriced calls` : ''}`]),
        md, [false, false, true, true, true, true, true, true]), '');
  }
  if (c.direct.length > 0) {
    out.push(heading(3, 'Not through a profile'), '',
      'These calls named a model or system profile directly, so no cost-allocation tag sees them. Grant invoke through profiles only (grantInvoke) to close the gap.', '',
      textTable(['Model', 'Region', ...TOKEN_HEADERS, 'Cost (USD)'],
        c.direct.map(d => [d.name, d.pricingRegion ?? '', ...tokenCells(d), cost(d)]),
        md, [false, false, true, true, true, true, true, true]), '');
  }
  const callers = [...c.profiles, ...c.direct].flatMap(line => line.callers.slice(0, TOP_CALLERS).map(k => ({ line, k })));
  if (callers.length > 0) {
    out.push(heading(3, `Top callers (up to ${TOP_CALLERS} per profile or model)`), '', textTable(
      ['Profile or model', 'Caller', 'Calls', 'Input tokens', 'Output tokens', 'Cost (USD)'],
      callers.map(({ line, k }) => [line.name, k.caller || '(no identity)', count(k.calls), count(k.inputTokens), count(k.outputTokens), cost(k)]),
      md, [false, false, true, true, true, true],
    ), '');
  }
  const unpriced = [...c.profiles, ...c.direct].filter(l => l.unpriced !== undefined);
  if (unpriced.length > 0) {
    out.push(heading(3, 'Unpriced'), '', ...unpriced.map(l => `- ${l.name} (${l.modelId}): ${l.unpriced}`), '');
  }
  if (c.malformed > 0) {
    out.push(heading(3, 'Malformed lines'), '', `${c.malformed} line${c.malformed === 1 ? '' : 's'} could not be read as invocation records and ${c.malformed === 1 ? 'was' : 'were'} left out`
      + `${c.malformedExamples.length < c.malformed ? `; the first ${c.malformedExamples.length}` : ''}:`, '',
    ...c.malformedExamples.map(m => `- ${m.file}${m.line !== undefined ? `:${m.line}` : ''}${m.item}: ${m.reason}`), '');
  }
  out.push(ROUNDING_RULE, '');
  return out.join('\n');
}

function tokensJson(t: Tokens): Record<string, string> {
  return {
    calls: t.calls.toString(),
    inputTokens: t.inputTokens.toString(),
    cacheReadInputTokens: t.cacheReadInputTokens.toString(),
    cacheWriteInputTokens: t.cacheWriteInputTokens.toString(),
    outputTokens: t.outputTokens.toString(),
  };
}

function lineJson(l: ChargebackLine): Record<string, unknown> {
  return {
    name: l.name,
    modelId: l.modelId,
    model: l.model,
    pricingRegion: l.pricingRegion,
    tags: l.tags,
    ...tokensJson(l),
    costUsd: l.cost?.toFixed(),
    unpriced: l.unpriced,
    prices: l.prices.map(r => ({
      meter: r.meter, unitPriceUsd: r.unitPrice.toFixed(), source: r.source.id, line: r.line, effectiveDate: r.source.effectiveDate,
    })),
    callers: l.callers.map(k => ({ caller: k.caller, ...tokensJson(k), costUsd: k.cost?.toFixed() })),
  };
}

/** A chargeback as JSON: exact decimal strings for money, integer strings for counts. */
export function chargebackToJson(c: Chargeback): Record<string, unknown> {
  return {
    from: c.from,
    to: c.to,
    files: c.files,
    records: c.records,
    malformed: c.malformed,
    malformedExamples: c.malformedExamples,
    ignored: c.ignored,
    currency: 'USD',
    rounding: ROUNDING_RULE,
    pricesAsOf: c.pricesAsOf,
    asOf: c.asOf,
    serviceTier: 'standard',
    pricingNote: TIER_NOTE,
    totalUsd: c.total.toFixed(),
    unpricedCalls: c.unpricedCalls.toString(),
    profiles: c.profiles.map(lineJson),
    direct: c.direct.map(lineJson),
    tags: c.tags.map(t => ({
      key: t.key, value: t.value, profiles: t.profiles, calls: t.calls.toString(), costUsd: t.cost.toFixed(), unpricedProfiles: t.unpricedProfiles,
    })),
    metadataKeys: c.metadataKeys,
    metadata: c.metadata.map(m => ({
      key: m.key,
      value: m.value ?? NO_METADATA_VALUE,
      keyAbsent: m.value === null,
      ...tokensJson(m),
      costUsd: m.cost.toFixed(),
      unpricedCalls: m.unpricedCalls.toString(),
    })),
  };
}
