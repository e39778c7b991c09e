import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from '../core/validation';
import { Dec } from '../pricing/decimal';

/** Whether a budget alert fires on spend so far or on AWS's forecast for the month. */
export enum BudgetNotificationType {
  /** Actual spend so far this month. */
  ACTUAL = 'ACTUAL',
  /**
   * AWS Budgets' forecast for the month. Needs spend history: a new tag reports insufficient
   * data at first, so pair it with an ACTUAL threshold.
   */
  FORECASTED = 'FORECASTED',
}

const MIN_PERCENT = Dec.parse('0.1'); // the registry schema's minimum
const MAX_THRESHOLD = Dec.parse('1000000000');

/**
 * When a budget notifies: a percentage of the budget limit, or an absolute amount in USD, of
 * actual or forecasted spend.
 *
 * @example
 * new ProfileBudget(this, 'SearchBudget', {
 *   profiles: [service1],
 *   thresholds: [BudgetThreshold.actualPercent(90), BudgetThreshold.forecastedUsd('5000.00')],
 *   alertTargets: [alerts.asAlertTarget()],
 * });
 */
export class BudgetThreshold {
  /** Actual spend above this percentage of the limit, e.g. 80. */
  public static actualPercent(percent: number): BudgetThreshold {
    return new BudgetThreshold(BudgetNotificationType.ACTUAL, 'PERCENTAGE', percent);
  }

  /** Forecasted spend above this percentage of the limit, e.g. 100. */
  public static forecastedPercent(percent: number): BudgetThreshold {
    return new BudgetThreshold(BudgetNotificationType.FORECASTED, 'PERCENTAGE', percent);
  }

  /** Actual spend above this amount in USD (a decimal string, e.g. '250.00'). */
  public static actualUsd(amount: string): BudgetThreshold {
    return new BudgetThreshold(BudgetNotificationType.ACTUAL, 'ABSOLUTE_VALUE', amount);
  }

  /** Forecasted spend above this amount in USD (a decimal string). */
  public static forecastedUsd(amount: string): BudgetThreshold {
    return new BudgetThreshold(BudgetNotificationType.FORECASTED, 'ABSOLUTE_VALUE', amount);
  }

  /** The defaults: actual spend at 50, 80 and 100%, and forecasted spend at 100% of the limit. */
  public static defaults(): BudgetThreshold[] {
    return [
      BudgetThreshold.actualPercent(50),
      BudgetThreshold.actualPercent(80),
      BudgetThreshold.actualPercent(100),
      BudgetThreshold.forecastedPercent(100),
    ];
  }

  private constructor(
    /** Actual or forecasted spend. */
    public readonly notificationType: BudgetNotificationType,
    /** PERCENTAGE or ABSOLUTE_VALUE. */
    public readonly thresholdType: string,
    private readonly raw: number | string,
  ) {}

  /**
   * Validates the threshold for a construct; returns its value.
   * @internal
   */
  public _bind(scope: IConstruct, field: string): Dec {
    const percent = this.thresholdType === 'PERCENTAGE';
    const value = typeof this.raw === 'number'
      ? (Number.isFinite(this.raw) ? Dec.fromNumber(this.raw) : undefined)
      : typeof this.raw === 'string' && !Token.isUnresolved(this.raw) ? Dec.tryParse(this.raw) : undefined;
    const min = percent ? MIN_PERCENT : Dec.parse('0.01');
    if (value === undefined || value.lt(min) || value.gt(MAX_THRESHOLD)) {
      fail(scope, field, percent
        ? `must be a percentage from ${MIN_PERCENT} to ${MAX_THRESHOLD}`
        : `must be an amount in USD from 0.01 to ${MAX_THRESHOLD}, written as a decimal string`,
      percent ? 'Use e.g. BudgetThreshold.actualPercent(80).' : "Use e.g. BudgetThreshold.actualUsd('250.00').", this.raw);
    }
    return percent ? value : value.round(2, 'ceil');
  }
}
