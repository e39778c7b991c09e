import { Annotations, CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as bcm from 'aws-cdk-lib/aws-bcmdataexports';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CostForecastSource } from './cost-forecast-source';
import { costQueries, CostQueryOptions } from './cost-queries';
import { BILLING_PERIOD_COLUMN, curColumns, exportQueryStatement } from './cur-columns';
import { CurTimeGranularity } from './cur-time-granularity';
import {
  checkBucket, checkCutoff, checkFlag, checkForecast, checkGranularity, checked, checkKey, checkMonth, checkRegion, checkTagKeys,
  checkTopCallers, derivedName, EXPORT_NAME_RULE, EXPORT_REGION, GLUE_NAME_RULE, lazyRows, PREFIX_RULE, snake, stackName, WORK_GROUP_RULE,
} from './data-export-checks';
import { addNagSuppression } from '../core/nag';
import { fail } from '../core/validation';

const RESULTS_PREFIX = 'athena-results';

/**
 * Properties of a `BedrockCostDataExport`.
 *
 * @example
 * // In the payer account, in us-east-1.
 * new BedrockCostDataExport(this, 'Cur', {
 *   profileTagKeys: ['Team', 'Service'],
 *   principalTagKeys: ['Team'],
 *   forecast: CostForecastSource.fromCloudAssembly('cdk.out'), // the cost reports of an earlier synthesis
 *   billingPeriodsFrom: '2026-01',
 *   resultsEncryptionKey: key,
 * });
 */
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

