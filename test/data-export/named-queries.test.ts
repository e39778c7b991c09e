import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBConnection } from '@duckdb/node-api';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BedrockCostDataExport, BedrockModelId, CostAllocatedProfile, CostForecastSource, PrincipalCostTags, ProfileSource } from '../../src';
import { CurColumn } from '../../src/data-export/cur-columns';
import { Dec } from '../../src/pricing/decimal';
import { attachCurTable, CurLine, duckdbType, openDuckDb, parquetSchema, runNamedQuery, writeCurParquet } from '../helpers/cur-fixture';

/**
 * The named queries exactly as synthesized, run in DuckDB over CUR 2.0-shaped Parquet written
 * in the export's folder layout, against an independent reference computed here with exact
 * decimals.
 */

const MONTH = '2026-11';
const PROFILE_KEYS = ['Team', 'CostCenter'];
const PRINCIPAL_KEYS = ['Team'];
const UNTAGGED = '(untagged)';

interface Synthesized {
  readonly columns: CurColumn[];
  readonly table: string;
  readonly queries: Record<string, string>;
  readonly forecast: Record<string, string>;
}

function synthesize(iamPrincipalData: boolean): Synthesized {
  const app = new App();
  const workloads = new Stack(app, 'Workloads', { env: { account: '444455556666', region: 'us-west-2' } });
  const sonnet = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
  const usage = (requestsPerDay: number) => ({ daysPerMonth: 30, requestsPerDay, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 });
  const search = new CostAllocatedProfile(workloads, 'Search', { source: sonnet, costAllocationTags: { Team: 'search', CostCenter: 'cc-1' }, expectedUsage: usage(10), pricesAsOf: '2025-03-01' });
  const chat = new CostAllocatedProfile(workloads, 'Chat', { source: sonnet, costAllocationTags: { Team: 'chat', CostCenter: 'cc-2' }, expectedUsage: usage(20), pricesAsOf: '2025-03-01' });
  // The search service's callers carry its tag too: the principal view of the forecast.
  new PrincipalCostTags(workloads, 'SearchCallers', { costAllocationTags: { Team: 'search' }, roleNames: ['search-fn'], profiles: [search] });
  const billing = new Stack(app, 'Billing', { env: { account: '111122223333', region: 'us-east-1' } });
  new BedrockCostDataExport(billing, 'Cur', {
    profileTagKeys: PROFILE_KEYS,
    principalTagKeys: PRINCIPAL_KEYS,
    iamPrincipalData,
    topCallers: 3,
    forecast: CostForecastSource.fromApp(),
  });
  const template = Template.fromStack(billing).toJSON();
  const resources = Object.values<any>(template.Resources);
  const table = resources.find(r => r.Type === 'AWS::Glue::Table').Properties.TableInput;
  return {
    columns: table.StorageDescriptor.Columns.map((c: any) => ({ name: c.Name, type: c.Type, use: c.Comment })),
    table: table.Name,
    queries: Object.fromEntries(resources.filter(r => r.Type === 'AWS::Athena::NamedQuery').map(r => [r.Properties.Name, r.Properties.QueryString])),
    forecast: {
      'profile:Team=search': search.costForecast!.expectedMonthlyUsd,
      'profile:Team=chat': chat.costForecast!.expectedMonthlyUsd,
      'profile:CostCenter=cc-1': search.costForecast!.expectedMonthlyUsd,
      'profile:CostCenter=cc-2': chat.costForecast!.expectedMonthlyUsd,
      'principal:Team=search': search.costForecast!.expectedMonthlyUsd,
    },
  };
}

/** A small deterministic generator (the fixture must be the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const PRINCIPALS = [
  'arn:aws:sts::444455556666:assumed-role/search-fn/checkout',
  'arn:aws:sts::444455556666:assumed-role/chat-fn/s1',
  'arn:aws:iam::444455556666:user/alice',
  'arn:aws:sts::444455556666:assumed-role/batch/j-1',
];
const USAGE = [
  ['AmazonBedrock', 'USW2-NovaPro-input-tokens', 'us-west-2', '1K tokens'],
  ['AmazonBedrock', 'USW2-NovaPro-output-tokens', 'us-west-2', '1K tokens'],
  ['prod-claude-abc123', 'USE1-MP:USE1_InputTokenCount-Units', 'us-east-1', 'Units'],
  ['prod-claude-abc123', 'USE1-MP:USE1_OutputTokenCount_Global-Units', 'us-east-1', 'Units'],
];

/** CUR lines: Bedrock usage in two months, with and without tags and principals, plus lines the queries must ignore. */
function curLines(iamPrincipalData: boolean): CurLine[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const money = () => (Math.floor(next() * 1e9) / 1e6).toFixed(6); // up to 1,000 USD, exact in 10 places
  const lines: CurLine[] = [];
  for (let i = 0; i < 400; i++) {
    const [productCode, usageType, region, unit] = pick(USAGE);
    const team = pick(['search', 'chat', undefined]);
    const tags: Record<string, string> = {};
    if (team) {
      tags['resourceTags/Team'] = team;
      if (next() < 0.7) {
        tags['resourceTags/CostCenter'] = team === 'search' ? 'cc-1' : 'cc-2';
      }
    }
    const principal = pick(PRINCIPALS);
    if (next() < 0.6) {
      tags['iamPrincipal/Team'] = principal.includes('search') ? 'search' : principal.includes('chat') ? 'chat' : 'platform';
    }
    const day = 1 + Math.floor(next() * 28);
    const month = next() < 0.8 ? MONTH : '2026-10';
    lines.push({
      billing_period: month,
      line_item_line_item_type: next() < 0.95 ? 'Usage' : 'Credit',
      line_item_product_code: productCode,
      line_item_usage_type: usageType,
      product_region_code: region,
      pricing_unit: unit,
      line_item_usage_start_date: `${month}-${String(day).padStart(2, '0')} 00:00:00`,
      line_item_usage_amount: Number((Math.floor(next() * 1e7) / 1e3).toFixed(3)),
      line_item_unblended_cost: Number(money()),
      tags,
      ...(iamPrincipalData ? { line_item_iam_principal: next() < 0.9 ? principal : '' } : {}),
    });
  }
  // Not Bedrock: EC2, even with a tag key the queries do not read.
  lines.push({
    billing_period: MONTH,
    line_item_line_item_type: 'Usage',
    line_item_product_code: 'AmazonEC2',
    line_item_usage_type: 'USE1-BoxUsage:m7g.large',
    line_item_usage_start_date: `${MONTH}-03 00:00:00`,
    line_item_unblended_cost: 99.5,
    line_item_usage_amount: 24,
    tags: { 'resourceTags/Owner': 'x' },
  });
  // Not Bedrock by usage type or product, but carrying a profile tag: attributed, as a budget on the tag would.
  lines.push({
    billing_period: MONTH,
    line_item_line_item_type: 'Usage',
    line_item_product_code: 'AmazonS3',
    line_item_usage_type: 'USE1-TimedStorage-ByteHrs',
    line_item_usage_start_date: `${MONTH}-04 00:00:00`,
    line_item_unblended_cost: 1.25,
    line_item_usage_amount: 10,
    tags: { 'resourceTags/Team': 'search' },
  });
  return lines;
}

/** The reference: which lines count, with their fields read the way the queries are meant to. */
function counted(lines: CurLine[], iamPrincipalData: boolean) {
  return lines.filter(l => {
    const tags = (l.tags ?? {}) as Record<string, string>;
    return l.billing_period === MONTH && l.line_item_line_item_type === 'Usage' && (
      String(l.line_item_usage_type).toLowerCase().includes('token')
      || String(l.line_item_product_code).startsWith('AmazonBedrock')
      || (iamPrincipalData && (l.line_item_iam_principal ?? '') !== '')
      || PROFILE_KEYS.some(k => `resourceTags/${k}` in tags));
  }).map(l => ({
    date: String(l.line_item_usage_start_date).slice(0, 10),
    tags: (l.tags ?? {}) as Record<string, string>,
    cost: Dec.parse(Number(l.line_item_unblended_cost).toFixed(10)),
    amount: Dec.parse(Number(l.line_item_usage_amount ?? 0).toFixed(10)),
    principal: String(l.line_item_iam_principal ?? ''),
    usageType: String(l.line_item_usage_type),
    productCode: String(l.line_item_product_code),
    region: String(l.product_region_code ?? ''),
    unit: l.pricing_unit === undefined ? null : String(l.pricing_unit),
  }));
}

function sums<T>(items: T[], key: (item: T) => string, value: (item: T) => Dec): Map<string, Dec> {
  const map = new Map<string, Dec>();
  for (const item of items) {
    map.set(key(item), (map.get(key(item)) ?? Dec.ZERO).plus(value(item)));
  }
  return map;
}

const ten = (d: Dec) => d.toFixed(10);

interface Fixture {
  readonly connection: DuckDBConnection;
  readonly synthesized: Synthesized;
  readonly lines: CurLine[];
  readonly dataDir: string;
}

async function fixture(iamPrincipalData: boolean): Promise<Fixture> {
  const synthesized = synthesize(iamPrincipalData);
  const connection = await openDuckDb();
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cur-export-')), 'cur2', 'Billing-Cur', 'data');
  const lines = curLines(iamPrincipalData);
  await writeCurParquet(connection, dataDir, synthesized.columns, lines);
  await attachCurTable(connection, synthesized.table, dataDir);
  return { connection, synthesized, lines, dataDir };
}

describe('the named queries, run in DuckDB on a CUR 2.0 Parquet fixture', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture(true);
  });

  test('the fixture is laid out like the export and typed like the Glue table', async () => {
    expect(fs.readdirSync(f.dataDir).sort()).toEqual(['BILLING_PERIOD=2026-10', 'BILLING_PERIOD=2026-11']);
    expect(await parquetSchema(f.connection, f.dataDir)).toEqual(Object.fromEntries(f.synthesized.columns.map(c => [c.name, duckdbType(c.type)])));
  });

  test('cost per profile tag per day: every key, untagged Bedrock lines under "(untagged)", other months, credits and EC2 left out', async () => {
    const rows = await runNamedQuery(f.connection, f.synthesized.queries['bedrock-cost-per-profile-tag-per-day'], MONTH);
    const lines = counted(f.lines, true);
    const expected = PROFILE_KEYS.flatMap(key => [...sums(lines, l => `${l.date}\u0000${l.tags[`resourceTags/${key}`] ?? UNTAGGED}`, l => l.cost)]
      .map(([k, cost]) => ({ usage_date: k.split('\u0000')[0], tag_key: key, tag_value: k.split('\u0000')[1], cost_usd: ten(cost) })));
    const order = (r: any) => `${r.usage_date} ${r.tag_key} ${r.tag_value}`;
    expect(rows).toEqual(expected.sort((a, b) => order(a).localeCompare(order(b))));
    expect(rows.some(r => r.tag_value === UNTAGGED)).toBe(true);
    const total = Dec.sum(rows.filter(r => r.tag_key === 'Team').map(r => Dec.parse(String(r.cost_usd))));
    expect(ten(total)).toBe(ten(Dec.sum(lines.map(l => l.cost))));
  });

  test('cost per principal tag, with the number of distinct callers', async () => {
    const rows = await runNamedQuery(f.connection, f.synthesized.queries['bedrock-cost-per-principal-tag'], MONTH);
    const lines = counted(f.lines, true);
    const byValue = new Map<string, { cost: Dec; callers: Set<string> }>();
    for (const l of lines) {
      const value = l.tags['iamPrincipal/Team'] ?? UNTAGGED;
      const entry = byValue.get(value) ?? { cost: Dec.ZERO, callers: new Set<string>() };
      entry.cost = entry.cost.plus(l.cost);
      entry.callers.add(l.principal);
      byValue.set(value, entry);
    }
    expect(rows).toEqual([...byValue].map(([value, e]) => ({ tag_key: 'Team', tag_value: value, cost_usd: ten(e.cost), callers: String(e.callers.size) }))
      .sort((a, b) => Dec.parse(b.cost_usd).compare(Dec.parse(a.cost_usd)) || a.tag_value.localeCompare(b.tag_value)));
  });

  test('cost per model and Region, by product (Marketplace models under their own product code)', async () => {
    const rows = await runNamedQuery(f.connection, f.synthesized.queries['bedrock-cost-per-model-and-region'], MONTH);
    const lines = counted(f.lines, true);
    const key = (l: ReturnType<typeof counted>[number]) => JSON.stringify([l.productCode, l.usageType, l.region, l.unit]);
    const cost = sums(lines, key, l => l.cost);
    const amount = sums(lines, key, l => l.amount);
    const expected = [...cost].map(([k, c]) => {
      const [product_code, usage_type, region, unit] = JSON.parse(k) as [string, string, string, string | null];
      return { product_code, usage_type, region, unit, usage_amount: ten(amount.get(k)!), cost_usd: ten(c) };
    }).sort((a, b) => Dec.parse(b.cost_usd).compare(Dec.parse(a.cost_usd))
      || a.product_code.localeCompare(b.product_code) || a.usage_type.localeCompare(b.usage_type));
    expect(rows).toEqual(expected);
    expect(rows.map(r => r.product_code)).toContain('prod-claude-abc123');
    expect(rows.map(r => r.product_code)).not.toContain('AmazonEC2');
  });

  test('top callers: the most expensive principals first, with the role name, limited', async () => {
    const rows = await runNamedQuery(f.connection, f.synthesized.queries['bedrock-top-callers'], MONTH);
    const lines = counted(f.lines, true).filter(l => l.principal !== '');
    const cost = sums(lines, l => l.principal, l => l.cost);
    const types = new Map<string, Set<string>>();
    lines.forEach(l => types.set(l.principal, (types.get(l.principal) ?? new Set()).add(l.usageType)));
    const expected = [...cost].sort((a, b) => b[1].compare(a[1]) || a[0].localeCompare(b[0])).slice(0, 3).map(([principal, c]) => ({
      principal,
      role_name: /assumed-role\/([^/]+)/.exec(principal)?.[1] ?? '',
      cost_usd: ten(c),
      usage_types: String(types.get(principal)!.size),
    }));
    expect(rows).toEqual(expected);
  });

  test('forecast vs actual: the forecast from the cost reports next to the month\'s actual per tag value, with the variance', async () => {
    const rows = await runNamedQuery(f.connection, f.synthesized.queries['bedrock-forecast-vs-actual'], MONTH);
    const lines = counted(f.lines, true);
    const expected = Object.entries(f.synthesized.forecast).map(([tag, forecast]) => {
      const [attribution, keyValue] = tag.split(':');
      const [key, value] = keyValue.split('=');
      const prefix = attribution === 'profile' ? 'resourceTags/' : 'iamPrincipal/';
      const actual = Dec.sum(lines.filter(l => l.tags[`${prefix}${key}`] === value).map(l => l.cost));
      const expectedUsd = Dec.parse(forecast);
      const variance = actual.minus(expectedUsd);
      return {
        attribution,
        tag_key: key,
        tag_value: value,
        expected_usd: ten(expectedUsd),
        actual_usd: ten(actual),
        variance_usd: ten(variance),
        variance_percent: Number(variance.times(Dec.parse('100')).divide(expectedUsd, 1, 'half-up').toFixed(1)),
      };
    }).sort((a, b) => a.attribution.localeCompare(b.attribution) || a.tag_key.localeCompare(b.tag_key) || a.tag_value.localeCompare(b.tag_value));
    expect(rows).toEqual(expected);
    expect(rows.map(r => r.attribution)).toContain('principal');
  });

  test('an empty month gives no rows, not an error', async () => {
    for (const [name, sql] of Object.entries(f.synthesized.queries)) {
      const rows = await runNamedQuery(f.connection, sql, '2026-01');
      if (name === 'bedrock-forecast-vs-actual') {
        expect(rows.length).toBe(5);
        expect(rows.every(r => r.actual_usd === '0.0000000000' && r.variance_percent === -100)).toBe(true);
      } else {
        expect(rows).toEqual([]);
      }
    }
  });

  test('without IAM principal data the queries never read line_item_iam_principal, and still run', async () => {
    const g = await fixture(false);
    expect(Object.keys(g.synthesized.queries)).not.toContain('bedrock-top-callers');
    for (const sql of Object.values(g.synthesized.queries)) {
      expect(sql).not.toContain('line_item_iam_principal');
      await runNamedQuery(g.connection, sql, MONTH);
    }
    const rows = await runNamedQuery(g.connection, g.synthesized.queries['bedrock-cost-per-principal-tag'], MONTH);
    expect(rows.every(r => r.callers === null)).toBe(true);
  });
});
