/**
 * The data export's named queries over a generated CUR 2.0 Parquet export in DuckDB, in a
 * process of its own (DuckDB's API is asynchronous). Prints { lines, bytes, queries: [{ name,
 * rows, ms[] }] } as JSON.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DuckDBInstance } from '@duckdb/node-api';
import { costQueries } from '../src/data-export/cost-queries';
import { curColumns } from '../src/data-export/cur-columns';

const [dir, linesArg, roundsArg] = process.argv.slice(2);
const LINES = Number(linesArg);
const ROUNDS = Number(roundsArg);
const MONTH = '2026-11';
const TEAMS = ['search', 'chat', 'ads', 'support', 'platform'];

/** One column's value for line `i`, in DuckDB SQL; deterministic, spread like a busy month. */
const VALUES: Record<string, string> = {
  bill_billing_period_start_date: "CAST(BILLING_PERIOD || '-01' AS TIMESTAMP)",
  bill_payer_account_id: "'111122223333'",
  identity_line_item_id: 'md5(CAST(i AS VARCHAR))',
  identity_time_interval: "'2026-11-01T00:00:00Z/2026-12-01T00:00:00Z'",
  line_item_line_item_type: "CASE WHEN i % 50 = 0 THEN 'Credit' ELSE 'Usage' END",
  line_item_product_code: "(['AmazonBedrock', 'prod-claude-abc123', 'AmazonBedrock', 'AmazonEC2'])[i % 4 + 1]",
  line_item_usage_type: "(['USW2-NovaPro-input-tokens', 'USE1-MP:USE1_InputTokenCount-Units', 'USW2-NovaPro-output-tokens', 'USE1-BoxUsage:m7g.large', "
    + "'USE1-MP:USE1_OutputTokenCount_Global-Units', 'USW2-NovaLite-input-tokens', 'USE1-MP:USE1_CacheReadInputTokenCount-Units', 'USW2-NovaLite-output-tokens'])[i % 8 + 1]",
  line_item_operation: "'InvokeModel'",
  line_item_resource_id: "'arn:aws:bedrock:us-west-2:444455556666:application-inference-profile/p' || CAST(i % 200 AS VARCHAR)",
  line_item_usage_account_id: "'444455556666'",
  line_item_usage_start_date: "CAST(BILLING_PERIOD || '-01' AS TIMESTAMP) + to_days(CAST(i % 28 AS INTEGER))",
  line_item_usage_end_date: "CAST(BILLING_PERIOD || '-01' AS TIMESTAMP) + to_days(CAST(i % 28 + 1 AS INTEGER))",
  line_item_usage_amount: 'CAST(hash(i) % 100000 AS DOUBLE) / 100',
  line_item_unblended_cost: 'CAST(hash(i + 7) % 10000000 AS DOUBLE) / 1000000',
  line_item_net_unblended_cost: 'CAST(hash(i + 7) % 10000000 AS DOUBLE) / 1000000',
  pricing_unit: "'1K tokens'",
  product_region_code: "(['us-east-1', 'us-west-2', 'eu-west-1'])[i % 3 + 1]",
  product_servicecode: "'AmazonBedrock'",
  product: "MAP {'product_name': 'Amazon Bedrock'}",
  tags: `CASE WHEN i % 5 = 0 THEN MAP {}::MAP(VARCHAR, VARCHAR) ELSE MAP {
    'resourceTags/Team': (${JSON.stringify(TEAMS).replace(/"/g, "'")})[i % 5 + 1],
    'resourceTags/CostCenter': 'cc-' || CAST(i % 7 AS VARCHAR),
    'iamPrincipal/Team': (${JSON.stringify(TEAMS).replace(/"/g, "'")})[(i // 3) % 5 + 1]} END`,
  line_item_iam_principal: "'arn:aws:sts::444455556666:assumed-role/role-' || CAST(i % 500 AS VARCHAR) || '/session'",
};

async function main(): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const columns = curColumns(true);
  const data = path.join(dir, `cur-${LINES}`, 'data');
  if (!fs.existsSync(data)) {
    fs.mkdirSync(path.dirname(data), { recursive: true });
    const select = columns.map(c => `${VALUES[c.name]} AS ${c.name}`).join(',\n');
    await connection.run(`COPY (
      SELECT ${select}, BILLING_PERIOD FROM (
        SELECT i, CASE WHEN i % 10 < 8 THEN '${MONTH}' ELSE '2026-10' END AS BILLING_PERIOD FROM range(${LINES}) t(i)))
      TO '${data}' (FORMAT PARQUET, PARTITION_BY (BILLING_PERIOD))`);
  }
  const bytes = fs.readdirSync(data, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile()).reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
  await connection.run(`CREATE VIEW cur2 AS SELECT * EXCLUDE (BILLING_PERIOD), BILLING_PERIOD AS billing_period
    FROM read_parquet('${data}/*/*.parquet', hive_partitioning = true, hive_types = {'BILLING_PERIOD': VARCHAR})`);
  const forecast = TEAMS.map(team => ({ attribution: 'profile' as const, tagKey: 'Team', tagValue: team, expectedUsd: '100000' }));
  const queries = costQueries({ table: 'cur2', profileTagKeys: ['Team', 'CostCenter'], principalTagKeys: ['Team'], iamPrincipalData: true, forecast });
  const results = [];
  for (const query of queries) {
    const ms: number[] = [];
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = process.hrtime.bigint();
      const reader = await connection.runAndReadAll(query.sql, [MONTH]);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      rows = reader.currentRowCount;
    }
    results.push({ name: query.name, rows, ms });
  }
  process.stdout.write(JSON.stringify({ lines: LINES, bytes, queries: results }));
}

main().catch(e => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
