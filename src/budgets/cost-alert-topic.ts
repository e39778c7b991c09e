import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ALERT_PUBLISHERS, AlertTarget, allowToPublish } from './alert-target';
import { checkKey, fail } from '../core/validation';

/**
 * Properties of a `CostAlertTopic`.
 *
 * @example
 * const alertsKey = new kms.Key(this, 'CostAlertsKey', { enableKeyRotation: true });
 * const costAlerts = new CostAlertTopic(this, 'CostAlerts', {
 *   emails: ['finops@example.com', 'search-leads@example.com'],
 *   encryptionKey: alertsKey, // its key policy lets Budgets, Cost Anomaly Detection and CloudWatch publish
 * });
 */
export interface CostAlertTopicProps {
  /**
   * Email addresses subscribed to the topic (each must confirm the subscription).
   *
   * @default - none
   */
  readonly emails?: string[];

  /**
   * Encrypt the topic with this KMS key (a customer managed key: the AWS managed key of SNS
   * cannot be shared with AWS Budgets, Cost Anomaly Detection or CloudWatch). Its key policy is
   * extended so that those services can publish; for an imported key, add that yourself
   * (synthesis warns).
   *
   * @default - not encrypted (the messages carry spend amounts only)
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An SNS topic for cost alerts: AWS Budgets, Cost Anomaly Detection and CloudWatch alarms may
 * publish to it (only on behalf of this account, and for alarms only from this Region), it
 * refuses non-TLS requests, and it can be KMS-encrypted.
 *
 * @example
 * const alerts = new CostAlertTopic(this, 'CostAlerts', { emails: ['finops@example.com'] });
 * new ProfileSpendAlarm(this, 'SpendRate', { profile: service1, alertTargets: [alerts.asAlertTarget()] });
 */
export class CostAlertTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: CostAlertTopicProps = {}) {
    super(scope, id);
    if (props === null || typeof props !== 'object') {
      fail(this, 'props', 'must be an object', 'Pass e.g. { emails: [...] } or nothing.', props);
    }
    const key = props.encryptionKey;
    checkKey(this, 'encryptionKey', key);
    this.topic = new sns.Topic(this, 'Topic', { enforceSSL: true, masterKey: key });
    for (const publisher of ALERT_PUBLISHERS) {
      allowToPublish(this, this.topic, publisher);
    }

    if (props.emails !== undefined && !Array.isArray(props.emails)) {
      fail(this, 'emails', 'must be a list of email addresses', "Pass e.g. ['finops@example.com'].", props.emails);
    }
    for (const [i, email] of (props.emails ?? []).entries()) {
      const bound = AlertTarget.email(email)._bind(this, `emails[${i}]`);
      const first = props.emails!.indexOf(email);
      if (first < i) {
        fail(this, `emails[${i}]`, `repeats emails[${first}]`, 'List each address once.', email);
      }
      this.topic.addSubscription(new subscriptions.EmailSubscription(bound.email!));
    }
  }

  /** This topic as an alert target for budgets, spend alarms and anomaly alerts. */
  public asAlertTarget(): AlertTarget {
    return AlertTarget.topic(this.topic);
  }
}
