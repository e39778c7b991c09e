import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { AlertTarget } from './alert-target';
import { CostProfilesError } from '../core/errors';
import { fail } from '../core/validation';
import { Catalog, PriceRow } from '../pricing/catalog';
import { PriceCatalog } from '../pricing/cost-forecast';
import { Dec } from '../pricing/decimal';
import { priceLine, today } from '../pricing/forecast';
import { resolveModelRef } from '../pricing/model-ref';
import { CostAllocatedProfile, ICostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { contributeToCostReport } from '../report/cost-report';
import { SpendAlarmDescription } from '../report/report-model';

const PERIOD_MINUTES = 5;
const DEFAULT_MULTIPLIER = 3;
const DEFAULT_PERIODS = 3;

/** Properties of a `ProfileSpendAlarm`. */
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
 * A CloudWatch alarm on a profile's estimated spend rate, in USD per hour: its input and
 * output token counts (5-minute sums) times the on-demand token prices from the catalog.
 * Minutes, where a budget takes up to a day.
 *
 * It is an estimate: it prices every token at the on-demand rate (cache reads and batch are
 * cheaper), and CloudWatch math runs in floating point. The budget is the bill.
 *
 * @resource AWS::CloudWatch::Alarm
 */
export class ProfileSpendAlarm extends Construct {
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;
  /** The threshold, USD per hour (decimal string). */
  public readonly thresholdUsdPerHour: string;
  private readonly description: SpendAlarmDescription;

  constructor(scope: Construct, id: string, props: ProfileSpendAlarmProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', 'Pass at least { profile }.', props);
    }
    const profile = props.profile;
    if (profile === null || typeof profile !== 'object' || typeof profile.metricInputTokenCount !== 'function') {
      fail(this, 'profile', 'is required and must be an inference profile', 'Pass a CostAllocatedProfile or an import.', profile);
    }
    const forecast = profile instanceof CostAllocatedProfile ? profile.costForecast : undefined;
    const catalog = props.priceCatalog?._catalog ?? forecast?._catalog ?? Catalog.embedded();
    const prices = this.tokenPrices(profile, catalog, props.pricesAsOf ?? forecast?.asOf ?? today());

    const periods = checkInteger(this, 'evaluationPeriods', props.evaluationPeriods, DEFAULT_PERIODS, 1, 288);
    let threshold: Dec;
    let rule: string;
    if (props.thresholdUsdPerHour !== undefined) {
      const given = typeof props.thresholdUsdPerHour === 'string' ? Dec.tryParse(props.thresholdUsdPerHour) : undefined;
      if (given === undefined || !given.gt(Dec.ZERO)) {
        fail(this, 'thresholdUsdPerHour', 'must be a positive amount in USD per hour written as a decimal string', "Use e.g. thresholdUsdPerHour: '12.50'.", props.thresholdUsdPerHour);
      }
      threshold = given.round(2, 'ceil');
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
      if (!threshold.gt(Dec.ZERO)) {
        fail(this, 'thresholdUsdPerHour', 'is needed: the forecast is zero, so the derived threshold would be 0', 'Give thresholdUsdPerHour.', threshold.toFixed(2));
      }
      rule = `expected monthly ${workload.monthly.expected.toFixed(2)} USD / (${workload.daysPerMonth.toFixed()} d × 24 h) × ${multiplier.toFixed()}, rounded up to the cent`;
    }
    this.thresholdUsdPerHour = threshold.toFixed(2);

    // USD per 5 minutes × 12 = USD per hour.
    const rate = new cloudwatch.MathExpression({
      expression: `(inputTokens * ${prices.input.toFixed()} + outputTokens * ${prices.output.toFixed()}) * ${60 / PERIOD_MINUTES}`,
      usingMetrics: {
        inputTokens: profile.metricInputTokenCount({ period: Duration.minutes(PERIOD_MINUTES) }),
        outputTokens: profile.metricOutputTokenCount({ period: Duration.minutes(PERIOD_MINUTES) }),
      },
      period: Duration.minutes(PERIOD_MINUTES),
      label: 'Estimated Bedrock spend, USD per hour',
    });
    this.alarm = new cloudwatch.Alarm(this, 'Resource', {
      metric: rate,
      threshold: Number(this.thresholdUsdPerHour),
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `Estimated Bedrock spend of ${profile.node.path} above ${this.thresholdUsdPerHour} USD/hour for ${periods * PERIOD_MINUTES} minutes `
        + '(token counts x on-demand prices; an estimate, the budget is the bill).',
    });
    if (props.alertTargets !== undefined && !Array.isArray(props.alertTargets)) {
      fail(this, 'alertTargets', 'must be a list of alert targets', 'Pass e.g. [AlertTarget.topic(alerts.topic)].', props.alertTargets);
    }
    for (const [i, target] of (props.alertTargets ?? []).entries()) {
      if (!(target instanceof AlertTarget)) {
        fail(this, `alertTargets[${i}]`, 'must be an AlertTarget', 'Use AlertTarget.topic(...).', target);
      }
      const bound = target._bind(this, `alertTargets[${i}]`);
      if (bound.topic === undefined) {
        fail(this, `alertTargets[${i}]`, 'is an email address, but CloudWatch alarms notify SNS topics only',
          'Subscribe the address to a CostAlertTopic and pass AlertTarget.topic(alerts.topic).', bound.email);
      }
      this.alarm.addAlarmAction(new actions.SnsAction(bound.topic));
    }

    this.description = {
      path: this.node.path,
      profile: profile.node.path,
      thresholdUsdPerHour: this.thresholdUsdPerHour,
      rule,
      inputUsdPerToken: prices.input.toFixed(),
      outputUsdPerToken: prices.output.toFixed(),
      priceSources: [...new Set(prices.rows.map(r => `${r.source.id}${r.line !== undefined ? `:${r.line}` : ''} (${r.source.effectiveDate})`))],
      periodMinutes: PERIOD_MINUTES,
      evaluationPeriods: periods,
    };
    contributeToCostReport(this, { alarm: () => this.description });
  }

  /**
   * What the cost report records.
   * @internal
   */
  public _describe(): SpendAlarmDescription {
    return this.description;
  }

  private tokenPrices(profile: ICostAllocatedProfile, catalog: Catalog, asOf: string): { input: Dec; output: Dec; rows: PriceRow[] } {
    const region = profile.sourceRegion;
    if (Token.isUnresolved(region) || Token.isUnresolved(profile.modelId)) {
      fail(this, 'profile', 'has no concrete model and Region to price its tokens, but the stack is Region-agnostic',
        "Give the stack an env with a region (env: { region: 'us-west-2' }).", region);
    }
    const model = profile.geoPrefix ? `${profile.geoPrefix}.${profile.modelId}` : profile.modelId;
    try {
      const ref = resolveModelRef(catalog, model, region, this.node.path, 'profile');
      const price = (meter: string) => priceLine(catalog, {
        item: ref.item.key, meter, region: ref.pricingRegion, quantity: Dec.ONE, dimension: meter, variable: true, path: 'profile',
      }, asOf, this.node.path).price;
      const input = price('input-tokens');
      const output = price('output-tokens');
      return { input: input.unitPrice, output: output.unitPrice, rows: [input, output] };
    } catch (e) {
      throw e instanceof CostProfilesError ? e.relocated(this.node.path, 'profile') : e;
    }
  }
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
