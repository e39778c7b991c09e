import { formatOption, Io, UsageError, writeOutput } from './common';
import { readReports } from '../report/read-reports';
import { renderDiff } from '../report/render-diff';
import { renderReports } from '../report/render-report';

export const REPORT_HELP = `Usage: bedrock-cost report <cdk.out> [options]

Prints the cost reports that synthesis wrote into a cloud assembly: per stack, each profile's
monthly forecast (low / expected / high), totals per cost-allocation tag, budgets and spend
alarms, and the price sources.

Options:
  --format <markdown|table|json>  Output format (default: markdown).
  --output <file>                 Write to a file instead of standard output.
  -h, --help                      Show this help.
`;

export const DIFF_HELP = `Usage: bedrock-cost diff <old cdk.out> <new cdk.out> [options]

Compares two synthesized cloud assemblies (say, of the base branch and of a pull request) and
prints a markdown comment: the change of the monthly estimate, then the profiles and budgets
added, changed or removed.

Options:
  --output <file>   Write to a file instead of standard output.
  -h, --help        Show this help.
`;

function emit(text: string, output: unknown, io: Io): number {
  writeOutput(text, output, io);
  return 0;
}

export const reportCommand = {
  options: { format: { type: 'string' as const }, output: { type: 'string' as const, short: 'o' } },
  run(positionals: string[], values: Record<string, unknown>, io: Io): number {
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'give the cloud assembly directory (cdk.out)' : `give one directory (got ${positionals.length})`);
    }
    const format = formatOption(values.format, ['markdown', 'table', 'json'], 'markdown');
    const reports = readReports(positionals[0]);
    const text = format === 'json' ? JSON.stringify(reports, null, 2) + '\n' : renderReports(reports, format as 'markdown' | 'table');
    return emit(text, values.output, io);
  },
};

export const diffCommand = {
  options: { output: { type: 'string' as const, short: 'o' } },
  run(positionals: string[], values: Record<string, unknown>, io: Io): number {
    if (positionals.length !== 2) {
      throw new UsageError(`give two cloud assembly directories, the old and the new (got ${positionals.length})`);
    }
    return emit(renderDiff(readReports(positionals[0]), readReports(positionals[1])), values.output, io);
  },
};
