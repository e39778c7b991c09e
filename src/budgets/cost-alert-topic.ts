import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlertPublisher, AlertTarget, allowToPublish } from './alert-target';
import { fail } from '../core/validation';

/** Properties of a `CostAlertTopic`. */
export interface CostAlertTopicProps {
  /**
   * Email addresses subscribed to the topic (each must confirm the subscription).
   *
   * @default - none
   */
  readonly emails?: string[];

  /**
   * Encrypt the topic with this KMS key. Its key policy is extended so that AWS Budgets, Cost
   * Anomaly Detection and CloudWatch alarms can publish (for an imported key, add that yourself).
   *
   * @default - not encrypted (the messages carry spend amounts only)
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An SNS topic for cost alerts: budgets, Cost Anomaly Detection and CloudWatch spend alarms may
 * publish to it (only on behalf of this account), it refuses non-TLS requests, and it can be
 * KMS-encrypted.
 */
export class CostAlertTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: CostAlertTopicProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { enforceSSL: true, masterKey: props.encryptionKey });
    allowToPublish(this, this.topic, AlertPublisher.BUDGETS);
    allowToPublish(this, this.topic, AlertPublisher.COST_ANOMALY_DETECTION);

    if (props.encryptionKey) {
      const stack = Stack.of(this);
      props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowCostAlertPublishersToUseTheKey',
        principals: [AlertPublisher.BUDGETS, AlertPublisher.COST_ANOMALY_DETECTION, 'cloudwatch.amazonaws.com'].map(p => new iam.ServicePrincipal(p)),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }));
    }

    if (props.emails !== undefined && !Array.isArray(props.emails)) {
      fail(this, 'emails', 'must be a list of email addresses', "Pass e.g. ['finops@example.com'].", props.emails);
    }
    for (const [i, email] of (props.emails ?? []).entries()) {
      const bound = AlertTarget.email(email)._bind(this, `emails[${i}]`);
      this.topic.addSubscription(new subscriptions.EmailSubscription(bound.email!));
    }
  }

  /** This topic as an alert target for budgets, spend alarms and anomaly alerts. */
  public asAlertTarget(): AlertTarget {
    return AlertTarget.topic(this.topic);
  }
}
