import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { fail } from '../core/validation';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Where a budget, spend alarm or anomaly alert sends its notifications: an email address or
 * an SNS topic.
 */
export abstract class AlertTarget {
  /** An email address (AWS Budgets and Cost Anomaly Detection email it directly). */
  public static email(address: string): AlertTarget {
    return new EmailTarget(address);
  }

  /**
   * An SNS topic. A topic created in this app gets a policy statement letting the notifying
   * service publish (conditioned on this account); for an imported topic you must add that
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
    if (this.topic === null || typeof this.topic !== 'object' || typeof (this.topic as sns.ITopic).topicArn !== 'string') {
      fail(scope, field, 'is not an SNS topic', 'Pass an sns.ITopic, e.g. new CostAlertTopic(...).topic or sns.Topic.fromTopicArn(...).', this.topic);
    }
    return { topic: this.topic };
  }
}

/** The AWS services that publish cost alerts to SNS. */
export enum AlertPublisher {
  BUDGETS = 'budgets.amazonaws.com',
  COST_ANOMALY_DETECTION = 'costalerts.amazonaws.com',
}

const allowed = new WeakMap<sns.ITopic, Set<AlertPublisher>>();

/**
 * Lets `publisher` publish to `topic`, only on behalf of this account. Once per topic and
 * publisher; an imported topic cannot be changed, so synthesis warns instead.
 */
export function allowToPublish(scope: IConstruct, topic: sns.ITopic, publisher: AlertPublisher): void {
  const done = allowed.get(topic) ?? new Set<AlertPublisher>();
  if (done.has(publisher)) {
    return;
  }
  const stack = Stack.of(topic);
  const sourceArn = publisher === AlertPublisher.BUDGETS
    ? `arn:${stack.partition}:budgets::${stack.account}:*`
    : `arn:${stack.partition}:ce::${stack.account}:anomalysubscription/*`;
  const result = topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: publisher === AlertPublisher.BUDGETS ? 'AllowAwsBudgetsToPublish' : 'AllowCostAnomalyDetectionToPublish',
    principals: [new iam.ServicePrincipal(publisher)],
    actions: ['SNS:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': sourceArn } },
  }));
  if (!result.statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:importedTopicPolicy',
      `The SNS topic ${topic.node.path} is imported, so its policy cannot be changed here: make sure it allows ${publisher} to SNS:Publish ` +
      '(condition aws:SourceAccount = this account), or the notifications are silently dropped.');
  }
  done.add(publisher);
  allowed.set(topic, done);
}

/**
 * Checks alarm targets and hands each one's SNS topic to `notify` (alarms cannot email).
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
    notify(bound.topic);
  }
}
