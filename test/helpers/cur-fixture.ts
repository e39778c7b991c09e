import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { CurColumn, CurColumnType } from '../../src/data-export/cur-columns';

/**
 * CUR 2.0-shaped Parquet fixtures, written by DuckDB the way Data Exports lays them out
 * (`<prefix>/<export>/data/BILLING_PERIOD=YYYY-MM/*.parquet`), and a DuckDB table over them
 * that stands in for the Glue table Athena queries.
 */

/** One CUR line; absent columns are NULL. Money as decimal strings, read into DOUBLE as CUR stores it. */
export type CurLine = Record<string, string | number | Record<string, string> | undefined> & {
  readonly billing_period: string;
};

const DUCKDB_TYPES: Record<CurColumnType, string> = {
  'string': 'VARCHAR',
  'double': 'DOUBLE',
  'timestamp': 'TIMESTAMP',
  'map<string,string>': 'MAP(VARCHAR, VARCHAR)',
};

export function duckdbType(type: CurColumnType): string {
  return DUCKDB_TYPES[type];
}

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  return instance.connect();
}

/** Writes the lines as the export's Parquet files under `dataDir` (the export's `data/` folder). */
export async function writeCurParquet(
  connection: DuckDBConnection, dataDir: string, columns: readonly CurColumn[], lines: readonly CurLine[],
): Promise<void> {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cur-lines-')), 'lines.json');
  fs.writeFileSync(json, lines.map(line => JSON.stringify(line)).join('\n') + '\n');
  const spec = [...columns.map(c => `${c.name}: '${duckdbType(c.type)}'`), "billing_period: 'VARCHAR'"].join(', ');
  const select = [...columns.map(c => c.name), 'billing_period AS BILLING_PERIOD'].join(', ');
  await connection.run(`COPY (SELECT ${select} FROM read_json('${json}', format = 'newline_delimited', columns = {${spec}}))
    TO '${dataDir}' (FORMAT PARQUET, PARTITION_BY (BILLING_PERIOD), OVERWRITE_OR_IGNORE)`);
}

/**
 * A view named `table` over the export's Parquet files, with the `billing_period` partition
 * column that the Glue table's partition projection gives Athena.
 */
export async function attachCurTable(connection: DuckDBConnection, table: string, dataDir: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE VIEW ${table} AS
    SELECT * EXCLUDE (BILLING_PERIOD), BILLING_PERIOD AS billing_period
    FROM read_parquet('${dataDir}/*/*.parquet', hive_partitioning = true, hive_types = {'BILLING_PERIOD': VARCHAR})`);
}

/** The Parquet schema of the files under `dataDir`: column name -> DuckDB type. */
export async function parquetSchema(connection: DuckDBConnection, dataDir: string): Promise<Record<string, string>> {
  const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${dataDir}/*/*.parquet', hive_partitioning = false)`);
  return Object.fromEntries(reader.getRowObjectsJson().map(row => [String(row.column_name), String(row.column_type)]));
}

/** Runs a named query with its one parameter (the billing month); rows as JSON-safe objects. */
export async function runNamedQuery(connection: DuckDBConnection, sql: string, billingPeriod: string): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql, [billingPeriod]);
  return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
}
