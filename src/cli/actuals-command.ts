import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { dateOption, formatOption, Io, UsageError } from './common';
import { actualCosts } from '../actuals/actual-costs';
import { plannedLines, plannedProfiles } from '../actuals/planned-lines';
import { actualsToJson, linesOverThreshold, renderActuals } from '../actuals/render-actuals';
import { Dec } from '../pricing/decimal';
import { readReports } from '../report/read-reports';

export const ACTUALS_HELP = `Usage: bedrock-cost actuals <cdk.out> [options]

Compares what the synthesized cost reports forecast with what Cost Explorer billed, per
cost-allocation tag value of the profiles: forecast, budget, actual so far, the month projected
at that rate, and the variance. Reads GetCostAndUsage grouped by each tag key and usage type
(usage records only; Bedrock usage types counted, anything else under the same tags listed apart).
Needs AWS credentials allowed ce:GetCostAndUsage (and ce:ListCostAllocationTags to check that the
tag keys are activated); each Cost Explorer request is billed (0.01 USD).

Options:
  --month <YYYY-MM>               The month (default: the current month, UTC).
  --as-of <YYYY-MM-DD>            Count spend before this day (default: today, UTC).
  --fail-over <percent>           Exit 3 when a tag value's projected cost is over its forecast by
                                  more than this percentage (for CI).
  --format <table|markdown|json>  Output format (default: table). JSON carries exact amounts.
  --endpoint-url <url>            Use another Cost Explorer endpoint (a local one, say).
  -h, --help                      Show this help.

Exit codes: 0 success, 1 a problem in the cloud assembly or with AWS, 2 bad command line,
3 over the --fail-over threshold.
`;

/** The exit code when a line is over the --fail-over threshold. */
export const OVER_THRESHOLD = 3;

export const actualsCommand = {
  options: {
    'month': { type: 'string' as const },
    'as-of': { type: 'string' as const },
    'fail-over': { type: 'string' as const },
    'format': { type: 'string' as const },
    'endpoint-url': { type: 'string' as const },
  },
  async run(positionals: string[], values: Record<string, unknown>, io: Io): Promise<number> {
    if (positionals.length !== 1) {
      throw new UsageError('give the cloud assembly directory: actuals <cdk.out>');
    }
    const format = formatOption(values.format, ['table', 'markdown', 'json'], 'table');
    const asOf = dateOption(values['as-of']) ?? new Date().toISOString().slice(0, 10);
    const month = values.month === undefined ? asOf.slice(0, 7) : String(values.month);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      throw new UsageError(`--month must be a month YYYY-MM (got "${month}")`);
    }
    let failOver: Dec | undefined;
    if (values['fail-over'] !== undefined) {
      const text = String(values['fail-over']);
      failOver = /^\d{1,6}(\.\d{1,6})?$/.test(text) ? Dec.parse(text) : undefined;
      if (failOver === undefined) {
        throw new UsageError(`--fail-over must be a percentage of 0 or more written as a plain decimal, e.g. 10 or 12.5 (got "${String(values['fail-over'])}")`);
      }
    }
    const reports = readReports(positionals[0]);
    const lines = plannedLines(reports);
    // Cost Explorer is served from us-east-1.
    const client = new CostExplorerClient({
      region: 'us-east-1',
      maxAttempts: 6,
      ...(values['endpoint-url'] !== undefined ? { endpoint: String(values['endpoint-url']) } : {}),
    });
    try {
      const actuals = await actualCosts(lines, plannedProfiles(reports), { client, month, asOf });
      io.out(format === 'json' ? JSON.stringify(actualsToJson(actuals, failOver), null, 2) + '\n' : renderActuals(actuals, format as 'table' | 'markdown', failOver));
      if (failOver !== undefined) {
        const over = linesOverThreshold(actuals, failOver);
        if (over.length > 0) {
          io.err(`bedrock-cost actuals: ${over.length} tag value(s) projected over forecast by more than ${failOver.toFixed()}%: `
            + `${over.map(l => `${l.tagKey}=${l.tagValue} (${l.variancePercent!.toFixed(1)}%)`).join(', ')}.\n`);
          return OVER_THRESHOLD;
        }
      }
      return 0;
    } finally {
      client.destroy();
    }
  },
};
