import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CostForecastSource } from './cost-forecast-source';
import { ForecastRow } from './cost-queries';
import { CurTimeGranularity } from './cur-time-granularity';
import { checkEnum, checkString, fail } from '../core/validation';

export { checkFlag } from '../core/validation';
import { RESERVED_TAG_PREFIX, TAG_KEY_RULE } from '../profiles/profile-rules';

// The checks of BedrockCostDataExport's props and the names it derives, apart from the construct.

/** Data Exports are created in us-east-1 only (the CloudFormation type exists nowhere else). */
export const EXPORT_REGION = 'us-east-1';
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const EXPORT_NAME_RULE = { minLength: 1, maxLength: 128, pattern: /^[0-9A-Za-z\-_]+$/, patternHelp: "letters, digits, '-' and '_'", fix: 'Use e.g. "bedrock-cur2", or omit exportName.' };
export const PREFIX_RULE = { minLength: 1, maxLength: 200, pattern: /^[a-zA-Z0-9!\-_.*'()]+(\/[a-zA-Z0-9!\-_.*'()]+)*$/, patternHelp: "S3 key segments of letters, digits and ! - _ . * ' ( ) separated by '/', no '/' at either end", fix: "Use e.g. 'cur2'." };
export const GLUE_NAME_RULE = { minLength: 1, maxLength: 255, pattern: /^[a-z0-9_]+$/, patternHelp: "lowercase letters, digits and '_' (what Athena reads without quoting)", fix: 'Use e.g. "bedrock_cost", or omit it.' };
export const WORK_GROUP_RULE = { minLength: 1, maxLength: 128, pattern: /^[a-zA-Z0-9._-]+$/, patternHelp: "letters, digits, '.', '_' and '-'", fix: 'Use e.g. "bedrock-cost", or omit workGroupName.' };
const DEFAULT_CUTOFF_BYTES = 10 * 1024 ** 3;
const MIN_CUTOFF_BYTES = 10_000_000;

export function checkRegion(scope: IConstruct, stack: Stack): void {
  if (Token.isUnresolved(stack.region)) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:dataExportRegion',
      `AWS Data Exports are created in ${EXPORT_REGION} only: deploy this stack to ${EXPORT_REGION} in the management (payer) account.`);
  } else if (stack.region !== EXPORT_REGION) {
    fail(scope, 'stack region', `is ${stack.region}, but AWS Data Exports (CUR 2.0) are created in ${EXPORT_REGION} only`,
      `Put BedrockCostDataExport in a stack with env: { region: '${EXPORT_REGION}' } in the management (payer) account.`, stack.region);
  }
}

export function checkTagKeys(scope: IConstruct, field: string, keys: unknown, required: boolean): string[] {
  if (!Array.isArray(keys) || (required && keys.length === 0)) {
    fail(scope, field, required ? 'must list at least one tag key' : 'must be a list of tag keys', "Pass e.g. ['Team', 'CostCenter'].", keys);
  }
  keys.forEach((key, i) => {
    checkString(scope, `${field}[${i}]`, key, TAG_KEY_RULE);
    if (Token.isUnresolved(key)) {
      fail(scope, `${field}[${i}]`, 'must be known at synthesis (the named queries name it)', 'Use a literal tag key.', key);
    }
    if ((key as string).toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      fail(scope, `${field}[${i}]`, 'is an AWS-generated tag (aws:…); these queries group by your own cost-allocation tags', 'List your own tag keys.', key);
    }
  });
  return [...new Set(keys as string[])];
}

export function checkGranularity(scope: IConstruct, value: unknown): CurTimeGranularity {
  return checkEnum(scope, 'timeGranularity', value, CurTimeGranularity, 'CurTimeGranularity', CurTimeGranularity.DAILY,
    'Use CurTimeGranularity.DAILY, HOURLY or MONTHLY.');
}

export function checked(scope: IConstruct, field: string, value: unknown, rule: typeof EXPORT_NAME_RULE): string {
  checkString(scope, field, value, rule);
  return value as string;
}

export function checkMonth(scope: IConstruct, value: unknown): string {
  if (value === undefined) {
    return '2025-01';
  }
  if (typeof value !== 'string' || !MONTH.test(value)) {
    fail(scope, 'billingPeriodsFrom', 'must be a month YYYY-MM', "Use e.g. '2026-01'.", value);
  }
  return value;
}

export function checkCutoff(scope: IConstruct, value: unknown): number {
  if (value === undefined) {
    return DEFAULT_CUTOFF_BYTES;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_CUTOFF_BYTES) {
    fail(scope, 'bytesScannedCutoffPerQuery', `must be a whole number of bytes, at least ${MIN_CUTOFF_BYTES} (Athena's minimum)`, 'Use e.g. 10 * 1024 ** 3 (10 GiB).', value);
  }
  return value;
}

export function checkTopCallers(scope: IConstruct, value: unknown): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)) {
    fail(scope, 'topCallers', 'must be a whole number from 1 to 1000', 'Use e.g. topCallers: 25.', value);
  }
  return value as number | undefined;
}

export function checkForecast(scope: IConstruct, value: unknown): (() => ForecastRow[]) | undefined {
  const source = value ?? CostForecastSource.fromApp();
  if (!(source instanceof CostForecastSource)) {
    fail(scope, 'forecast', 'must be a CostForecastSource', 'Use CostForecastSource.fromApp(), .fromCloudAssembly(dir) or .none().', value);
  }
  return source._bind(scope, 'forecast');
}

export function checkBucket(scope: IConstruct, bucket: unknown): s3.IBucket {
  if (bucket === null || typeof bucket !== 'object' || typeof (bucket as s3.IBucket).bucketName !== 'string') {
    fail(scope, 'bucket', 'is not an S3 bucket', 'Pass an s3.IBucket, or omit bucket to get a new one.', bucket);
  }
  return bucket as s3.IBucket;
}

export function checkKey(scope: IConstruct, key: unknown): kms.IKey {
  if (key === null || typeof key !== 'object' || typeof (key as kms.IKey).keyArn !== 'string') {
    fail(scope, 'resultsEncryptionKey', 'is not a KMS key', 'Pass a kms.IKey, or omit it for SSE_S3.', key);
  }
  return key as kms.IKey;
}

/** The forecast rows, computed once at synthesis; a forecast source without rows warns. */
export function lazyRows(scope: Construct, forecast: () => ForecastRow[]): () => ForecastRow[] {
  let cached: ForecastRow[] | undefined;
  const rows = () => (cached ??= forecast());
  scope.node.addValidation({
    validate: () => {
      if (rows().length === 0) {
        Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:noForecast',
          'The forecast source has no cost-allocation tag with a forecast, so the forecast-vs-actual query compares nothing. '
          + 'Give profiles expectedUsage, or use CostForecastSource.fromCloudAssembly(dir) or .none().');
      }
      return [];
    },
  });
  return rows;
}

export function stackName(stack: Stack): string {
  return Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
}

export function snake(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'stack';
}

/** `<stack>-<path in stack>`, letters, digits and the separator, at most `max` characters. */
export function derivedName(scope: IConstruct, separator: string, max: number): string {
  const stack = Stack.of(scope);
  const path = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  return [stackName(stack), ...path].join(separator).replace(/[^0-9A-Za-z]+/g, separator).replace(/^-+|-+$/g, '').slice(0, max);
}
