import { Annotations, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { fail } from '../core/validation';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Where a budget, spend alarm or anomaly alert sends its notifications: an email address or
 * an SNS topic.
 *
 * @example
 * new ProfileBudget(this, 'SearchBudget', {
 *   profiles: [service1],
 *   alertTargets: [AlertTarget.email('finops@example.com'), AlertTarget.topic(topic)], // the topic gets a policy statement for AWS Budgets
 * });
 */
export abstract class AlertTarget {
  /** An email address (AWS Budgets and Cost Anomaly Detection email it directly). */
  public static email(address: string): AlertTarget {
    return new EmailTarget(address);
  }

  /**
   * An SNS topic. A topic created in this app gets a policy statement letting the notifying
   * service (AWS Budgets, Cost Anomaly Detection or CloudWatch alarms) publish, conditioned on
   * this account, and, when it is encrypted with a key of this app, a key-policy statement
   * letting the service use the key. For an imported topic (or key) you must add those
   * yourself, and synthesis warns.
   */
  public static topic(topic: sns.ITopic): AlertTarget {
    return new TopicTarget(topic);
  }

  /**
   * Validates the target for a construct.
   * @internal
   */
  public abstract _bind(scope: IConstruct, field: string): BoundAlertTarget;
}

/** @internal */
export interface BoundAlertTarget {
  readonly email?: string;
  readonly topic?: sns.ITopic;
}

class EmailTarget extends AlertTarget {
  constructor(private readonly address: string) {
    super();
  }

  public _bind(scope: IConstruct, field: string): BoundAlertTarget {
    if (typeof this.address !== 'string' || (!Token.isUnresolved(this.address) && !EMAIL.test(this.address))) {
      fail(scope, field, 'is not an email address', "Use e.g. AlertTarget.email('finops@example.com').", this.address);
    }
    return { email: this.address };
  }
}

class TopicTarget extends AlertTarget {
  constructor(private readonly topic: sns.ITopic) {
    super();
  }

  public _bind(scope: IConstruct, field: string): BoundAlertTarget {
    const topic = this.topic as Partial<sns.ITopic> | null;
    if (topic === null || typeof topic !== 'object' || typeof topic.topicArn !== 'string' || typeof topic.addToResourcePolicy !== 'function') {
      fail(scope, field, 'is not an SNS topic', 'Pass an sns.ITopic, e.g. new CostAlertTopic(...).topic or sns.Topic.fromTopicArn(...).', this.topic);
    }
    return { topic: this.topic };
  }
}

/** The AWS services that publish cost alerts to SNS. */
export enum AlertPublisher {
  BUDGETS = 'budgets.amazonaws.com',
  COST_ANOMALY_DETECTION = 'costalerts.amazonaws.com',
  CLOUDWATCH_ALARMS = 'cloudwatch.amazonaws.com',
}

/**
 * Per publisher: the statement id and the ARN of what publishes on this account's behalf (the
 * `aws:SourceArn` AWS documents for it: budgets-sns-policy, ad-SNS, and the knowledge-center
 * article cloudwatch-receive-sns-for-alarm-trigger).
 */
const PUBLISHERS: Record<AlertPublisher, { sid: string; sourceArn: (stack: Stack) => string }> = {
  [AlertPublisher.BUDGETS]: {
    sid: 'AllowAwsBudgetsToPublish',
    sourceArn: s => `arn:${s.partition}:budgets::${s.account}:*`,
  },
  [AlertPublisher.COST_ANOMALY_DETECTION]: {
    sid: 'AllowCostAnomalyDetectionToPublish',
    sourceArn: s => `arn:${s.partition}:ce::${s.account}:anomalysubscription/*`,
  },
  [AlertPublisher.CLOUDWATCH_ALARMS]: {
    sid: 'AllowCloudWatchAlarmsToPublish',
    sourceArn: s => `arn:${s.partition}:cloudwatch:${s.region}:${s.account}:alarm:*`,
  },
};

/**
 * The topic-policy statement letting `publisher` publish to the topic `topicArn` of `stack`,
 * only on behalf of this account (and, for alarms, this Region).
 * @internal
 */
export function publishStatement(publisher: AlertPublisher, stack: Stack, topicArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: PUBLISHERS[publisher].sid,
    principals: [new iam.ServicePrincipal(publisher)],
    actions: ['SNS:Publish'],
    resources: [topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': PUBLISHERS[publisher].sourceArn(stack) } },
  });
}

/** Every alert publisher: the statements a `CostAlertTopic` has, in its order. @internal */
export const ALERT_PUBLISHERS = [AlertPublisher.BUDGETS, AlertPublisher.COST_ANOMALY_DETECTION, AlertPublisher.CLOUDWATCH_ALARMS] as const;

/** What has been granted on a topic so far: publishers, and the key statement they share. */
interface TopicGrants {
  readonly publishers: Set<AlertPublisher>;
  keyStatement?: iam.PolicyStatement;
}

const granted = new WeakMap<sns.ITopic, TopicGrants>();

/**
 * Lets `publisher` publish to `topic`, only on behalf of this account, and, when the topic is
 * encrypted, use its KMS key. Once per topic and publisher; an imported topic or key cannot be
 * changed here, so synthesis warns (acknowledgeably) instead.
 */
export function allowToPublish(scope: IConstruct, topic: sns.ITopic, publisher: AlertPublisher): void {
  const grants = granted.get(topic) ?? { publishers: new Set<AlertPublisher>() };
  granted.set(topic, grants);
  if (grants.publishers.has(publisher)) {
    return;
  }
  grants.publishers.add(publisher);
  const stack = Stack.of(topic);
  const result = topic.addToResourcePolicy(publishStatement(publisher, stack, topic.topicArn));
  if (!result.statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:importedTopicPolicy',
      `The SNS topic ${topic.node.path} is imported, so its policy cannot be changed here: make sure it allows ${publisher} to SNS:Publish ` +
      `(conditions aws:SourceAccount = this account, aws:SourceArn like ${PUBLISHERS[publisher].sourceArn(stack)}), or the notifications are silently dropped.`);
  }
  if (topic.masterKey) {
    allowToUseKey(scope, topic, topic.masterKey, grants, publisher);
  }
}

/**
 * An encrypted topic accepts a service's message only if the service may use the key (SNS
 * developer guide, sns-key-management "compatibility with AWS services"). One statement per
 * topic, limited to SNS encryption for topics of this account and Region: the topic's own ARN
 * would make the key depend on the topic that depends on the key.
 */
function allowToUseKey(scope: IConstruct, topic: sns.ITopic, key: kms.IKey, grants: TopicGrants, publisher: AlertPublisher): void {
  if (grants.keyStatement) {
    grants.keyStatement.addServicePrincipal(publisher);
    return;
  }
  const stack = Stack.of(topic);
  const statement = new iam.PolicyStatement({
    sid: `AllowAlertPublishersToUseKeyFor${Names.nodeUniqueId(topic.node)}`.slice(0, 128),
    principals: [new iam.ServicePrincipal(publisher)],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'], // in a key policy, "*" is this key
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${stack.partition}:sns:${stack.region}:${stack.account}:*` } },
  });
  const result = key.addToResourcePolicy(statement, true);
  if (result.statementAdded) {
    grants.keyStatement = statement;
  } else {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:importedTopicKey',
      `The KMS key of the SNS topic ${topic.node.path} is imported, so its policy cannot be changed here: make sure it lets ${publisher} `
      + 'use it (kms:GenerateDataKey*, kms:Decrypt), or the notifications are silently dropped.');
  }
}

/**
 * Checks alarm targets, lets CloudWatch alarms publish to each one's SNS topic, and hands the
 * topic to `notify` (alarms cannot email).
 * @internal
 */
export function addAlarmTargets(scope: IConstruct, notify: (topic: sns.ITopic) => void, targets: unknown, field = 'alertTargets'): void {
  if (targets === undefined) {
    return;
  }
  if (!Array.isArray(targets)) {
    fail(scope, field, 'must be a list of alert targets', 'Pass e.g. [AlertTarget.topic(alerts.topic)].', targets);
  }
  for (const [i, target] of targets.entries()) {
    if (!(target instanceof AlertTarget)) {
      fail(scope, `${field}[${i}]`, 'must be an AlertTarget', 'Use AlertTarget.topic(...).', target);
    }
    const bound = target._bind(scope, `${field}[${i}]`);
    if (bound.topic === undefined) {
      fail(scope, `${field}[${i}]`, 'is an email address, but CloudWatch alarms notify SNS topics only',
        'Subscribe the address to a CostAlertTopic and pass AlertTarget.topic(alerts.topic).', bound.email);
    }
    allowToPublish(scope, bound.topic, AlertPublisher.CLOUDWATCH_ALARMS);
    notify(bound.topic);
  }
}
