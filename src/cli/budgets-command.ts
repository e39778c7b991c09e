import { Budget, BudgetsClient, DescribeBudgetCommand } from '@aws-sdk/client-budgets';
import { formatOption, Io, UsageError } from './common';
import { AwsCallContext, explainAwsError } from '../core/aws-errors';
import { CostProfilesError } from '../core/errors';
import { Dec } from '../pricing/decimal';
import { formatUsd } from '../pricing/render';
import { parseBilledUsd } from '../pricing/usd-amount';
import { readReports } from '../report/read-reports';
import { BudgetDescription, StackCostReport } from '../report/report-model';

export const BUDGETS_HELP = `Usage: bedrock-cost budgets status <cdk.out> [options]

Finds the budgets of the profiles in a synthesized cloud assembly (by the names recorded in its
cost report) and shows, for each deployed budget, its limit, the actual spend so far this month
and AWS's forecast for the month. Needs AWS credentials allowed budgets:ViewBudget.

Options:
  --account-id <id>               The account that owns the budgets (default: the stack's account,
                                  when the stack has a concrete one).
  --endpoint-url <url>            Use another Budgets endpoint (a VPC endpoint, or a local one).
  --format <table|markdown|json>  Output format (default: table).
  -h, --help                      Show this help.
`;

export interface BudgetStatus {
  readonly stack: string;
  readonly budgetName: string;
  readonly costFilter: string;
  readonly plannedLimitUsd: string;
  readonly deployed: boolean;
  readonly limitUsd?: string;
  readonly actualUsd?: string;
  readonly forecastedUsd?: string;
  /** Actual spend as a percentage of the limit, one decimal. */
  readonly usedPercent?: string;
  readonly status: 'ok' | 'forecast over limit' | 'over limit' | 'not deployed';
}

/** Looks up each budget of the reports with DescribeBudget. */
export async function budgetStatuses(reports: StackCostReport[], client: BudgetsClient, accountId?: string): Promise<BudgetStatus[]> {
  const budgets: Array<{ report: StackCostReport; budget: BudgetDescription }> =
    reports.flatMap(report => report.budgets.map(budget => ({ report, budget })));
  if (budgets.length === 0) {
    throw new CostProfilesError({
      location: reports.map(r => r.stack.name).join(', '),
      field: 'budgets',
      problem: 'are none: the cost reports list no ProfileBudget',
      fix: 'Add a ProfileBudget to the stack and synthesize again.',
    });
  }
  const statuses: BudgetStatus[] = [];
  for (const { report, budget } of budgets) {
    const account = accountId ?? report.stack.account;
    if (!/^\d{12}$/.test(account)) {
      throw new CostProfilesError({
        location: report.stack.name,
        field: 'account',
        value: account,
        problem: 'is not known (the stack is account-agnostic)',
        fix: 'Pass --account-id with the 12-digit account that owns the budgets.',
      });
    }
    const base = { stack: report.stack.name, budgetName: budget.budgetName, costFilter: budget.costFilter, plannedLimitUsd: budget.limitUsd };
    let found: Budget | undefined;
    try {
      found = (await client.send(new DescribeBudgetCommand({ AccountId: account, BudgetName: budget.budgetName }))).Budget;
    } catch (e) {
      if ((e as Error).name === 'NotFoundException') {
        statuses.push({ ...base, deployed: false, status: 'not deployed' });
        continue;
      }
      throw explain(e as Error);
    }
    if (found === undefined) {
      throw new CostProfilesError({
        location: `AWS Budgets budget ${budget.budgetName}`,
        field: 'DescribeBudget',
        problem: 'answered without the budget: not an AWS Budgets response',
        fix: 'Check --endpoint-url (or leave it out); run it again.',
      });
    }
    const amount = (text: string | undefined, field: string) => {
      const parsed = text === undefined ? undefined : parseBilledUsd(text);
      if (text !== undefined && parsed === undefined) {
        throw new CostProfilesError({ location: `AWS Budgets budget ${budget.budgetName}`, field, problem: 'is not an amount in USD', value: text, fix: 'Run it again; if it persists, report it.' });
      }
      return parsed;
    };
    const limit = amount(found?.BudgetLimit?.Amount, 'BudgetLimit.Amount');
    const actual = amount(found?.CalculatedSpend?.ActualSpend?.Amount, 'CalculatedSpend.ActualSpend.Amount');
    const forecast = amount(found?.CalculatedSpend?.ForecastedSpend?.Amount, 'CalculatedSpend.ForecastedSpend.Amount');
    const over = (x?: Dec) => limit !== undefined && x !== undefined && x.gt(limit);
    statuses.push({
      ...base,
      deployed: true,
      limitUsd: limit?.toFixed(2),
      actualUsd: actual?.toFixed(2),
      forecastedUsd: forecast?.toFixed(2),
      usedPercent: limit && actual && !limit.isZero() ? actual.times(Dec.parse('100')).divide(limit, 1, 'half-up').toFixed(1) : undefined,
      status: over(actual) ? 'over limit' : over(forecast) ? 'forecast over limit' : 'ok',
    });
  }
  return statuses;
}

const BUDGETS: AwsCallContext = {
  service: 'AWS Budgets',
  purpose: 'budgets status reads your budgets from AWS',
  permission: 'budgets:ViewBudget',
  where: 'in the account that owns the budgets',
};

/** SDK errors a user can act on, as one clear message. */
function explain(error: Error): Error {
  return explainAwsError(error, BUDGETS);
}

function render(statuses: BudgetStatus[], format: string): string {
  if (format === 'json') {
    return JSON.stringify(statuses, null, 2) + '\n';
  }
  const money = (x?: string) => (x === undefined ? '–' : formatUsd(Dec.parse(x)));
  const header = ['Stack', 'Budget', 'Filter', 'Limit', 'Actual', 'Forecast', 'Used', 'Status'];
  const rows = statuses.map(s => [
    s.stack, s.budgetName, s.costFilter, money(s.limitUsd ?? s.plannedLimitUsd), money(s.actualUsd), money(s.forecastedUsd),
    s.usedPercent ? `${s.usedPercent}%` : '–', s.status,
  ]);
  if (format === 'markdown') {
    return [header, header.map(() => '---'), ...rows].map(r => `| ${r.join(' | ')} |`).join('\n') + '\n';
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export const budgetsCommand = {
  options: {
    'account-id': { type: 'string' as const },
    'endpoint-url': { type: 'string' as const },
    'format': { type: 'string' as const },
  },
  /** Returns a promise: the CLI awaits it. */
  async run(positionals: string[], values: Record<string, unknown>, io: Io): Promise<number> {
    if (positionals[0] !== 'status') {
      throw new UsageError(positionals.length === 0 ? 'give a subcommand: budgets status <cdk.out>' : `unknown subcommand "${positionals[0]}"; use: budgets status <cdk.out>`);
    }
    if (positionals.length !== 2) {
      throw new UsageError('give the cloud assembly directory: budgets status <cdk.out>');
    }
    const format = formatOption(values.format, ['table', 'markdown', 'json'], 'table');
    const account = values['account-id'] === undefined ? undefined : String(values['account-id']);
    if (account !== undefined && !/^\d{12}$/.test(account)) {
      throw new UsageError(`--account-id must be a 12-digit account id (got "${account}")`);
    }
    const reports = readReports(positionals[1]);
    // AWS Budgets is served from us-east-1.
    const client = new BudgetsClient({
      region: 'us-east-1',
      maxAttempts: 6,
      ...(values['endpoint-url'] !== undefined ? { endpoint: String(values['endpoint-url']) } : {}),
    });
    try {
      io.out(render(await budgetStatuses(reports, client, account), format));
    } finally {
      client.destroy();
    }
    return 0;
  },
};
