import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlertTarget, addAlarmTargets } from './alert-target';
import { countedTokens, profileTokenPrices, spendRateTerms } from './spend-rate';
import { fail } from '../core/validation';
import { Catalog } from '../pricing/catalog';
import { PriceCatalog } from '../pricing/cost-forecast';
import { Dec } from '../pricing/decimal';
import { today } from '../pricing/forecast';
import { isReservedMeter } from '../pricing/meters';
import { staleSources, staleWarning } from '../pricing/staleness';
import { MAX_USD, MAX_USD_TEXT, parseUsd } from '../pricing/usd-amount';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { CostAllocatedProfileBase, ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';
import { contributeToCostReport } from '../report/cost-report';
import { SpendAlarmDescription } from '../report/report-model';

const PERIOD_MINUTES = 5;
const DEFAULT_MULTIPLIER = 3;
const DEFAULT_PERIODS = 3;

/**
 * Properties of a `ProfileSpendAlarm`.
 *
 * @example
 * new ProfileSpendAlarm(this, 'SearchSpendRate', {
 *   profile: service1,
 *   thresholdUsdPerHour: '12.50',
 *   evaluationPeriods: 2, // 10 minutes above the threshold
 *   alertTargets: [AlertTarget.topic(topic)],
 * });
 */
export interface ProfileSpendAlarmProps {
  /** The profile whose spend rate to watch. */
  readonly profile: ICostAllocatedProfile;

  /**
   * Alarm above this estimated spend rate, in USD per hour (a decimal string).
   *
   * @default - the profile's forecast average hourly rate × forecastMultiplier, rounded up to
   * the cent: expected monthly cost / (daysPerMonth × 24) × forecastMultiplier
   */
  readonly thresholdUsdPerHour?: string;

  /**
   * How many times the forecast's average hourly spend the rate may reach before alarming.
   *
   * @default 3
   */
  readonly forecastMultiplier?: number;

  /**
   * How many 5-minute periods in a row must breach.
   *
   * @default 3 (15 minutes)
   */
  readonly evaluationPeriods?: number;

  /**
   * SNS topics to notify (alarms cannot email directly: subscribe addresses to a
   * `CostAlertTopic`).
   *
   * @default - no actions
   */
  readonly alertTargets?: AlertTarget[];

  /**
   * Prices for the estimate.
   *
   * @default - the catalog of the profile's forecast, else PriceCatalog.embedded()
   */
  readonly priceCatalog?: PriceCatalog;

  /**
   * Use the prices in effect on this date (YYYY-MM-DD).
   *
   * @default - the date of synthesis
   */
  readonly pricesAsOf?: string;
}


/**
 * A CloudWatch alarm on a profile's estimated spend rate, in USD per hour: its input, output,
 * cache-read and cache-write token counts (5-minute sums) times the Standard on-demand prices
 * from the catalog (the global rate for a global profile). Minutes, where a budget takes up to
 * a day.
 *
 * It is an estimate: CloudWatch math runs in floating point, every token is priced at the
 * Standard tier, and tokens the model has no price for (cache tokens of a model without cache
 * prices, say) are left out, which the alarm description and the cost report name. The budget
 * is the bill.
 *
 * @resource AWS::CloudWatch::Alarm
 *
 * @example
 * // Threshold: 3 × the hourly rate of the profile's expectedUsage forecast.
 * new ProfileSpendAlarm(this, 'SearchSpendRate', { profile: service1, alertTargets: [alerts.asAlertTarget()] });
 */
export class ProfileSpendAlarm extends Construct {
  private readonly resource: cloudwatch.CfnAlarm;
  /** The threshold, USD per hour (decimal string). */
  public readonly thresholdUsdPerHour: string;
  private readonly description: SpendAlarmDescription;
  private readonly actionArns: string[] = [];

  constructor(scope: Construct, id: string, props: ProfileSpendAlarmProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', 'Pass at least { profile }.', props);
    }
    const profile = props.profile;
    if (profile === null || typeof profile !== 'object' || typeof profile.metricInputTokenCount !== 'function') {
      fail(this, 'profile', 'is required and must be an inference profile', 'Pass a CostAllocatedProfile or an import.', profile);
    }
    if (props.priceCatalog !== undefined && !(props.priceCatalog instanceof PriceCatalog)) {
      fail(this, 'priceCatalog', 'must be a PriceCatalog', 'Use PriceCatalog.embedded() or PriceCatalog.fromFile(...).', props.priceCatalog);
    }
    const forecast = profile instanceof CostAllocatedProfile ? profile.costForecast : undefined;
    const catalog = props.priceCatalog?._catalog ?? forecast?._catalog ?? Catalog.embedded();
    const asOf = props.pricesAsOf ?? forecast?.asOf ?? today();
    const prices = profileTokenPrices(this, 'profile', profile, catalog, asOf);
    // The rate's prices are the newest applicable ones: a stale one means no newer price is known.
    for (const stale of staleSources(prices.rows.map(r => r.source), asOf)) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:stalePrices', `spend rate: ${staleWarning(stale)}`);
    }
    // CloudWatch's token counts do not tell reserved-tier tokens from Standard ones: the rate prices them all at Standard.
    const reserved = forecast?._forecast.workloads.some(w => w.lines.some(l => isReservedMeter(l.meter))) ?? false;

    const periods = checkInteger(this, 'evaluationPeriods', props.evaluationPeriods, DEFAULT_PERIODS, 1, 288);
    let threshold: Dec;
    let rule: string;
    if (props.thresholdUsdPerHour !== undefined) {
      const given = parseUsd(props.thresholdUsdPerHour);
      if ('problem' in given) {
        fail(this, 'thresholdUsdPerHour', given.problem.replace('in USD', 'in USD per hour'), "Use e.g. thresholdUsdPerHour: '12.50'.", props.thresholdUsdPerHour);
      }
      threshold = given.amount.round(2, 'ceil');
      rule = 'fixed';
    } else {
      if (forecast === undefined) {
        fail(this, 'thresholdUsdPerHour', 'is needed: the profile has no cost forecast to derive it from',
          "Give the profile expectedUsage, or give thresholdUsdPerHour, e.g. '12.50'.", undefined);
      }
      const multiplier = checkMultiplier(this, props.forecastMultiplier);
      const workload = forecast._forecast.workloads[0];
      const hours = workload.daysPerMonth.times(Dec.parse('24'));
      threshold = workload.monthly.expected.times(multiplier).divide(hours, 2, 'ceil');
      if (!threshold.lt(MAX_USD)) {
        fail(this, 'thresholdUsdPerHour', `is needed: the forecast gives ${MAX_USD_TEXT} USD per hour or more`, 'Check expectedUsage, or give thresholdUsdPerHour.', threshold.toFixed(2));
      }
      if (!threshold.gt(Dec.ZERO)) {
        fail(this, 'thresholdUsdPerHour', 'is needed: the forecast is zero, so the derived threshold would be 0', 'Give thresholdUsdPerHour.', threshold.toFixed(2));
      }
      rule = `expected monthly ${workload.monthly.expected.toFixed(2)} USD / (${workload.daysPerMonth.toFixed()} d × 24 h) × ${multiplier.toFixed()}, rounded up to the cent`;
    }
    this.thresholdUsdPerHour = threshold.toFixed(2);

    // Rendered as L1, property for property what cloudwatch.Alarm renders for this math, from
    // plain metric names: the L2's lazy metric rendering, and building Metric objects at all,
    // cost a platform vending thousands of alarms most of their time.
    const period = Duration.minutes(PERIOD_MINUTES);
    const rate = spendRateTerms(prices, period);
    const dimensions = metricsDimensions(profile);
    const profilePath = profile.node.path;
    // Under Resource/Resource, the path cloudwatch.Alarm gave it: the same logical id.
    this.resource = new cloudwatch.CfnAlarm(new Construct(this, 'Resource'), 'Resource', {
      threshold: Number(this.thresholdUsdPerHour),
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Estimated Bedrock spend of ${profilePath} above ${this.thresholdUsdPerHour} USD/hour for ${periods * PERIOD_MINUTES} minutes `
        + `(${countedTokens(prices)} x on-demand prices; an estimate, the budget is the bill)`
        + (prices.notCounted.length > 0 ? `. Not counted, no price: ${prices.notCounted.map(n => n.split(' (')[0]).join(', ')}.` : '.')
        + (reserved ? ' Reserved-tier tokens count at on-demand prices; the reservation\'s hourly cost is not in the rate.' : ''),
      metrics: [
        { id: 'expr_1', expression: rate.expression, label: 'Estimated Bedrock spend, USD per hour', returnData: true },
        ...Object.entries(rate.metricNames).map(([metricId, metricName]) => ({
          id: metricId,
          returnData: false,
          metricStat: { metric: { namespace: 'AWS/Bedrock', metricName, dimensions }, period: period.toSeconds(), stat: 'Sum' },
        })),
      ],
    });
    addAlarmTargets(this, topic => this._addAlarmActionArn(topic.topicArn), props.alertTargets);

    this.description = {
      path: this.node.path,
      profile: profilePath,
      thresholdUsdPerHour: this.thresholdUsdPerHour,
      rule,
      inputUsdPerToken: prices.input.toFixed(),
      ...(prices.output && { outputUsdPerToken: prices.output.toFixed() }),
      ...(prices.cacheRead && { cacheReadUsdPerToken: prices.cacheRead.toFixed() }),
      ...(prices.cacheWrite && { cacheWriteUsdPerToken: prices.cacheWrite.toFixed() }),
      ...(prices.notCounted.length > 0 && { notCounted: prices.notCounted }),
      priceSources: [...new Set(prices.rows.map(r => `${r.source.id}${r.line !== undefined ? `:${r.line}` : ''} (${r.source.effectiveDate})`))],
      periodMinutes: PERIOD_MINUTES,
      evaluationPeriods: periods,
    };
    contributeToCostReport(this, { alarm: () => this.description });
  }

  /** The alarm's ARN, a token (made on first use: a platform vends thousands of alarms). */
  public get alarmArn(): string {
    return this.resource.attrArn;
  }

  /** The alarm, as a construct to pass to other CDK APIs (created on first use). */
  public get alarm(): cloudwatch.IAlarm {
    return (this.node.tryFindChild('Alarm') as cloudwatch.IAlarm | undefined) ?? cloudwatch.Alarm.fromAlarmArn(this, 'Alarm', this.alarmArn);
  }

  /**
   * Notifies an action when the alarm fires. Unlike `alertTargets`, this does not change the
   * target's policy: an SNS topic must already allow `cloudwatch.amazonaws.com` to publish
   * (and, when encrypted, to use its key), or the alarm history shows "not authorized to
   * perform: SNS:Publish" and nobody is told.
   */
  public addAlarmAction(...actions: cloudwatch.IAlarmAction[]): void {
    for (const action of actions) {
      this._addAlarmActionArn(action.bind(this, this.alarm).alarmActionArn);
    }
  }

  /**
   * Adds an alarm action by ARN, as is: its target must already accept this alarm (for an SNS
   * topic, a policy letting CloudWatch alarms of this account and Region publish).
   * @internal
   */
  public _addAlarmActionArn(actionArn: string): void {
    // Set on the first action: without one the alarm renders no AlarmActions at all.
    this.actionArns.push(actionArn);
    this.resource.alarmActions = this.actionArns;
  }

  /**
   * What the cost report records.
   * @internal
   */
  public _describe(): SpendAlarmDescription {
    return this.description;
  }
}

/** The dimensions of the profile's `AWS/Bedrock` metrics, as an alarm renders them. */
function metricsDimensions(profile: ICostAllocatedProfile): cloudwatch.CfnAlarm.DimensionProperty[] {
  if (profile instanceof CostAllocatedProfileBase) {
    return [{ name: 'ModelId', value: profile._metricsDimensionValue() }];
  }
  const metric = profile.metric('InputTokenCount') as cloudwatch.Metric;
  return Object.entries(metric.dimensions ?? {}).map(([name, value]) => ({ name, value: String(value) }));
}

function checkInteger(scope: Construct, field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(scope, field, `must be a whole number from ${min} to ${max}`, `Use e.g. ${fallback}.`, value);
  }
  return value;
}

function checkMultiplier(scope: Construct, value: unknown): Dec {
  if (value === undefined) {
    return Dec.fromNumber(DEFAULT_MULTIPLIER);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > 1000) {
    fail(scope, 'forecastMultiplier', 'must be a number from 1 to 1000', `Use e.g. ${DEFAULT_MULTIPLIER}: alarm at three times the forecast rate.`, value);
  }
  return Dec.fromNumber(value);
}
