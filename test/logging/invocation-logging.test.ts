import { App, Duration, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AlertTarget, BedrockInvocationLogging, BedrockInvocationLoggingProps, InvocationLoggingRemoval, LargePayloadStorage,
} from '../../src';
import { errorOf } from '../helpers/errors';
import { parseJoinedJson } from '../helpers/intrinsics';
import { expectClean } from '../helpers/synth';

const ENV = { account: '111111111111', region: 'us-west-2' };

function build(props?: BedrockInvocationLoggingProps, extend?: (stack: Stack) => void) {
  const app = new App();
  const stack = new Stack(app, 'Logs', { env: ENV });
  extend?.(stack);
  const logging = new BedrockInvocationLogging(stack, 'Logging', props);
  return { app, stack, logging };
}

function clean(props?: BedrockInvocationLoggingProps, extend?: (stack: Stack) => void) {
  const built = build(props, extend);
  const [checked] = expectClean(built.app);
  return { ...built, template: checked.template, assertions: Template.fromJSON(checked.template) };
}

/** The LoggingConfiguration property, parsed, intrinsics shown as Ref:/GetAtt: markers. */
function loggingConfigOf(template: any): any {
  const [resource] = Object.values<any>(template.Resources).filter(r => r.Type === 'Custom::BedrockInvocationLogging');
  return parseJoinedJson(resource.Properties.LoggingConfiguration);
}

function resourcesOf(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter(r => r.Type === type);
}


describe('BedrockInvocationLogging', () => {
  test('defaults: a retained log group kept 3 months, text delivery only, restore on delete; schema-valid and cdk-nag clean', () => {
    const { template, assertions } = clean();
    assertions.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^/bedrock/model-invocations/Logs-Logging-'), RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
    expect(loggingConfigOf(template)).toEqual({
      cloudWatchConfig: {
        logGroupName: expect.stringContaining('Ref'),
        roleArn: expect.stringContaining('DeliveryRole'),
      },
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: false,
      videoDataDeliveryEnabled: false,
      audioDataDeliveryEnabled: false,
    });
    assertions.hasResourceProperties('Custom::BedrockInvocationLogging', {
      TakeOver: 'false',
      OnDelete: 'RESTORE_PREVIOUS',
      StateParameterName: '/cdk-bedrock-cost-profiles/invocation-logging/state',
    });
  });

  test('the delivery role is assumable by Bedrock of this account and Region only, and writes only Bedrock\'s stream of the group', () => {
    const { template } = clean();
    const role = resourcesOf(template, 'AWS::IAM::Role').find(r => r.Properties.Description?.startsWith('Lets Amazon Bedrock'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'bedrock.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:us-west-2:111111111111:*']] } },
      },
    }]);
    const policy = resourcesOf(template, 'AWS::IAM::Policy').find(p => JSON.stringify(p.Properties.Roles).includes('DeliveryRole'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:logs:us-west-2:111111111111:log-group:\/bedrock\/model-invocations\/Logs-Logging-[0-9A-F]+:log-stream:aws\/bedrock\/modelinvocations$/)]] },
    }]);
  });

  test('the handler may manage the configuration, pass only this library\'s delivery roles to Bedrock, keep only the state parameters, check bucket owners', () => {
    const { template } = clean();
    const policy = resourcesOf(template, 'AWS::IAM::Policy').find(p => JSON.stringify(p.Properties.Roles).includes('ProviderHandlerRole'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual({
      Action: ['bedrock:GetModelInvocationLoggingConfiguration', 'bedrock:PutModelInvocationLoggingConfiguration', 'bedrock:DeleteModelInvocationLoggingConfiguration'],
      Effect: 'Allow',
      Resource: '*',
    });
    expect(statements).toContainEqual({
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/cdk-bedrock-cost-profiles/*']] },
      Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
    });
    const parameter = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-west-2:111111111111:parameter/cdk-bedrock-cost-profiles/invocation-logging/${name}`]] });
    expect(statements).toContainEqual({
      Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
      Effect: 'Allow',
      Resource: [parameter('state'), parameter('Logs/replaced-configuration')],
    });
    expect(statements).toContainEqual({
      Action: 's3:ListBucket',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::*']] },
      Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } },
    });
    expect(policy.Metadata.cdk_nag.rules_to_suppress).toEqual([expect.objectContaining({
      applies_to: ['Resource::*', { regex: '/^Resource::arn:<AWS::Partition>:s3:::\\*$/' }, { regex: expect.stringContaining('cdk-bedrock-cost-profiles') }],
      reason: expect.stringContaining('no resource-level permissions'),
    })]);
    const deliveryRoles = resourcesOf(template, 'AWS::IAM::Role').filter(r => String(r.Properties.Description).includes('deliver model invocation logs'));
    expect(deliveryRoles.map(r => r.Properties.Path)).toEqual(['/cdk-bedrock-cost-profiles/']);
  });

  test('the custom resource waits for the log group, role and its policy', () => {
    const { template } = clean();
    const [resource] = resourcesOf(template, 'Custom::BedrockInvocationLogging');
    const dependsOn: string[] = resource.DependsOn;
    expect(dependsOn.some(d => d.startsWith('LoggingLogGroup'))).toBe(true);
    expect(dependsOn.some(d => d.startsWith('LoggingDeliveryRoleDefaultPolicy'))).toBe(true);
  });

  test('a delivery-failure alarm and three saved Logs Insights queries on the group', () => {
    const { template, assertions } = clean();
    assertions.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Bedrock',
      MetricName: 'ModelInvocationLogsCloudWatchDeliveryFailure',
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    const queries = resourcesOf(template, 'AWS::Logs::QueryDefinition');
    expect(queries.map(q => q.Properties.Name)).toEqual([
      'Bedrock model invocations/Tokens and calls by profile or model',
      'Bedrock model invocations/Top callers by tokens',
      'Bedrock model invocations/Calls and tokens per hour by profile or model',
    ]);
    expect(queries[0].Properties.QueryString).toContain('sum(output.outputTokenCount) as outputTokens by modelId');
    expect(queries[1].Properties.QueryString).toContain('by identity.arn, modelId');
    for (const q of queries) {
      expect(q.Properties.LogGroupNames).toEqual([{ Ref: expect.stringMatching(/^LoggingLogGroup/) }]);
    }
  });

  test('alarms and queries can be turned off; alarms notify SNS topics', () => {
    const off = clean({ deliveryFailureAlarms: false, queryDefinitions: false });
    expect(resourcesOf(off.template, 'AWS::CloudWatch::Alarm')).toEqual([]);
    expect(resourcesOf(off.template, 'AWS::Logs::QueryDefinition')).toEqual([]);
    expect(off.logging.deliveryFailureAlarms).toEqual([]);

    const { stack } = build({ alertTargets: [AlertTarget.topic(sns.Topic.fromTopicArn(new Stack(), 'T', 'arn:aws:sns:us-west-2:111111111111:alerts'))] });
    const [alarm] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-west-2:111111111111:alerts']);
  });

  test('an email alert target is refused: alarms notify topics only', () => {
    const e = errorOf(() => build({ alertTargets: [AlertTarget.email('finops@example.com')] }));
    expect(e.message).toContain('alertTargets[0]');
    expect(e.message).toContain('SNS topics only');
  });

  test('a new large-payload bucket: encrypted, TLS only, private, expiring; Bedrock may put objects under the prefix only', () => {
    const largePayloads = LargePayloadStorage.newBucket({ expiration: Duration.days(30) });
    const { template, assertions, logging } = clean({ largePayloads, imageDataDelivery: true });
    expect(logging.largePayloadBucket).toBeDefined();
    assertions.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }] },
      },
      DeletionPolicy: 'Retain',
    });
    const [bucketPolicy] = resourcesOf(template, 'AWS::S3::BucketPolicy');
    const statements = bucketPolicy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({
      Sid: 'AllowBedrockLargePayloadDelivery',
      Principal: { Service: 'bedrock.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.any(String), 'Arn'] }, '/bedrock-large-payloads/*']] },
      Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '111111111111' } }),
    }));
    expect(loggingConfigOf(template).cloudWatchConfig.largeDataDeliveryS3Config).toEqual({ bucketName: expect.stringContaining('Ref'), keyPrefix: 'bedrock-large-payloads' });
    expect(loggingConfigOf(template).imageDataDeliveryEnabled).toBe(true);
    assertions.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ModelInvocationLargeDataS3DeliveryFailure' });
    const [resource] = resourcesOf(template, 'Custom::BedrockInvocationLogging');
    expect(resource.DependsOn.some((d: string) => d.startsWith('LoggingLargePayloadBucketPolicy'))).toBe(true);
  });

  test('with an access-log bucket, the new payload bucket logs to it and needs no S1 suppression', () => {
    const app = new App();
    const stack = new Stack(app, 'Logs', { env: ENV });
    const accessLogs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED });
    new BedrockInvocationLogging(stack, 'Logging', { largePayloads: LargePayloadStorage.newBucket({ serverAccessLogsBucket: accessLogs, keyPrefix: 'payloads' }) });
    let checked: any;
    expect(() => {
      [checked] = expectClean(app);
    }).not.toThrow();
    const payloadBucket = Object.values<any>(checked.template.Resources)
      .find(r => r.Type === 'AWS::S3::Bucket' && r.Properties.LoggingConfiguration !== undefined);
    expect(payloadBucket.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogs/) } });
    expect(payloadBucket.Metadata?.cdk_nag).toBeUndefined();
  });

  test('an existing bucket in the app gets the policy; an imported one gets a warning with the statement to add', () => {
    const app = new App();
    const stack = new Stack(app, 'Logs', { env: ENV });
    const own = new s3.Bucket(stack, 'Mine', { enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED, serverAccessLogsPrefix: 'access/' });
    new BedrockInvocationLogging(stack, 'Logging', { largePayloads: LargePayloadStorage.existingBucket(own) });
    const [checked] = expectClean(app);
    const [ownPolicy] = resourcesOf(checked.template, 'AWS::S3::BucketPolicy');
    expect(JSON.stringify(ownPolicy.Properties.PolicyDocument)).toContain('AllowBedrockLargePayloadDelivery');

    const app2 = new App();
    const stack2 = new Stack(app2, 'Logs', { env: ENV });
    new BedrockInvocationLogging(stack2, 'Logging', {
      largePayloads: LargePayloadStorage.existingBucket(s3.Bucket.fromBucketName(stack2, 'Imported', 'payload-archive'), 'bedrock/big'),
      videoDataDelivery: true,
    });
    const warnings = Annotations.fromStack(stack2).findWarning('*', Match.stringLikeRegexp('large-payload bucket is imported'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain('payload-archive/bedrock/big/*');
    const config = loggingConfigOf(Template.fromStack(stack2).toJSON());
    expect(config.cloudWatchConfig.largeDataDeliveryS3Config).toEqual({ bucketName: 'payload-archive', keyPrefix: 'bedrock/big' });
  });

  test('a KMS key in the app lets CloudWatch Logs of this Region use it for this group only', () => {
    const app = new App();
    const stack = new Stack(app, 'Logs', { env: ENV });
    const own = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new BedrockInvocationLogging(stack, 'Logging', { encryptionKey: own });
    const [checked] = expectClean(app);
    const [keyResource] = resourcesOf(checked.template, 'AWS::KMS::Key');
    expect(keyResource.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
      Principal: { Service: 'logs.us-west-2.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:logs:us-west-2:111111111111:log-group:\/bedrock\/model-invocations\/Logs-Logging-[0-9A-F]+$/)]],
          },
        },
      },
    }));
    Template.fromJSON(checked.template).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
  });

  test('an imported KMS key gets a warning naming the statement the key policy needs', () => {
    const app = new App();
    const stack = new Stack(app, 'Logs', { env: ENV });
    new BedrockInvocationLogging(stack, 'Logging', { encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:111111111111:key/abc') });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('logs.us-west-2.amazonaws.com'))).toHaveLength(1);
  });

  test('take-over: the handler may pass any role of the account, to Bedrock only, with the suppression saying why', () => {
    const { template, assertions } = clean({ takeOverExistingConfiguration: true, onDelete: InvocationLoggingRemoval.RETAIN });
    assertions.hasResourceProperties('Custom::BedrockInvocationLogging', { TakeOver: 'true', OnDelete: 'RETAIN' });
    const policy = resourcesOf(template, 'AWS::IAM::Policy').find(p => JSON.stringify(p.Properties.Roles).includes('ProviderHandlerRole'));
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/*']] },
      Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
    });
    expect(JSON.stringify(policy.Metadata.cdk_nag)).toContain('restoring the replaced configuration passes a role only the account knows');
  });

  test('a second instance for the same account and Region in one app fails synthesis, naming both', () => {
    const app = new App();
    new BedrockInvocationLogging(new Stack(app, 'A', { env: ENV }), 'Logging');
    const e = errorOf(() => new BedrockInvocationLogging(new Stack(app, 'B', { env: ENV }), 'Logging'));
    expect(e.message).toContain('B/Logging');
    expect(e.message).toContain('account 111111111111 and Region us-west-2; the first is A/Logging');
    expect(e.message).toContain('one configuration per account and Region');
  });

  test('instances for different Regions or accounts (stages) coexist; an environment-agnostic one clashes with any', () => {
    const app = new App();
    new BedrockInvocationLogging(new Stack(app, 'West', { env: ENV }), 'Logging');
    new BedrockInvocationLogging(new Stack(app, 'East', { env: { ...ENV, region: 'us-east-1' } }), 'Logging');
    const prod = new Stage(app, 'Prod', { env: { account: '222222222222', region: 'us-west-2' } });
    new BedrockInvocationLogging(new Stack(prod, 'Logs'), 'Logging');
    const e = errorOf(() => new BedrockInvocationLogging(new Stack(app, 'Anywhere'), 'Logging'));
    expect(e.message).toContain('possibly the same account and Region');

    // Separate apps do not see each other (that overwrite risk is documented).
    expect(() => new BedrockInvocationLogging(new Stack(new App(), 'West', { env: ENV }), 'Logging')).not.toThrow();
  });

  test('an environment-agnostic stack synthesizes with tokens for account and Region', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    new BedrockInvocationLogging(stack, 'Logging', { logGroupName: '/bedrock/invocations', logGroupRemovalPolicy: RemovalPolicy.DESTROY });
    const [checked] = expectClean(app);
    Template.fromJSON(checked.template).hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/bedrock/invocations' }, DeletionPolicy: 'Delete' });
  });

  test.each([
    [{ retention: logs.RetentionDays.INFINITE }, 'retention', 'finite retention'],
    [{ retention: 42 as logs.RetentionDays }, 'retention', 'not a CloudWatch Logs retention'],
    [{ logGroupName: 'bad name' }, 'logGroupName', 'must match'],
    [{ logGroupName: 'x'.repeat(513) }, 'logGroupName', 'at most 512'],
    [{ imageDataDelivery: true }, 'imageDataDelivery', 'S3 only'],
    [{ audioDataDelivery: true }, 'audioDataDelivery', 'S3 only'],
    [{ textDataDelivery: 'yes' as unknown as boolean }, 'textDataDelivery', 'true or false'],
    [{ onDelete: 'SOMETIMES' as InvocationLoggingRemoval }, 'onDelete', 'not an InvocationLoggingRemoval'],
    [{ largePayloads: {} as LargePayloadStorage }, 'largePayloads', 'must be a LargePayloadStorage'],
    [{ largePayloads: LargePayloadStorage.newBucket({ keyPrefix: '/lead' }) }, 'largePayloads.keyPrefix', 'must not start or end'],
    [{ largePayloads: LargePayloadStorage.newBucket({ keyPrefix: 'sp ace' }) }, 'largePayloads.keyPrefix', 'must match'],
    [{ largePayloads: LargePayloadStorage.newBucket({ expiration: Duration.hours(36) }) }, 'largePayloads.expiration', 'whole number of days'],
    [{ largePayloads: LargePayloadStorage.existingBucket({} as s3.IBucket) }, 'largePayloads', 'not an S3 bucket'],
  ])('bad input %j is refused at synth with the field, the value and the construct path', (props, field, problem) => {
    const e = errorOf(() => build(props as BedrockInvocationLoggingProps));
    expect(e.field).toBe(field);
    expect(e.location).toBe('Logs/Logging');
    expect(e.message).toContain(problem);
  });
});
