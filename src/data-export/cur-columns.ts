/**
 * The CUR 2.0 columns the Bedrock cost export selects: one list that the export's query
 * statement, the Glue table and the tests' Parquet fixture are all made from, so they cannot
 * drift apart.
 *
 * Names and types are AWS's CUR 2.0 data dictionary (Data Exports user guide, table
 * "Cost and Usage Report (CUR) 2.0"), as AWS's Cloud Intelligence Dashboards data-exports
 * stack declares them for Athena (aws-solutions-library-samples/
 * cloud-intelligence-dashboards-data-collection, data-exports/deploy/data-exports-aggregation.yaml,
 * read 2026-12). `line_item_iam_principal` is only in exports with IAM principal data on.
 */

/** A column type as Glue (Hive DDL) spells it. */
export type CurColumnType = 'string' | 'double' | 'timestamp' | 'map<string,string>';

export interface CurColumn {
  readonly name: string;
  readonly type: CurColumnType;
  /** What the queries use it for. */
  readonly use: string;
}

export const CUR_COLUMNS: readonly CurColumn[] = [
  { name: 'bill_billing_period_start_date', type: 'timestamp', use: 'the billing month' },
  { name: 'bill_payer_account_id', type: 'string', use: 'the payer account' },
  { name: 'identity_line_item_id', type: 'string', use: 'line item identity' },
  { name: 'identity_time_interval', type: 'string', use: 'line item identity' },
  { name: 'line_item_line_item_type', type: 'string', use: 'Usage, Credit, Tax, ...: the queries count Usage' },
  { name: 'line_item_product_code', type: 'string', use: 'AmazonBedrock or the Marketplace product of a third-party model' },
  { name: 'line_item_usage_type', type: 'string', use: 'names the model and meter, e.g. USE1-Claude4.6Sonnet-input-tokens' },
  { name: 'line_item_operation', type: 'string', use: 'the API operation' },
  { name: 'line_item_resource_id', type: 'string', use: 'the inference profile ARN (with resource ids included)' },
  { name: 'line_item_usage_account_id', type: 'string', use: 'the account that made the calls' },
  { name: 'line_item_usage_start_date', type: 'timestamp', use: 'the day of use' },
  { name: 'line_item_usage_end_date', type: 'timestamp', use: 'the end of the usage interval' },
  { name: 'line_item_usage_amount', type: 'double', use: 'tokens (in pricing_unit)' },
  { name: 'line_item_unblended_cost', type: 'double', use: 'the cost the queries sum' },
  { name: 'line_item_net_unblended_cost', type: 'double', use: 'the cost after discounts' },
  { name: 'pricing_unit', type: 'string', use: 'the unit of line_item_usage_amount' },
  { name: 'product_region_code', type: 'string', use: 'the Region' },
  { name: 'product_servicecode', type: 'string', use: 'the service code' },
  { name: 'product', type: 'map<string,string>', use: 'other product attributes (product_name, ...)' },
  { name: 'tags', type: 'map<string,string>', use: 'activated cost-allocation tags, keys prefixed resourceTags/ or iamPrincipal/' },
];

/** Only in exports with IAM principal data (table configuration INCLUDE_IAM_PRINCIPAL_DATA). */
export const IAM_PRINCIPAL_COLUMN: CurColumn = {
  name: 'line_item_iam_principal',
  type: 'string',
  use: 'the IAM user or role session that made the Bedrock call',
};

/** The partition column the Glue table projects from the export's BILLING_PERIOD=YYYY-MM folders. */
export const BILLING_PERIOD_COLUMN = 'billing_period';

/** The columns of an export, with or without IAM principal data. */
export function curColumns(iamPrincipalData: boolean): CurColumn[] {
  return iamPrincipalData ? [...CUR_COLUMNS, IAM_PRINCIPAL_COLUMN] : [...CUR_COLUMNS];
}

/** The Data Exports query statement selecting the columns from the CUR 2.0 table. */
export function exportQueryStatement(columns: readonly CurColumn[]): string {
  return `SELECT ${columns.map(c => c.name).join(', ')} FROM COST_AND_USAGE_REPORT`;
}
