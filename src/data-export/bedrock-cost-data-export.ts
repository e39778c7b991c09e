import { Annotations, CfnResource, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as bcm from 'aws-cdk-lib/aws-bcmdataexports';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { CostForecastSource } from './cost-forecast-source';
import { costQueries, CostQueryOptions, ForecastRow } from './cost-queries';
import { BILLING_PERIOD_COLUMN, curColumns, exportQueryStatement } from './cur-columns';
import { addNagSuppression } from '../core/nag';
import { checkString, fail } from '../core/validation';
import { RESERVED_TAG_PREFIX, TAG_KEY_RULE } from '../profiles/profile-rules';

/** The granularity of the export's line items. */
export enum CurTimeGranularity {
  HOURLY = 'HOURLY',
  DAILY = 'DAILY',
  MONTHLY = 'MONTHLY',
}

/** Data Exports are created in us-east-1 only (the CloudFormation type exists nowhere else). */
const EXPORT_REGION = 'us-east-1';
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const EXPORT_NAME_RULE = { minLength: 1, maxLength: 128, pattern: /^[0-9A-Za-z\-_]+$/, patternHelp: "letters, digits, '-' and '_'", fix: 'Use e.g. "bedrock-cur2", or omit exportName.' };
const PREFIX_RULE = { minLength: 1, maxLength: 200, pattern: /^[a-zA-Z0-9!\-_.*'()]+(\/[a-zA-Z0-9!\-_.*'()]+)*$/, patternHelp: "S3 key segments of letters, digits and ! - _ . * ' ( ) separated by '/', no '/' at either end", fix: "Use e.g. 'cur2'." };
const GLUE_NAME_RULE = { minLength: 1, maxLength: 255, pattern: /^[a-z0-9_]+$/, patternHelp: "lowercase letters, digits and '_' (what Athena reads without quoting)", fix: 'Use e.g. "bedrock_cost", or omit it.' };
const WORK_GROUP_RULE = { minLength: 1, maxLength: 128, pattern: /^[a-zA-Z0-9._-]+$/, patternHelp: "letters, digits, '.', '_' and '-'", fix: 'Use e.g. "bedrock-cost", or omit workGroupName.' };
const DEFAULT_CUTOFF_BYTES = 10 * 1024 ** 3;
const MIN_CUTOFF_BYTES = 10_000_000;
const RESULTS_PREFIX = 'athena-results';

/** Properties of a `BedrockCostDataExport`. */
export interface BedrockCostDataExportProps {
  /**
   * Resource tag keys of the inference profiles (`Team`, `CostCenter`, ...): the
   * cost-per-profile-tag query groups by each. Activate them as cost-allocation tags.
   */
  readonly profileTagKeys: string[];

  /**
   * IAM principal tag keys: the cost-per-principal-tag query groups by each
   * (`iamPrincipal/<key>` in CUR 2.0). Activate them as cost-allocation tags.
   *
   * @default - the profile tag keys (roles tagged like the profiles they call)
   */
  readonly principalTagKeys?: string[];

  /**
   * Where the forecast-vs-actual query takes the forecast from.
   *
   * @default CostForecastSource.fromApp()
   */
  readonly forecast?: CostForecastSource;

  /**
   * Include IAM principal data (table configuration `INCLUDE_IAM_PRINCIPAL_DATA`): the
   * `line_item_iam_principal` column, which the top-callers query reads.
   *
   * @default true
   */
  readonly iamPrincipalData?: boolean;

  /**
   * The export's name, unique in the account: letters, digits, '-' and '_'. Create-only.
   *
   * @default - derived from the stack name and construct path
   */
  readonly exportName?: string;

  /**
   * Line-item granularity. Create-only in effect: AWS re-delivers the month in the new one.
   *
   * @default CurTimeGranularity.DAILY
   */
  readonly timeGranularity?: CurTimeGranularity;

  /**
   * An existing bucket for the export (and the query results) instead of a new one. A bucket
   * defined in this app gets the policy statement Data Exports needs; for an imported bucket,
   * synthesis warns and prints the statement to add.
   *
   * @default - a new bucket: S3-managed encryption, TLS only, public access blocked, retained
   */
  readonly bucket?: s3.IBucket;

  /**
   * S3 key prefix of the export.
   *
   * @default 'cur2'
   */
  readonly prefix?: string;

  /**
   * Bucket for S3 server access logs of a new bucket.
   *
   * @default - no access logs (a cdk-nag suppression records why)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Encrypt Athena query results with this KMS key (SSE_KMS).
   *
   * @default - SSE_S3
   */
  readonly resultsEncryptionKey?: kms.IKey;

  /**
   * First billing month (YYYY-MM) the Glue table projects; months before it are not read.
   *
   * @default '2025-01'
   */
  readonly billingPeriodsFrom?: string;

  /**
   * Glue database name.
   *
   * @default - derived from the stack name, e.g. `billing_bedrock_cost`
   */
  readonly databaseName?: string;

  /**
   * Glue table name.
   *
   * @default 'cur2'
   */
  readonly tableName?: string;

  /**
   * Athena workgroup name.
   *
   * @default - derived from the stack name and construct path
   */
  readonly workGroupName?: string;

  /**
   * Athena cancels a query in the workgroup that scans more than this many bytes.
   *
   * @default 10 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;

  /**
   * How many callers the top-callers query lists.
   *
   * @default 25
   */
  readonly topCallers?: number;
}

/**
 * The billed truth for Bedrock at organization scale: a CUR 2.0 export (AWS Data Exports,
 * Parquet, with resource ids, tags and IAM principal data) into S3, a Glue table over it with
 * partition projection by billing month, an Athena workgroup with encrypted results, and named
 * queries: cost per profile tag per day, per principal tag, per model and Region, the top
 * callers, and forecast vs actual.
 *
 * Deploy it in the management (payer) account, in us-east-1: Data Exports are created there
 * (a concrete other Region is an error at synthesis).
 *
 * @example
 * new BedrockCostDataExport(this, 'Cur', { profileTagKeys: ['Team', 'CostCenter'] });
 *
 * @resource AWS::BCMDataExports::Export
 */
export class BedrockCostDataExport extends Construct {
  /** The bucket the export and the query results are written to. */
  public readonly bucket: s3.IBucket;
  /** The export's name. */
  public readonly exportName: string;
  /** The export ARN. */
  public readonly exportArn: string;
  /** The Glue database. */
  public readonly databaseName: string;
  /** The Glue table over the export. */
  public readonly tableName: string;
  /** The Athena workgroup the named queries belong to. */
  public readonly workGroupName: string;
  /** `s3://bucket/prefix/export/data/`: where the Parquet files are. */
  public readonly dataLocation: string;
  /** The named queries, by id (CostPerProfileTagPerDay, CostPerPrincipalTag, CostPerModelAndRegion, TopCallers, ForecastVsActual). */
  public readonly namedQueries: { [id: string]: athena.CfnNamedQuery };
  private readonly resultsLocation: string;
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: BedrockCostDataExportProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', "Pass at least { profileTagKeys: ['Team'] }.", props);
    }
    const stack = Stack.of(this);
    checkRegion(this, stack);
    const profileTagKeys = checkTagKeys(this, 'profileTagKeys', props.profileTagKeys, true);
    const principalTagKeys = props.principalTagKeys === undefined ? profileTagKeys : checkTagKeys(this, 'principalTagKeys', props.principalTagKeys, false);
    const iamPrincipalData = checkFlag(this, 'iamPrincipalData', props.iamPrincipalData, true);
    const granularity = checkGranularity(this, props.timeGranularity);
    this.prefix = props.prefix === undefined ? 'cur2' : checked(this, 'prefix', props.prefix, PREFIX_RULE);
    this.exportName = props.exportName === undefined ? derivedName(this, '-', 128) : checked(this, 'exportName', props.exportName, EXPORT_NAME_RULE);
    this.databaseName = props.databaseName === undefined ? `${snake(stackName(stack))}_bedrock_cost`.slice(0, 255) : checked(this, 'databaseName', props.databaseName, GLUE_NAME_RULE);
    this.tableName = props.tableName === undefined ? 'cur2' : checked(this, 'tableName', props.tableName, GLUE_NAME_RULE);
    this.workGroupName = props.workGroupName === undefined ? derivedName(this, '-', 128) : checked(this, 'workGroupName', props.workGroupName, WORK_GROUP_RULE);
    const from = checkMonth(this, props.billingPeriodsFrom);
    const cutoff = checkCutoff(this, props.bytesScannedCutoffPerQuery);
    const topCallers = checkTopCallers(this, props.topCallers);
    const forecast = checkForecast(this, props.forecast);

    this.bucket = props.bucket === undefined ? this.newBucket(props.serverAccessLogsBucket) : checkBucket(this, props.bucket);
    const dataKey = `${this.prefix}/${this.exportName}/data`;
    this.dataLocation = `s3://${this.bucket.bucketName}/${dataKey}/`;
    this.resultsLocation = `s3://${this.bucket.bucketName}/${RESULTS_PREFIX}/`;
    const policyAdded = this.allowExportDelivery(stack);

    const columns = curColumns(iamPrincipalData);
    const exportResource = new bcm.CfnExport(this, 'Resource', {
      export: {
        name: this.exportName,
        description: 'CUR 2.0 for Bedrock cost attribution (cdk-bedrock-cost-profiles)',
        dataQuery: {
          queryStatement: exportQueryStatement(columns),
          tableConfigurations: {
            COST_AND_USAGE_REPORT: {
              TIME_GRANULARITY: granularity,
              INCLUDE_RESOURCES: 'TRUE',
              INCLUDE_SPLIT_COST_ALLOCATION_DATA: 'FALSE',
              INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY: 'FALSE',
              INCLUDE_IAM_PRINCIPAL_DATA: iamPrincipalData ? 'TRUE' : 'FALSE',
            },
          },
        },
        destinationConfigurations: {
          s3Destination: {
            s3Bucket: this.bucket.bucketName,
            s3Prefix: this.prefix,
            s3Region: this.bucket.env.region,
            // One file set per month, replaced on each refresh: queries never count a month twice.
            s3OutputConfigurations: { overwrite: 'OVERWRITE_REPORT', format: 'PARQUET', compression: 'PARQUET', outputType: 'CUSTOM' },
          },
        },
        refreshCadence: { frequency: 'SYNCHRONOUS' },
      },
      tags: [{ key: 'ManagedBy', value: 'cdk-bedrock-cost-profiles' }],
    });
    // Data Exports checks that it may write to the bucket when the export is created.
    if (policyAdded && this.bucket.policy) {
      exportResource.node.addDependency(this.bucket.policy);
    }
    this.exportArn = exportResource.attrExportArn;

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: 'Bedrock cost: the CUR 2.0 data export (cdk-bedrock-cost-profiles)' },
    });
    const table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: 'CUR 2.0 line items, one partition per billing month (projected, no crawler)',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          'classification': 'parquet',
          'projection.enabled': 'true',
          [`projection.${BILLING_PERIOD_COLUMN}.type`]: 'date',
          [`projection.${BILLING_PERIOD_COLUMN}.format`]: 'yyyy-MM',
          [`projection.${BILLING_PERIOD_COLUMN}.range`]: `${from},NOW`,
          [`projection.${BILLING_PERIOD_COLUMN}.interval`]: '1',
          [`projection.${BILLING_PERIOD_COLUMN}.interval.unit`]: 'MONTHS',
          'storage.location.template': `${this.dataLocation}BILLING_PERIOD=\${${BILLING_PERIOD_COLUMN}}/`,
        },
        partitionKeys: [{ name: BILLING_PERIOD_COLUMN, type: 'string', comment: 'YYYY-MM, from the export folder BILLING_PERIOD=YYYY-MM' }],
        storageDescriptor: {
          columns: columns.map(c => ({ name: c.name, type: c.type, comment: c.use })),
          location: this.dataLocation,
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
        },
      },
    });
    table.addDependency(database);

    // A plain CfnResource: reading CfnWorkGroup's properties prints a deprecation warning on every synthesis.
    const workGroup = new CfnResource(this, 'WorkGroup', {
      type: 'AWS::Athena::WorkGroup',
      properties: {
        Name: this.workGroupName,
        Description: 'Bedrock cost queries over the CUR 2.0 export (cdk-bedrock-cost-profiles)',
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: cutoff,
          EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
          ResultConfiguration: {
            OutputLocation: this.resultsLocation,
            EncryptionConfiguration: props.resultsEncryptionKey === undefined
              ? { EncryptionOption: 'SSE_S3' }
              : { EncryptionOption: 'SSE_KMS', KmsKey: checkKey(this, props.resultsEncryptionKey).keyArn },
          },
        },
        Tags: [{ Key: 'ManagedBy', Value: 'cdk-bedrock-cost-profiles' }],
      },
    });

    const base: CostQueryOptions = { table: this.tableName, profileTagKeys, principalTagKeys, iamPrincipalData, topCallers };
    // Which queries exist is known now; the forecast rows only at synthesis, when every profile has contributed.
    const rows = forecast === undefined ? undefined : lazyRows(this, forecast);
    this.namedQueries = {};
    for (const query of costQueries({ ...base, forecast: rows ? [] : undefined })) {
      const queryString = query.id === 'ForecastVsActual'
        ? Lazy.string({ produce: () => costQueries({ ...base, forecast: rows!() }).find(q => q.id === query.id)!.sql })
        : query.sql;
      const named = new athena.CfnNamedQuery(this, query.id, {
        name: query.name,
        description: query.description,
        database: this.databaseName,
        workGroup: workGroup.ref,
        queryString,
      });
      named.addDependency(table);
      this.namedQueries[query.id] = named;
    }
  }

  /**
   * Allows `grantee` to run the named queries: Athena in the workgroup, the Glue database and
   * table, the export's Parquet files (read) and the results prefix (read and write).
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });
    const catalog = (resource: string) => stack.formatArn({ service: 'glue', resource, resourceName: resource === 'catalog' ? undefined : resource === 'database' ? this.databaseName : `${this.databaseName}/${this.tableName}` });
    const grants = [
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution',
          'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:ListNamedQueries', 'athena:BatchGetNamedQuery'],
        resourceArns: [workGroupArn],
      }),
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resourceArns: [catalog('catalog'), catalog('database'), catalog('table')],
      }),
      iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetBucketLocation', 's3:ListBucket'], resourceArns: [this.bucket.bucketArn] }),
      iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects(`${this.prefix}/${this.exportName}/data/*`)] }),
      iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], resourceArns: [this.bucket.arnForObjects(`${RESULTS_PREFIX}/*`)] }),
    ];
    return grants.reduce((all, grant) => all.combine(grant));
  }

  private newBucket(serverAccessLogsBucket: s3.IBucket | undefined): s3.IBucket {
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { prefix: `${RESULTS_PREFIX}/`, expiration: Duration.days(30) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    if (serverAccessLogsBucket === undefined) {
      addNagSuppression(bucket.node.defaultChild as s3.CfnBucket, 'AwsSolutions-S1',
        'Only AWS Data Exports writes here and Athena reads here, both through S3 APIs that CloudTrail records; '
        + 'pass serverAccessLogsBucket to add access logs.', []);
    }
    return bucket;
  }

  /**
   * Data Exports writes as its service principal, for this account's exports only (the bucket
   * policy AWS documents, limited to the export prefix). Returns whether the policy was added.
   */
  private allowExportDelivery(stack: Stack): boolean {
    const statement = new iam.PolicyStatement({
      sid: 'AllowBedrockCostDataExport',
      principals: [new iam.ServicePrincipal('bcm-data-exports.amazonaws.com')],
      actions: ['s3:PutObject', 's3:GetBucketPolicy'],
      resources: [this.bucket.bucketArn, this.bucket.arnForObjects(`${this.prefix}/*`)],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:bcm-data-exports:${EXPORT_REGION}:${stack.account}:export/*` },
      },
    });
    const added = this.bucket.addToResourcePolicy(statement).statementAdded;
    if (!added) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:dataExportBucketPolicy',
        `The bucket is imported, so its policy cannot be changed here: add this statement, or the export fails to deliver: ${JSON.stringify(stack.resolve(statement.toStatementJson()))}`);
    }
    return added;
  }
}

function checkRegion(scope: IConstruct, stack: Stack): void {
  if (Token.isUnresolved(stack.region)) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:dataExportRegion',
      `AWS Data Exports are created in ${EXPORT_REGION} only: deploy this stack to ${EXPORT_REGION} in the management (payer) account.`);
  } else if (stack.region !== EXPORT_REGION) {
    fail(scope, 'stack region', `is ${stack.region}, but AWS Data Exports (CUR 2.0) are created in ${EXPORT_REGION} only`,
      `Put BedrockCostDataExport in a stack with env: { region: '${EXPORT_REGION}' } in the management (payer) account.`, stack.region);
  }
}

function checkTagKeys(scope: IConstruct, field: string, keys: unknown, required: boolean): string[] {
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

function checkFlag(scope: IConstruct, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    fail(scope, field, 'must be true or false', `Use ${field}: ${fallback}.`, value);
  }
  return value;
}

function checkGranularity(scope: IConstruct, value: unknown): CurTimeGranularity {
  if (value === undefined) {
    return CurTimeGranularity.DAILY;
  }
  if (!Object.values(CurTimeGranularity).includes(value as CurTimeGranularity)) {
    fail(scope, 'timeGranularity', 'must be a CurTimeGranularity', 'Use CurTimeGranularity.DAILY, HOURLY or MONTHLY.', value);
  }
  return value as CurTimeGranularity;
}

function checked(scope: IConstruct, field: string, value: unknown, rule: typeof EXPORT_NAME_RULE): string {
  checkString(scope, field, value, rule);
  return value as string;
}

function checkMonth(scope: IConstruct, value: unknown): string {
  if (value === undefined) {
    return '2025-01';
  }
  if (typeof value !== 'string' || !MONTH.test(value)) {
    fail(scope, 'billingPeriodsFrom', 'must be a month YYYY-MM', "Use e.g. '2026-01'.", value);
  }
  return value;
}

function checkCutoff(scope: IConstruct, value: unknown): number {
  if (value === undefined) {
    return DEFAULT_CUTOFF_BYTES;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_CUTOFF_BYTES) {
    fail(scope, 'bytesScannedCutoffPerQuery', `must be a whole number of bytes, at least ${MIN_CUTOFF_BYTES} (Athena's minimum)`, 'Use e.g. 10 * 1024 ** 3 (10 GiB).', value);
  }
  return value;
}

function checkTopCallers(scope: IConstruct, value: unknown): number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000)) {
    fail(scope, 'topCallers', 'must be a whole number from 1 to 1000', 'Use e.g. topCallers: 25.', value);
  }
  return value as number | undefined;
}

function checkForecast(scope: IConstruct, value: unknown): (() => ForecastRow[]) | undefined {
  const source = value ?? CostForecastSource.fromApp();
  if (!(source instanceof CostForecastSource)) {
    fail(scope, 'forecast', 'must be a CostForecastSource', 'Use CostForecastSource.fromApp(), .fromCloudAssembly(dir) or .none().', value);
  }
  return source._bind(scope, 'forecast');
}

function checkBucket(scope: IConstruct, bucket: unknown): s3.IBucket {
  if (bucket === null || typeof bucket !== 'object' || typeof (bucket as s3.IBucket).bucketName !== 'string') {
    fail(scope, 'bucket', 'is not an S3 bucket', 'Pass an s3.IBucket, or omit bucket to get a new one.', bucket);
  }
  return bucket as s3.IBucket;
}

function checkKey(scope: IConstruct, key: unknown): kms.IKey {
  if (key === null || typeof key !== 'object' || typeof (key as kms.IKey).keyArn !== 'string') {
    fail(scope, 'resultsEncryptionKey', 'is not a KMS key', 'Pass a kms.IKey, or omit it for SSE_S3.', key);
  }
  return key as kms.IKey;
}

/** The forecast rows, computed once at synthesis; a forecast source without rows warns. */
function lazyRows(scope: Construct, forecast: () => ForecastRow[]): () => ForecastRow[] {
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

function stackName(stack: Stack): string {
  return Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
}

function snake(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'stack';
}

/** `<stack>-<path in stack>`, letters, digits and the separator, at most `max` characters. */
function derivedName(scope: IConstruct, separator: string, max: number): string {
  const stack = Stack.of(scope);
  const path = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  return [stackName(stack), ...path].join(separator).replace(/[^0-9A-Za-z]+/g, separator).replace(/^-+|-+$/g, '').slice(0, max);
}
