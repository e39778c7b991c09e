import { IConstruct } from 'constructs';
import { ForecastRow } from './cost-queries';
import { fail } from '../core/validation';
import { Dec } from '../pricing/decimal';
import { costReportsOf } from '../report/cost-report';
import { readReports } from '../report/read-reports';
import { StackCostReport } from '../report/report-model';

/**
 * Where `BedrockCostDataExport` takes the forecast that its forecast-vs-actual query compares with.
 *
 * @example
 * // The payer account's app does not hold the profiles: read the cost reports another app synthesized.
 * new BedrockCostDataExport(this, 'Cur', {
 *   profileTagKeys: ['Team'],
 *   forecast: CostForecastSource.fromCloudAssembly('../workloads/cdk.out'),
 * });
 */
export abstract class CostForecastSource {
  /**
   * The cost reports this app writes at synthesis: the forecasts of its `CostAllocatedProfile`s
   * per cost-allocation tag value.
   */
  public static fromApp(): CostForecastSource {
    return new AppForecast();
  }

  /**
   * The cost reports in a synthesized cloud assembly (`cdk.out`) of another app, for example
   * the workload accounts' app when the export lives in the payer account. Read at synthesis.
   *
   * @param directory the cloud assembly directory
   */
  public static fromCloudAssembly(directory: string): CostForecastSource {
    return new AssemblyForecast(directory);
  }

  /** No forecast: the forecast-vs-actual query is left out. */
  public static none(): CostForecastSource {
    return new NoForecast();
  }

  /**
   * Checks the source; the returned function gives the rows at synthesis (undefined: no forecast).
   * @internal
   */
  public abstract _bind(scope: IConstruct, field: string): (() => ForecastRow[]) | undefined;
}

class AppForecast extends CostForecastSource {
  public _bind(scope: IConstruct): () => ForecastRow[] {
    return () => forecastRows(costReportsOf(scope));
  }
}

class AssemblyForecast extends CostForecastSource {
  constructor(private readonly directory: string) {
    super();
  }

  public _bind(scope: IConstruct, field: string): () => ForecastRow[] {
    if (typeof this.directory !== 'string' || this.directory === '') {
      fail(scope, field, 'needs the directory of a synthesized cloud assembly', "Use e.g. CostForecastSource.fromCloudAssembly('../workloads/cdk.out').", this.directory);
    }
    return () => forecastRows(readReports(this.directory));
  }
}

class NoForecast extends CostForecastSource {
  public _bind(): undefined {
    return undefined;
  }
}

/**
 * One row per cost-allocation tag value with a forecast, summed over the stacks' reports
 * (a tag value shared by profiles in several stacks is one budget line). Values only known at
 * deploy time are left out.
 */
export function forecastRows(reports: readonly StackCostReport[]): ForecastRow[] {
  const sums = new Map<string, { row: Omit<ForecastRow, 'expectedUsd'>; expected: Dec }>();
  const add = (attribution: ForecastRow['attribution'], tagKey: string, tagValue: string, expected: string, forecastProfiles: number) => {
    if (forecastProfiles === 0 || tagKey === '(deploy-time)' || tagValue === '(deploy-time)') {
      return;
    }
    const id = `${attribution}\u0000${tagKey}\u0000${tagValue}`;
    const sum = sums.get(id) ?? { row: { attribution, tagKey, tagValue }, expected: Dec.ZERO };
    sum.expected = sum.expected.plus(Dec.parse(expected));
    sums.set(id, sum);
  };
  for (const report of reports) {
    for (const t of report.tagValues) {
      add('profile', t.key, t.value, t.forecast.expected, t.profiles.length - t.unforecastProfiles);
    }
    for (const t of report.principalTagValues ?? []) {
      add('principal', t.key, t.value, t.forecast.expected, t.profiles.length - t.unforecastProfiles);
    }
  }
  return [...sums.values()]
    .map(s => ({ ...s.row, expectedUsd: s.expected.toFixed() }))
    .sort((a, b) => a.attribution.localeCompare(b.attribution) || a.tagKey.localeCompare(b.tagKey) || a.tagValue.localeCompare(b.tagValue));
}
