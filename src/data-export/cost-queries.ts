/**
 * The Athena named queries of `BedrockCostDataExport`, as SQL text. Plain functions without
 * aws-cdk-lib: the tests run the very same strings in DuckDB against a CUR 2.0 Parquet fixture.
 *
 * The SQL keeps to what Athena (Trino) and DuckDB both accept:
 * - a tag is read as `CASE WHEN contains(map_keys(tags), 'k') THEN tags['k'] END`: Trino's
 *   `tags['k']` fails on a missing key and DuckDB's `element_at` returns a list, but both
 *   agree on this form (CASE evaluates the subscript only when the key is there);
 * - money is summed as DECIMAL(38, 10), exact in both (the CUR column is a DOUBLE);
 * - the billing month is the one `?` parameter (Athena execution parameters, DuckDB prepared
 *   statements), compared directly with the partition column so Athena prunes partitions;
 * - `variance_percent` divides decimals: a DECIMAL in Athena, a DOUBLE in DuckDB, rounded to
 *   one place in both.
 */

/** One forecast row: a cost-allocation tag value and its expected monthly cost. */
export interface ForecastRow {
  /** `profile` for resource tags of inference profiles, `principal` for IAM principal tags. */
  readonly attribution: 'profile' | 'principal';
  readonly tagKey: string;
  readonly tagValue: string;
  /** Expected USD for the month, a decimal string. */
  readonly expectedUsd: string;
}

export interface CostQueryOptions {
  /** The Glue table over the export. */
  readonly table: string;
  /** Resource tag keys of the inference profiles (without the `resourceTags/` prefix). */
  readonly profileTagKeys: readonly string[];
  /** IAM principal tag keys (without the `iamPrincipal/` prefix). */
  readonly principalTagKeys: readonly string[];
  /** Whether the export has `line_item_iam_principal` (IAM principal data). */
  readonly iamPrincipalData: boolean;
  /**
   * Rows of the forecast table (possibly none).
   * @default - no forecast-vs-actual query
   */
  readonly forecast?: readonly ForecastRow[];
  /**
   * How many callers the top-callers query lists.
   * @default 25
   */
  readonly topCallers?: number;
}

export interface CostQuery {
  /** Stable id, also the construct id of the named query. */
  readonly id: string;
  /** The named query's name in Athena. */
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/** Prefixes of the tag keys in CUR 2.0's `tags` column (Data Exports user guide, "Tags column"). */
export const RESOURCE_TAG_PREFIX = 'resourceTags/';
export const PRINCIPAL_TAG_PREFIX = 'iamPrincipal/';
/** What a line without the tag is grouped under. */
export const UNTAGGED = '(untagged)';

const DECIMAL = 'DECIMAL(38, 10)';
const DEFAULT_TOP_CALLERS = 25;

/** The named queries, in a fixed order. */
export function costQueries(options: CostQueryOptions): CostQuery[] {
  const queries: CostQuery[] = [];
  if (options.profileTagKeys.length > 0) {
    queries.push({
      id: 'CostPerProfileTagPerDay',
      name: 'bedrock-cost-per-profile-tag-per-day',
      description: 'Bedrock cost per day and inference-profile tag value in a billing month (parameter: YYYY-MM)',
      sql: perTagPerDay(options),
    });
  }
  if (options.principalTagKeys.length > 0) {
    queries.push({
      id: 'CostPerPrincipalTag',
      name: 'bedrock-cost-per-principal-tag',
      description: 'Bedrock cost per IAM principal tag value in a billing month (parameter: YYYY-MM)',
      sql: perPrincipalTag(options),
    });
  }
  queries.push({
    id: 'CostPerModelAndRegion',
    name: 'bedrock-cost-per-model-and-region',
    description: 'Bedrock cost and usage per product, usage type (model and meter) and Region in a billing month (parameter: YYYY-MM)',
    sql: perModelAndRegion(options),
  });
  if (options.iamPrincipalData) {
    queries.push({
      id: 'TopCallers',
      name: 'bedrock-top-callers',
      description: 'The IAM users and roles that spent most on Bedrock in a billing month (parameter: YYYY-MM)',
      sql: topCallers(options),
    });
  }
  if (options.forecast !== undefined) {
    queries.push({
      id: 'ForecastVsActual',
      name: 'bedrock-forecast-vs-actual',
      description: 'Forecast (from the synthesized cost reports) vs actual Bedrock cost per tag value in a billing month (parameter: YYYY-MM)',
      sql: forecastVsActual(options),
    });
  }
  return queries;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A tag's value on a line, or NULL when the line does not carry it; the same SQL in Athena and DuckDB. */
export function tagValueSql(fullKey: string): string {
  const key = sqlString(fullKey);
  return `CASE WHEN contains(map_keys(tags), ${key}) THEN tags[${key}] END`;
}

interface TagColumn {
  readonly attribution: 'profile' | 'principal';
  readonly key: string;
  readonly column: string;
  readonly fullKey: string;
}

function tagColumns(attribution: 'profile' | 'principal', keys: readonly string[]): TagColumn[] {
  const prefix = attribution === 'profile' ? RESOURCE_TAG_PREFIX : PRINCIPAL_TAG_PREFIX;
  return [...new Set(keys)].map((key, i) => ({ attribution, key, column: `${attribution}_tag_${i}`, fullKey: `${prefix}${key}` }));
}

/**
 * The month's Bedrock usage lines. Bedrock is recognised by what it bills, never by service
 * name (third-party models bill under their own Marketplace product codes): a token meter in
 * the usage type (`...-input-tokens`, `..._InputTokenCount...`), an AmazonBedrock* product
 * code, a calling IAM principal, or one of the profile tags.
 */
function bedrockUsage(options: CostQueryOptions, columns: TagColumn[]): string {
  const profileTags = tagColumns('profile', options.profileTagKeys);
  const recognised = [
    "lower(line_item_usage_type) LIKE '%token%'",
    "line_item_product_code LIKE 'AmazonBedrock%'",
    ...(options.iamPrincipalData ? ["COALESCE(line_item_iam_principal, '') <> ''"] : []),
    ...profileTags.map(t => `contains(map_keys(tags), ${sqlString(t.fullKey)})`),
  ];
  const selected = [
    'CAST(line_item_usage_start_date AS DATE) AS usage_date',
    'line_item_product_code AS product_code',
    'line_item_usage_type AS usage_type',
    "COALESCE(product_region_code, '') AS region",
    'pricing_unit AS unit',
    `CAST(line_item_usage_amount AS ${DECIMAL}) AS usage_amount`,
    `CAST(line_item_unblended_cost AS ${DECIMAL}) AS cost`,
    ...(options.iamPrincipalData ? ["COALESCE(line_item_iam_principal, '') AS principal"] : []),
    ...columns.map(t => `COALESCE(${tagValueSql(t.fullKey)}, ${sqlString(UNTAGGED)}) AS ${t.column}`),
  ];
  return [
    'bedrock_usage AS (',
    `  SELECT ${selected.join(',\n    ')}`,
    `  FROM ${options.table}`,
    '  WHERE billing_period = ?',
    "    AND line_item_line_item_type = 'Usage'",
    `    AND (${recognised.join('\n      OR ')})`,
    ')',
  ].join('\n');
}

const money = (expression: string) => `CAST(${expression} AS ${DECIMAL})`;

function perTagPerDay(options: CostQueryOptions): string {
  const columns = tagColumns('profile', options.profileTagKeys);
  const parts = columns.map(t =>
    `SELECT usage_date, ${sqlString(t.key)} AS tag_key, ${t.column} AS tag_value, ${money('SUM(cost)')} AS cost_usd\n`
    + `FROM bedrock_usage GROUP BY usage_date, ${t.column}`);
  return [
    `WITH ${bedrockUsage(options, columns)}`,
    'SELECT usage_date, tag_key, tag_value, cost_usd FROM (',
    parts.join('\nUNION ALL\n'),
    ') per_tag',
    'ORDER BY usage_date, tag_key, tag_value',
  ].join('\n');
}

function perPrincipalTag(options: CostQueryOptions): string {
  const columns = tagColumns('principal', options.principalTagKeys);
  const callers = options.iamPrincipalData ? 'COUNT(DISTINCT principal)' : 'CAST(NULL AS BIGINT)';
  const parts = columns.map(t =>
    `SELECT ${sqlString(t.key)} AS tag_key, ${t.column} AS tag_value, ${money('SUM(cost)')} AS cost_usd, ${callers} AS callers\n`
    + `FROM bedrock_usage GROUP BY ${t.column}`);
  return [
    `WITH ${bedrockUsage(options, columns)}`,
    'SELECT tag_key, tag_value, cost_usd, callers FROM (',
    parts.join('\nUNION ALL\n'),
    ') per_tag',
    'ORDER BY tag_key, cost_usd DESC, tag_value',
  ].join('\n');
}

function perModelAndRegion(options: CostQueryOptions): string {
  return [
    `WITH ${bedrockUsage(options, [])}`,
    `SELECT product_code, usage_type, region, unit, ${money('SUM(usage_amount)')} AS usage_amount, ${money('SUM(cost)')} AS cost_usd`,
    'FROM bedrock_usage',
    'GROUP BY product_code, usage_type, region, unit',
    'ORDER BY cost_usd DESC, product_code, usage_type, region',
  ].join('\n');
}

function topCallers(options: CostQueryOptions): string {
  const limit = options.topCallers ?? DEFAULT_TOP_CALLERS;
  return [
    `WITH ${bedrockUsage(options, [])}`,
    "SELECT principal, regexp_extract(principal, 'assumed-role/([^/]+)', 1) AS role_name,",
    `  ${money('SUM(cost)')} AS cost_usd, COUNT(DISTINCT usage_type) AS usage_types`,
    'FROM bedrock_usage',
    "WHERE principal <> ''",
    'GROUP BY principal',
    'ORDER BY cost_usd DESC, principal',
    `LIMIT ${limit}`,
  ].join('\n');
}

function forecastVsActual(options: CostQueryOptions): string {
  const forecast = options.forecast ?? [];
  const keysOf = (attribution: 'profile' | 'principal') =>
    [...new Set(forecast.filter(f => f.attribution === attribution).map(f => f.tagKey))].sort();
  const columns = [...tagColumns('profile', keysOf('profile')), ...tagColumns('principal', keysOf('principal'))];
  const rows = [...forecast]
    .sort((a, b) => a.attribution.localeCompare(b.attribution) || a.tagKey.localeCompare(b.tagKey) || a.tagValue.localeCompare(b.tagValue))
    .map(f => `  (${sqlString(f.attribution)}, ${sqlString(f.tagKey)}, ${sqlString(f.tagValue)}, CAST(${sqlString(f.expectedUsd)} AS ${DECIMAL}))`);
  const actual = columns.map(t =>
    `  SELECT ${sqlString(t.attribution)} AS attribution, ${sqlString(t.key)} AS tag_key, ${t.column} AS tag_value, ${money('SUM(cost)')} AS actual_usd\n`
    + `  FROM bedrock_usage GROUP BY ${t.column}`);
  // Without rows, typed empty tables (a VALUES list cannot be empty); the month is still read, so the one parameter is used.
  const none = 'CAST(NULL AS VARCHAR)';
  const forecastTable = rows.length > 0 ? ['  VALUES', rows.join(',\n')] : [`  SELECT ${none}, ${none}, ${none}, CAST(NULL AS ${DECIMAL}) WHERE 1 = 0`];
  const actualTable = actual.length > 0 ? actual : [
    `  SELECT ${none} AS attribution, ${none} AS tag_key, ${none} AS tag_value, CAST(NULL AS ${DECIMAL}) AS actual_usd FROM bedrock_usage WHERE 1 = 0`,
  ];
  const actualOrZero = `COALESCE(a.actual_usd, ${money('0')})`;
  return [
    'WITH forecast (attribution, tag_key, tag_value, expected_usd) AS (',
    ...forecastTable,
    `), ${bedrockUsage(options, columns)},`,
    'actual AS (',
    actualTable.join('\n  UNION ALL\n'),
    ')',
    `SELECT f.attribution, f.tag_key, f.tag_value, f.expected_usd, ${actualOrZero} AS actual_usd,`,
    `  ${actualOrZero} - f.expected_usd AS variance_usd,`,
    `  CASE WHEN f.expected_usd > 0 THEN ROUND((${actualOrZero} - f.expected_usd) * 100 / f.expected_usd, 1) END AS variance_percent`,
    'FROM forecast f',
    'LEFT JOIN actual a ON a.attribution = f.attribution AND a.tag_key = f.tag_key AND a.tag_value = f.tag_value',
    'ORDER BY f.attribution, f.tag_key, f.tag_value',
  ].join('\n');
}
