import { Annotations, ArnFormat, CustomResource, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { INVOCATION_LOG_QUERIES } from './invocation-log-queries';
import { InvocationLoggingRemoval } from './invocation-logging-removal';
import { bedrockSourceArn, BoundLargePayloadStorage, LargePayloadStorage } from './large-payload-storage';
import { LoggingConfigFunction } from './logging-config-function';
import { claimAccountRegion, legacyStateParameterName } from './logging-singleton';
import { STATE_PARAMETER_NAME } from './logging-state';
import { AlertTarget, addAlarmTargets } from '../budgets/alert-target';
import { handlerProvider } from '../core/handler-provider';
import { checkFlag, checkKey, checkString, fail } from '../core/validation';

/** The log stream Bedrock writes invocation records to, in the configured group. */
export const BEDROCK_LOG_STREAM = 'aws/bedrock/modelinvocations';
/** The IAM path of every delivery role this library creates. */
const DELIVERY_ROLE_PATH = '/cdk-bedrock-cost-profiles/';
const LOG_GROUP_NAME_RULE = {
  minLength: 1,
  maxLength: 512,
  pattern: /^[.\-_/#A-Za-z0-9]{1,512}$/,
  patternHelp: 'letters, digits and . - _ / #',
  fix: "Use e.g. '/bedrock/model-invocations', or leave logGroupName out for a generated one.",
};

/**
 * Properties of `BedrockInvocationLogging`.
 *
 * @example
 * new BedrockInvocationLogging(this, 'InvocationLogging', {
 *   encryptionKey: key, // its key policy must let CloudWatch Logs use it
 *   largePayloads: LargePayloadStorage.existingBucket(bucket, 'bedrock/large-payloads'),
 *   imageDataDelivery: true,
 *   takeOverExistingConfiguration: true, // replace the configuration set outside this stack, and restore it on delete
 *   onDelete: InvocationLoggingRemoval.RESTORE_PREVIOUS,
 * });
 */
export interface BedrockInvocationLoggingProps {
  /**
   * How long the log group keeps invocation records. Never infinite: the records hold prompts
   * and completions.
   *
   * @default RetentionDays.THREE_MONTHS
   */
  readonly retention?: logs.RetentionDays;

  /**
   * Name of the log group.
   *
   * @default - '/bedrock/model-invocations/<unique id of this construct>'
   */
  readonly logGroupName?: string;

  /**
   * Encrypt the log group with this KMS key. A key defined in this app gets the key-policy
   * statement CloudWatch Logs needs (scoped to this log group); for an imported key, add it
   * yourself.
   *
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the log group (and its records) when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logGroupRemovalPolicy?: RemovalPolicy;

  /**
   * Where payloads over 100 KB and binary data (images, video, audio) go.
   *
   * @default - none: such payloads are not delivered
   */
  readonly largePayloads?: LargePayloadStorage;

  /**
   * Deliver text prompts and completions.
   *
   * @default true
   */
  readonly textDataDelivery?: boolean;

  /**
   * Deliver image inputs and outputs (needs largePayloads: images are delivered to S3 only).
   *
   * @default false
   */
  readonly imageDataDelivery?: boolean;

  /**
   * Deliver embedding inputs and outputs.
   *
   * @default false
   */
  readonly embeddingDataDelivery?: boolean;

  /**
   * Deliver video inputs and outputs (needs largePayloads).
   *
   * @default false
   */
  readonly videoDataDelivery?: boolean;

  /**
   * Deliver audio inputs and outputs (needs largePayloads).
   *
   * @default false
   */
  readonly audioDataDelivery?: boolean;

  /**
   * Replace a configuration this stack did not write. Without it, deployment fails when the
   * account and Region already have model invocation logging (there is only one). The replaced
   * configuration is saved and, with `onDelete: RESTORE_PREVIOUS`, put back when this stack is
   * deleted; the handler may then pass that configuration's role, so it gets `iam:PassRole` on
   * the account's roles (for Bedrock only). Another stack's construct of this library counts as
   * an existing configuration too: this one takes over, and hands back when it is deleted.
   *
   * @default false
   */
  readonly takeOverExistingConfiguration?: boolean;

  /**
   * What deleting this construct does to the account's configuration. A configuration someone
   * else wrote since this stack wrote its own is never touched.
   *
   * @default InvocationLoggingRemoval.RESTORE_PREVIOUS
   */
  readonly onDelete?: InvocationLoggingRemoval;

  /**
   * Alarm when Bedrock fails to deliver records to the log group (or large payloads to the
   * bucket).
   *
   * @default true
   */
  readonly deliveryFailureAlarms?: boolean;

  /**
   * SNS topics the delivery-failure alarms notify.
   *
   * @default - no actions
   */
  readonly alertTargets?: AlertTarget[];

  /**
   * Save the Logs Insights queries (tokens and calls by model or profile, top callers, hourly
   * calls) as query definitions on the log group.
   *
   * @default true
   */
  readonly queryDefinitions?: boolean;
}

/**
 * Bedrock model invocation logging to CloudWatch Logs, which CloudFormation has no resource
 * for, as a custom resource that is safe as an account-wide singleton.
 *
 * There is one configuration per account and Region. The handler reads it first and refuses to
 * replace one this stack did not write unless `takeOverExistingConfiguration` is set (it then
 * saves it and restores it on delete); on delete it leaves alone a configuration someone else
 * wrote since. A second instance for the same account and Region in one app fails synthesis;
 * two apps (or a console change) can still overwrite each other: keep the configuration in one
 * stack per account and Region. Security tooling commonly alerts on
 * `PutModelInvocationLoggingConfiguration` and `DeleteModelInvocationLoggingConfiguration`:
 * tell your security team before deploying.
 *
 * @resource Custom::BedrockInvocationLogging
 *
 * @example
 * new BedrockInvocationLogging(this, 'InvocationLogging', {
 *   retention: logs.RetentionDays.ONE_MONTH,        // the records hold prompts: keep them briefly
 *   largePayloads: LargePayloadStorage.newBucket(), // bodies over 100 KB, images, video
 *   alertTargets: [alerts.asAlertTarget()],         // delivery failures
 * });
 */
export class BedrockInvocationLogging extends Construct {
  /** The log group Bedrock delivers invocation records to. */
  public readonly logGroup: logs.LogGroup;
  /** The role Bedrock assumes to write to the log group (and bucket). */
  public readonly deliveryRole: iam.Role;
  /** The large-payload bucket, if any. */
  public readonly largePayloadBucket?: s3.IBucket;
  /** The delivery-failure alarms (empty when turned off). */
  public readonly deliveryFailureAlarms: cloudwatch.Alarm[];
  /** The saved Logs Insights queries (empty when turned off). */
  public readonly queries: logs.QueryDefinition[];
  /**
   * Name of the SSM parameter (one per account and Region) in which the handler keeps who owns
   * the configuration and what to restore (see docs/logging.md).
   */
  public readonly stateParameterName: string;
  private readonly largePayloads?: BoundLargePayloadStorage;

  constructor(scope: Construct, id: string, props: BedrockInvocationLoggingProps = {}) {
    super(scope, id);
    if (props === null || typeof props !== 'object') {
      fail(this, 'props', 'must be an object', 'Pass e.g. {} or { retention: logs.RetentionDays.ONE_MONTH }.', props);
    }
    claimAccountRegion(this);
    checkKey(this, 'encryptionKey', props.encryptionKey);
    const stack = Stack.of(this);

    const retention = props.retention ?? logs.RetentionDays.THREE_MONTHS;
    if (retention === logs.RetentionDays.INFINITE) {
      fail(this, 'retention', 'must be a finite retention: invocation records hold prompts and completions',
        'Choose how long you need them, e.g. logs.RetentionDays.THREE_MONTHS or ONE_YEAR.', 'INFINITE');
    }
    if (!Object.values(logs.RetentionDays).includes(retention)) {
      fail(this, 'retention', 'is not a CloudWatch Logs retention', 'Use a logs.RetentionDays value, e.g. logs.RetentionDays.THREE_MONTHS.', retention);
    }
    const logGroupName = props.logGroupName ?? `/bedrock/model-invocations/${Names.uniqueResourceName(this, { maxLength: 120, separator: '-' })}`;
    checkString(this, 'logGroupName', logGroupName, LOG_GROUP_NAME_RULE);
    const flags = {
      text: checkFlag(this, 'textDataDelivery', props.textDataDelivery, true),
      image: checkFlag(this, 'imageDataDelivery', props.imageDataDelivery, false),
      embedding: checkFlag(this, 'embeddingDataDelivery', props.embeddingDataDelivery, false),
      video: checkFlag(this, 'videoDataDelivery', props.videoDataDelivery, false),
      audio: checkFlag(this, 'audioDataDelivery', props.audioDataDelivery, false),
    };
    const takeOver = checkFlag(this, 'takeOverExistingConfiguration', props.takeOverExistingConfiguration, false);
    const onDelete = props.onDelete ?? InvocationLoggingRemoval.RESTORE_PREVIOUS;
    if (!Object.values(InvocationLoggingRemoval).includes(onDelete)) {
      fail(this, 'onDelete', 'is not an InvocationLoggingRemoval', 'Use InvocationLoggingRemoval.RESTORE_PREVIOUS, DELETE or RETAIN.', onDelete);
    }
    if (props.largePayloads !== undefined && !(props.largePayloads instanceof LargePayloadStorage)) {
      fail(this, 'largePayloads', 'must be a LargePayloadStorage', 'Use LargePayloadStorage.newBucket() or LargePayloadStorage.existingBucket(bucket).', props.largePayloads);
    }
    const binary = (['image', 'video', 'audio'] as const).filter(kind => flags[kind]);
    if (binary.length > 0 && props.largePayloads === undefined) {
      fail(this, `${binary[0]}DataDelivery`, `is on, but Bedrock delivers ${binary.join(', ')} data to S3 only and no largePayloads bucket is set`,
        'Add largePayloads: LargePayloadStorage.newBucket(), or turn the switch off.', true);
    }

    // A group ARN without the ':*' suffix of logGroupArn: the key policy and role need the exact shapes.
    const groupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.logGroupRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    if (props.encryptionKey !== undefined) {
      this.allowLogsToUseKey(props.encryptionKey, groupArn);
    }

    this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': bedrockSourceArn(stack) },
      }),
      description: 'Lets Amazon Bedrock deliver model invocation logs (cdk-bedrock-cost-profiles)',
      // One path for every stack's delivery role: a handler handing the configuration back to
      // another construct of this library passes that construct's role.
      path: DELIVERY_ROLE_PATH,
    });
    this.deliveryRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${groupArn}:log-stream:${BEDROCK_LOG_STREAM}`],
    }));

    if (props.largePayloads !== undefined) {
      this.largePayloads = props.largePayloads._bind(this, this.deliveryRole);
      this.largePayloadBucket = this.largePayloads.bucket;
    }

    this.stateParameterName = STATE_PARAMETER_NAME;
    const resource = this.configure(stack, {
      cloudWatchConfig: {
        logGroupName: this.logGroup.logGroupName,
        roleArn: this.deliveryRole.roleArn,
        ...(this.largePayloads
          // Never an empty largeDataDeliveryS3Config: Bedrock rejects it.
          ? { largeDataDeliveryS3Config: { bucketName: this.largePayloads.bucket.bucketName, keyPrefix: this.largePayloads.keyPrefix } }
          : {}),
      },
      textDataDeliveryEnabled: flags.text,
      imageDataDeliveryEnabled: flags.image,
      embeddingDataDeliveryEnabled: flags.embedding,
      videoDataDeliveryEnabled: flags.video,
      audioDataDeliveryEnabled: flags.audio,
    }, takeOver, onDelete);
    resource.node.addDependency(this.logGroup, this.deliveryRole);
    if (this.largePayloads?.bucket.policy) {
      resource.node.addDependency(this.largePayloads.bucket.policy);
    }

    this.deliveryFailureAlarms = checkFlag(this, 'deliveryFailureAlarms', props.deliveryFailureAlarms, true)
      ? this.createDeliveryAlarms(props.alertTargets)
      : [];
    this.queries = checkFlag(this, 'queryDefinitions', props.queryDefinitions, true)
      ? INVOCATION_LOG_QUERIES.map(query => new logs.QueryDefinition(this, `Query${query.id}`, {
        // A '/' makes a folder in the console; one configuration per account and Region, so one set.
        queryDefinitionName: `Bedrock model invocations/${query.title}`,
        queryString: new logs.QueryString(query.parts),
        logGroups: [this.logGroup],
      }))
      : [];
  }

  /**
   * A CloudWatch metric of Bedrock's log delivery (namespace AWS/Bedrock, account-wide):
   * `ModelInvocationLogsCloudWatchDeliverySuccess`, `…CloudWatchDeliveryFailure`,
   * `ModelInvocationLargeDataS3DeliverySuccess`, `…LargeDataS3DeliveryFailure`.
   */
  public metricDelivery(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: 'AWS/Bedrock', metricName, statistic: 'Sum', period: Duration.minutes(5), ...props });
  }

  private configure(stack: Stack, config: object, takeOver: boolean, onDelete: InvocationLoggingRemoval): CustomResource {
    const bedrockActions = ['Get', 'Put', 'Delete'].map(verb => `bedrock:${verb}ModelInvocationLoggingConfiguration`);
    const statements = [
      new iam.PolicyStatement({ actions: bedrockActions, resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        // Handing the configuration back passes the previous owner's delivery role (under this library's path);
        // restoring a replaced configuration passes its role, which only the account knows.
        resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: takeOver ? '*' : `${DELIVERY_ROLE_PATH.slice(1)}*` })],
        conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
      }),
      new iam.PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
        // The account's and Region's state, and the per-stack one an earlier version kept (migrated, then removed).
        resources: [this.stateParameterName, legacyStateParameterName(stack)].map(name =>
          stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) })),
      }),
      new iam.PolicyStatement({
        // HeadBucket with the expected owner: a saved configuration is restored only when its buckets are this account's.
        actions: ['s3:ListBucket'],
        resources: [stack.formatArn({ service: 's3', region: '', account: '', resource: '*' })],
        conditions: { StringEquals: { 'aws:ResourceAccount': stack.account } },
      }),
    ];
    const provider = handlerProvider(this, {
      id: 'BedrockInvocationLoggingProvider',
      createHandler: (scope, id, options) => new LoggingConfigFunction(scope, id, options),
      statements,
      wildcardReason: 'The Bedrock model invocation logging actions support no resource-level permissions (the Service Authorization '
        + 'Reference lists none: there is one configuration per account and Region); s3:ListBucket on any bucket of this account '
        + '(aws:ResourceAccount) lets the handler check with HeadBucket that a configuration it restores delivers to this account\'s buckets only'
        + (takeOver ? '; with takeOverExistingConfiguration, restoring the replaced configuration passes a role only the account knows, '
          + 'so iam:PassRole covers the account\'s roles, for Bedrock only (iam:PassedToService).'
          : '; handing the configuration back to another construct of this library passes its delivery role, so iam:PassRole covers '
          + `the roles under ${DELIVERY_ROLE_PATH}, for Bedrock only (iam:PassedToService).`),
      wildcardFindings: [
        'Resource::*',
        { regex: '/^Resource::arn:<AWS::Partition>:s3:::\\*$/' },
        takeOver
          ? { regex: '/^Resource::arn:<AWS::Partition>:iam::(\\d{12}|<AWS::AccountId>):role\\/\\*$/' }
          : { regex: '/^Resource::arn:<AWS::Partition>:iam::(\\d{12}|<AWS::AccountId>):role\\/cdk-bedrock-cost-profiles\\/\\*$/' },
      ],
      description: 'Bedrock model invocation logging (cdk-bedrock-cost-profiles)',
    });
    return new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BedrockInvocationLogging',
      properties: {
        LoggingConfiguration: stack.toJsonString(config),
        TakeOver: String(takeOver),
        OnDelete: onDelete,
        StateParameterName: this.stateParameterName,
      },
    });
  }

  private allowLogsToUseKey(key: kms.IKey, groupArn: string): void {
    const region = Stack.of(this).region;
    const added = key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': groupArn } },
    }), true);
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:log-key-policy',
        `The encryption key is imported, so its policy cannot be changed here. Let logs.${region}.amazonaws.com use it for ${groupArn} `
        + '(kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe* with kms:EncryptionContext:aws:logs:arn), or the log group cannot be created.');
    }
  }

  private createDeliveryAlarms(alertTargets: AlertTarget[] | undefined): cloudwatch.Alarm[] {
    const failures = [['CloudWatchDeliveryFailureAlarm', 'ModelInvocationLogsCloudWatchDeliveryFailure', 'the log group']];
    if (this.largePayloads) {
      failures.push(['LargePayloadDeliveryFailureAlarm', 'ModelInvocationLargeDataS3DeliveryFailure', 'the large-payload bucket']);
    }
    return failures.map(([id, metricName, where]) => {
      const alarm = new cloudwatch.Alarm(this, id, {
        metric: this.metricDelivery(metricName),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `Bedrock failed to deliver model invocation records to ${where} (${metricName}): check the delivery role, `
          + 'the key policy and whether another stack or the console changed the configuration.',
      });
      addAlarmTargets(this, topic => alarm.addAlarmAction(new actions.SnsAction(topic)), alertTargets);
      return alarm;
    });
  }
}
