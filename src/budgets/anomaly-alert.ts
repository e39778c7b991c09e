import { Stack } from 'aws-cdk-lib';
import * as ce from 'aws-cdk-lib/aws-ce';
import { Construct } from 'constructs';
import { AlertPublisher, AlertTarget, allowToPublish } from './alert-target';
import { checkString, fail } from '../core/validation';
import { parseUsd } from '../pricing/usd-amount';
import { TAG_KEY_RULE, TAG_VALUE_RULE } from '../profiles/profile-rules';

/** How often Cost Anomaly Detection notifies. */
export enum AnomalyAlertFrequency {
  /** A daily summary, by email. */
  DAILY = 'DAILY',
  /** A weekly summary, by email. */
  WEEKLY = 'WEEKLY',
  /** Each anomaly as it is found, by SNS. */
  IMMEDIATE = 'IMMEDIATE',
}

/**
 * Properties of a `CostAnomalyAlert`.
 *
 * @example
 * // Each anomaly as it is found, through an SNS topic that lets Cost Anomaly Detection publish.
 * new CostAnomalyAlert(this, 'SearchAnomalies', {
 *   tagKey: 'Team',
 *   tagValues: ['search'],
 *   thresholdUsd: '250.00',
 *   frequency: AnomalyAlertFrequency.IMMEDIATE,
 *   alertTargets: [alerts.asAlertTarget()],
 * });
 */
export interface CostAnomalyAlertProps {
  /** The cost-allocation tag key to watch, e.g. `Service`. */
  readonly tagKey: string;
  /** The tag values to watch, e.g. `['service-1', 'service-2']`. */
  readonly tagValues: string[];
  /** Notify about anomalies whose total impact is at least this many USD (a decimal string). */
  readonly thresholdUsd: string;
  /**
   * How often to notify. DAILY and WEEKLY send emails; IMMEDIATE publishes to an SNS topic.
   *
   * @default AnomalyAlertFrequency.DAILY
   */
  readonly frequency?: AnomalyAlertFrequency;
  /** Email addresses (DAILY, WEEKLY) or one SNS topic (IMMEDIATE). */
  readonly alertTargets: AlertTarget[];
}

/**
 * Cost Anomaly Detection for spend carrying a cost-allocation tag: a custom monitor on the tag
 * and a subscription above an absolute impact threshold. Like budgets, it works on billing
 * data (hours to a day behind) and needs the tag activated.
 *
 * @resource AWS::CE::AnomalyMonitor
 *
 * @example
 * new CostAnomalyAlert(this, 'SpendAnomalies', {
 *   tagKey: 'Service',
 *   tagValues: ['checkout', 'search'],
 *   thresholdUsd: '100',
 *   alertTargets: [AlertTarget.email('finops@example.com')],
 * });
 */
export class CostAnomalyAlert extends Construct {
  /** The monitor ARN. */
  public readonly monitorArn: string;

  constructor(scope: Construct, id: string, props: CostAnomalyAlertProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', 'Pass { tagKey, tagValues, thresholdUsd, alertTargets }.', props);
    }
    checkString(this, 'tagKey', props.tagKey, TAG_KEY_RULE);
    if (!Array.isArray(props.tagValues) || props.tagValues.length === 0) {
      fail(this, 'tagValues', 'must list at least one tag value', "Pass e.g. ['service-1'].", props.tagValues);
    }
    props.tagValues.forEach((v, i) => checkString(this, `tagValues[${i}]`, v, TAG_VALUE_RULE));
    const parsed = parseUsd(props.thresholdUsd);
    if ('problem' in parsed) {
      fail(this, 'thresholdUsd', parsed.problem, "Use e.g. thresholdUsd: '100'.", props.thresholdUsd);
    }
    const threshold = parsed.amount;
    const frequency = props.frequency ?? AnomalyAlertFrequency.DAILY;
    if (!Object.values(AnomalyAlertFrequency).includes(frequency)) {
      fail(this, 'frequency', 'must be an AnomalyAlertFrequency', 'Use AnomalyAlertFrequency.DAILY, WEEKLY or IMMEDIATE.', frequency);
    }
    if (!Array.isArray(props.alertTargets) || props.alertTargets.length === 0) {
      fail(this, 'alertTargets', 'must name at least one target', "Pass e.g. [AlertTarget.email('finops@example.com')].", props.alertTargets);
    }
    const subscribers = props.alertTargets.map((target, i) => {
      if (!(target instanceof AlertTarget)) {
        fail(this, `alertTargets[${i}]`, 'must be an AlertTarget', 'Use AlertTarget.email(...) or AlertTarget.topic(...).', target);
      }
      const bound = target._bind(this, `alertTargets[${i}]`);
      if (frequency === AnomalyAlertFrequency.IMMEDIATE && bound.topic === undefined) {
        fail(this, `alertTargets[${i}]`, 'is an email address, but IMMEDIATE alerts go to an SNS topic only', 'Use AlertTarget.topic(...), or a DAILY or WEEKLY frequency.', bound.email);
      }
      if (frequency !== AnomalyAlertFrequency.IMMEDIATE && bound.email === undefined) {
        fail(this, `alertTargets[${i}]`, `is an SNS topic, but ${frequency} alerts go by email only`, 'Use AlertTarget.email(...), or the IMMEDIATE frequency.', bound.topic!.node.path);
      }
      if (bound.topic) {
        allowToPublish(this, bound.topic, AlertPublisher.COST_ANOMALY_DETECTION);
      }
      return bound.topic ? { type: 'SNS', address: bound.topic.topicArn } : { type: 'EMAIL', address: bound.email! };
    });

    const name = `${Stack.of(this).stackName}-${this.node.path.split('/').slice(1).join('-')}`.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 128);
    const monitor = new ce.CfnAnomalyMonitor(this, 'Resource', {
      monitorName: name,
      monitorType: 'CUSTOM',
      monitorSpecification: JSON.stringify({ Tags: { Key: props.tagKey, Values: props.tagValues, MatchOptions: ['EQUALS'] } }),
    });
    this.monitorArn = monitor.attrMonitorArn;
    new ce.CfnAnomalySubscription(this, 'Subscription', {
      subscriptionName: name,
      frequency,
      monitorArnList: [this.monitorArn],
      subscribers,
      thresholdExpression: JSON.stringify({
        Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [threshold.toFixed()] },
      }),
    });
  }
}
