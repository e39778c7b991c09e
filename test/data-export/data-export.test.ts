import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BedrockCostDataExport, BedrockCostDataExportProps, BedrockModelId, CostAllocatedProfile, CostForecastSource, CurTimeGranularity, ProfileSource,
} from '../../src';
import { CUR_COLUMNS, IAM_PRINCIPAL_COLUMN } from '../../src/data-export/cur-columns';
import { readReports } from '../../src/report/read-reports';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';

const PAYER = { account: '111122223333', region: 'us-east-1' };

function build(props: Partial<BedrockCostDataExportProps> = {}, env: { account?: string; region?: string } = PAYER) {
  const app = new App();
  const stack = new Stack(app, 'Billing', { env });
  const cur = new BedrockCostDataExport(stack, 'Cur', { profileTagKeys: ['Team'], ...props });
  return { app, stack, cur };
}

function resourcesOf(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter(r => r.Type === type);
}

/** A workload app with two tagged profiles and forecasts, in its own account. */
function workloads(app: App): CostAllocatedProfile[] {
  const stack = new Stack(app, 'Workloads', { env: { account: '444455556666', region: 'us-west-2' } });
  const sonnet = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
  const usage = (requestsPerDay: number) => ({ daysPerMonth: 30, requestsPerDay, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 });
  return [
    new CostAllocatedProfile(stack, 'Search', { source: sonnet, costAllocationTags: { Team: 'search', CostCenter: 'cc-1' }, expectedUsage: usage(1000), pricesAsOf: '2025-03-01' }),
    new CostAllocatedProfile(stack, 'Chat', { source: sonnet, costAllocationTags: { Team: 'chat', CostCenter: 'cc-1' }, expectedUsage: usage(3000), pricesAsOf: '2025-03-01' }),
    new CostAllocatedProfile(stack, 'Later', { source: sonnet, costAllocationTags: { Team: 'later' } }),
  ];
}

describe('BedrockCostDataExport', () => {
  test('defaults: a daily Parquet CUR 2.0 export with resource ids and IAM principal data, a projected Glue table, an encrypted workgroup; schema-valid and nag-clean', () => {
    const { app } = build();
    const [checked] = expectClean(app);
    const t = Template.fromJSON(checked.template);
    const [exportResource] = resourcesOf(checked.template, 'AWS::BCMDataExports::Export');
    const exp = exportResource.Properties.Export;
    expect(exp.Name).toBe('Billing-Cur');
    expect(exp.DataQuery.QueryStatement).toBe(`SELECT ${[...CUR_COLUMNS, IAM_PRINCIPAL_COLUMN].map(c => c.name).join(', ')} FROM COST_AND_USAGE_REPORT`);
    expect(exp.DataQuery.TableConfigurations).toEqual({
      COST_AND_USAGE_REPORT: {
        TIME_GRANULARITY: 'DAILY',
        INCLUDE_RESOURCES: 'TRUE',
        INCLUDE_SPLIT_COST_ALLOCATION_DATA: 'FALSE',
        INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY: 'FALSE',
        INCLUDE_IAM_PRINCIPAL_DATA: 'TRUE',
      },
    });
    expect(exp.DestinationConfigurations.S3Destination).toEqual({
      S3Bucket: { Ref: expect.stringMatching(/^CurBucket/) },
      S3Prefix: 'cur2',
      S3Region: 'us-east-1',
      S3OutputConfigurations: { Overwrite: 'OVERWRITE_REPORT', Format: 'PARQUET', Compression: 'PARQUET', OutputType: 'CUSTOM' },
    });
    expect(exp.RefreshCadence).toEqual({ Frequency: 'SYNCHRONOUS' });
    // The bucket policy exists before the export: Data Exports checks it at creation.
    const policyId = Object.keys(checked.template.Resources).find(id => checked.template.Resources[id].Type === 'AWS::S3::BucketPolicy')!;
    expect(exportResource.DependsOn).toContain(policyId);
    const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^CurBucket/), 'Arn'] };
    expect(checked.template.Resources[policyId].Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'AllowBedrockCostDataExport',
      Effect: 'Allow',
      Principal: { Service: 'bcm-data-exports.amazonaws.com' },
      Action: ['s3:PutObject', 's3:GetBucketPolicy'],
      Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/cur2/*']] }],
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bcm-data-exports:us-east-1:111122223333:export/*']] } },
      },
    });
    t.hasResource('AWS::S3::Bucket', {
      Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } },
      DeletionPolicy: 'Retain',
    });

    const [table] = resourcesOf(checked.template, 'AWS::Glue::Table');
    const input = table.Properties.TableInput;
    expect(input.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type]))
      .toEqual([...CUR_COLUMNS, IAM_PRINCIPAL_COLUMN].map(c => [c.name, c.type]));
    expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'billing_period', Type: 'string' })]);
    const bucketRef = { Ref: expect.stringMatching(/^CurBucket/) };
    expect(input.StorageDescriptor.Location).toEqual({ 'Fn::Join': ['', ['s3://', bucketRef, '/cur2/Billing-Cur/data/']] });
    expect(input.Parameters).toEqual({
      'classification': 'parquet',
      'projection.enabled': 'true',
      'projection.billing_period.type': 'date',
      'projection.billing_period.format': 'yyyy-MM',
      'projection.billing_period.range': '2025-01,NOW',
      'projection.billing_period.interval': '1',
      'projection.billing_period.interval.unit': 'MONTHS',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', bucketRef, '/cur2/Billing-Cur/data/BILLING_PERIOD=${billing_period}/']] },
    });
    t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'billing_bedrock_cost' } });

    expect(resourcesOf(checked.template, 'AWS::Athena::WorkGroup')[0].Properties).toMatchObject({
      Name: 'Billing-Cur',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', bucketRef, '/athena-results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
    const queries = resourcesOf(checked.template, 'AWS::Athena::NamedQuery');
    expect(queries.map(q => q.Properties.Name)).toEqual([
      'bedrock-cost-per-profile-tag-per-day', 'bedrock-cost-per-principal-tag', 'bedrock-cost-per-model-and-region',
      'bedrock-top-callers', 'bedrock-forecast-vs-actual',
    ]);
    for (const q of queries) {
      expect(q.Properties.Database).toBe('billing_bedrock_cost');
      expect(q.Properties.WorkGroup).toEqual({ Ref: expect.stringMatching(/^CurWorkGroup/) });
      expect(q.Properties.QueryString).toContain('billing_period = ?');
    }
  });

  test('a stack in another concrete Region is refused; a Region-agnostic stack warns', () => {
    const e = errorOf(() => build({}, { account: '111122223333', region: 'eu-west-1' }));
    expect(e.message).toBe('Billing/Cur: stack region is eu-west-1, but AWS Data Exports (CUR 2.0) are created in us-east-1 only (got "eu-west-1"). '
      + "Put BedrockCostDataExport in a stack with env: { region: 'us-east-1' } in the management (payer) account.");
    const { stack } = build({}, {});
    Annotations.fromStack(stack).hasWarning('/Billing/Cur', Match.stringLikeRegexp('created in us-east-1 only'));
  });

  test('options: granularity, no IAM principal data (no top-callers query), KMS results, names, cutoff, access logs', () => {
    const app = new App();
    const stack = new Stack(app, 'Billing', { env: PAYER });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const logs = new s3.Bucket(stack, 'Logs', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    new BedrockCostDataExport(stack, 'Cur', {
      profileTagKeys: ['Team', 'CostCenter'],
      principalTagKeys: ['Owner'],
      iamPrincipalData: false,
      timeGranularity: CurTimeGranularity.HOURLY,
      resultsEncryptionKey: key,
      exportName: 'org_cur',
      prefix: 'billing/cur',
      databaseName: 'finops',
      tableName: 'cur',
      workGroupName: 'finops',
      bytesScannedCutoffPerQuery: 50_000_000,
      billingPeriodsFrom: '2026-04',
      serverAccessLogsBucket: logs,
      forecast: CostForecastSource.none(),
      topCallers: 5,
    });
    const t = Template.fromStack(stack);
    const exp = resourcesOf(t.toJSON(), 'AWS::BCMDataExports::Export')[0].Properties.Export;
    expect(exp.Name).toBe('org_cur');
    expect(exp.DataQuery.QueryStatement).not.toContain('line_item_iam_principal');
    expect(exp.DataQuery.TableConfigurations.COST_AND_USAGE_REPORT).toMatchObject({ TIME_GRANULARITY: 'HOURLY', INCLUDE_IAM_PRINCIPAL_DATA: 'FALSE' });
    expect(exp.DestinationConfigurations.S3Destination.S3Prefix).toBe('billing/cur');
    expect(resourcesOf(t.toJSON(), 'AWS::Athena::WorkGroup')[0].Properties).toMatchObject({
      Name: 'finops',
      WorkGroupConfiguration: {
        BytesScannedCutoffPerQuery: 50_000_000,
        ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } } },
      },
    });
    t.hasResourceProperties('AWS::Glue::Table', { DatabaseName: 'finops', TableInput: { Name: 'cur', Parameters: Match.objectLike({ 'projection.billing_period.range': '2026-04,NOW' }) } });
    const queries = resourcesOf(t.toJSON(), 'AWS::Athena::NamedQuery');
    expect(queries.map(q => q.Properties.Name)).toEqual(['bedrock-cost-per-profile-tag-per-day', 'bedrock-cost-per-principal-tag', 'bedrock-cost-per-model-and-region']);
    expect(queries.every(q => q.Properties.Database === 'finops' && q.Properties.QueryString.includes('FROM cur\n'))).toBe(true);
    expect(queries[1].Properties.QueryString).toContain("'iamPrincipal/Owner'");
    expect(resourcesOf(t.toJSON(), 'AWS::S3::Bucket').map(b => b.Properties.LoggingConfiguration?.DestinationBucketName))
      .toContainEqual({ Ref: expect.stringMatching(/^Logs/) });
  });

  test('an existing bucket in the app gets the statement; an imported one warns with the statement to add', () => {
    const app = new App();
    const stack = new Stack(app, 'Billing', { env: PAYER });
    const own = new s3.Bucket(stack, 'Own', { enforceSSL: true });
    new BedrockCostDataExport(stack, 'Cur', { profileTagKeys: ['Team'], bucket: own, forecast: CostForecastSource.none() });
    const [policy] = resourcesOf(Template.fromStack(stack).toJSON(), 'AWS::S3::BucketPolicy');
    expect(policy.Properties.Bucket).toEqual({ Ref: expect.stringMatching(/^Own/) });
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toContain('AllowBedrockCostDataExport');
    const other = new Stack(app, 'Other', { env: PAYER });
    new BedrockCostDataExport(other, 'Cur', { profileTagKeys: ['Team'], bucket: s3.Bucket.fromBucketName(other, 'Imported', 'org-billing'), forecast: CostForecastSource.none() });
    Annotations.fromStack(other).hasWarning('/Other/Cur', Match.stringLikeRegexp('add this statement.*export/\\*.*bcm-data-exports.amazonaws.com'));
    expect(resourcesOf(Template.fromStack(other).toJSON(), 'AWS::BCMDataExports::Export')[0].DependsOn).toBeUndefined();
  });

  test('the forecast comes from the cost reports of this app: one row per tag value with a forecast, summed', () => {
    const app = new App();
    const profiles = workloads(app);
    const stack = new Stack(app, 'Billing', { env: PAYER });
    new BedrockCostDataExport(stack, 'Cur', { profileTagKeys: ['Team', 'CostCenter'] });
    const query = Template.fromStack(stack).toJSON().Resources;
    const sql: string = Object.values<any>(query).find(r => r.Properties?.Name === 'bedrock-forecast-vs-actual').Properties.QueryString;
    const expected = (p: CostAllocatedProfile) => p.costForecast!.expectedMonthlyUsd;
    const search = expected(profiles[0]);
    const chat = expected(profiles[1]);
    const both = (Number(search) + Number(chat)).toFixed(2);
    expect(sql).toContain(`('profile', 'CostCenter', 'cc-1', CAST('${both.replace(/0+$/, '').replace(/\.$/, '')}' AS DECIMAL(38, 10)))`);
    expect(sql).toContain(`('profile', 'Team', 'chat', CAST('${chat}' AS DECIMAL(38, 10)))`);
    expect(sql).toContain(`('profile', 'Team', 'search', CAST('${search}' AS DECIMAL(38, 10)))`);
    expect(sql).not.toContain("'later'");
  });

  test('the forecast comes from another app\'s cloud assembly, read at synthesis; a missing assembly is an error', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'workloads-'));
    const workloadApp = new App({ outdir });
    workloads(workloadApp);
    workloadApp.synth();
    const reports = readReports(outdir);
    const chat = reports[0].tagValues.find(v => v.key === 'Team' && v.value === 'chat')!.forecast.expected;
    const { app, stack } = build({ forecast: CostForecastSource.fromCloudAssembly(outdir) });
    app.synth();
    const sql = Object.values<any>(Template.fromStack(stack).toJSON().Resources).find(r => r.Properties?.Name === 'bedrock-forecast-vs-actual').Properties.QueryString;
    expect(sql).toContain(`('profile', 'Team', 'chat', CAST('${chat}' AS DECIMAL(38, 10)))`);

    const missing = build({ forecast: CostForecastSource.fromCloudAssembly(path.join(outdir, 'nope')) });
    expect(() => missing.app.synth()).toThrow(/nope: cloud assembly does not exist/);
  });

  test('a forecast source without forecasts warns, and its query is still valid (it returns no rows)', () => {
    const { app, stack } = build();
    app.synth();
    Annotations.fromStack(stack).hasWarning('/Billing/Cur', Match.stringLikeRegexp('forecast-vs-actual query compares nothing'));
    const sql = Object.values<any>(Template.fromStack(stack).toJSON().Resources).find(r => r.Properties?.Name === 'bedrock-forecast-vs-actual').Properties.QueryString;
    expect(sql).toContain('WHERE 1 = 0');
  });

  test('grantQuery: Athena in the workgroup, the Glue table, the export files read-only, the results prefix read-write', () => {
    const { stack, cur } = build({ forecast: CostForecastSource.none() });
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    cur.grantQuery(role);
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const [policy] = Object.values<any>(statements);
    const doc = stack.resolve(policy.Properties.PolicyDocument);
    expect(doc.Statement.map((s: any) => [s.Action, s.Resource])).toEqual([
      [['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup',
        'athena:GetNamedQuery', 'athena:ListNamedQueries', 'athena:BatchGetNamedQuery'],
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':athena:us-east-1:111122223333:workgroup/Billing-Cur']] }],
      [['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'], [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:catalog']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:database/billing_bedrock_cost']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111122223333:table/billing_bedrock_cost/cur2']] },
      ]],
      [['s3:GetBucketLocation', 's3:ListBucket'], { 'Fn::GetAtt': [expect.stringMatching(/^CurBucket/), 'Arn'] }],
      ['s3:GetObject', { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^CurBucket/), 'Arn'] }, '/cur2/Billing-Cur/data/*']] }],
      [['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^CurBucket/), 'Arn'] }, '/athena-results/*']] }],
    ]);
  });

  test.each([
    [{ profileTagKeys: [] }, 'profileTagKeys must list at least one tag key'],
    [{ profileTagKeys: ['aws:createdBy'] }, 'profileTagKeys[0] is an AWS-generated tag'],
    [{ profileTagKeys: ['Team', 'bad,key'] }, 'profileTagKeys[1] must match'],
    [{ principalTagKeys: 'Team' as any }, 'principalTagKeys must be a list of tag keys'],
    [{ exportName: 'my export' }, 'exportName must match ^[0-9A-Za-z\\-_]+$'],
    [{ prefix: '/cur2' }, 'prefix must match'],
    [{ databaseName: 'Finops-DB' }, 'databaseName must match ^[a-z0-9_]+$'],
    [{ workGroupName: 'a b' }, 'workGroupName must match'],
    [{ billingPeriodsFrom: '2026-13' }, 'billingPeriodsFrom must be a month YYYY-MM'],
    [{ bytesScannedCutoffPerQuery: 1000 }, 'bytesScannedCutoffPerQuery must be a whole number of bytes, at least 10000000'],
    [{ timeGranularity: 'WEEKLY' as any }, 'timeGranularity must be a CurTimeGranularity'],
    [{ iamPrincipalData: 'yes' as any }, 'iamPrincipalData must be true or false'],
    [{ forecast: 'app' as any }, 'forecast must be a CostForecastSource'],
    [{ forecast: CostForecastSource.fromCloudAssembly('') }, 'forecast needs the directory of a synthesized cloud assembly'],
    [{ topCallers: 0 }, 'topCallers must be a whole number from 1 to 1000'],
    [{ bucket: 'my-bucket' as any }, 'bucket is not an S3 bucket'],
    [{ resultsEncryptionKey: {} as any }, 'resultsEncryptionKey is not a KMS key'],
  ])('bad input %j: %s', (props, message) => {
    const e = errorOf(() => build(props as Partial<BedrockCostDataExportProps>));
    expect(e.message.startsWith(`Billing/Cur: ${message}`)).toBe(true);
  });
});
