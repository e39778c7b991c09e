import * as fs from 'fs';
import { parseArgs, ParseArgsConfig } from 'util';
import { ACTUALS_HELP, actualsCommand } from './actuals-command';
import { budgetsCommand, BUDGETS_HELP } from './budgets-command';
import { catalogCommand, CATALOG_HELP } from './catalog-command';
import { chargebackCommand, CHARGEBACK_HELP } from './chargeback-command';
import { Io, processIo, UsageError } from './common';
import { estimateCommand, ESTIMATE_HELP } from './estimate-command';
import { pricesCommand, PRICES_HELP } from './prices-command';
import { diffCommand, DIFF_HELP, reportCommand, REPORT_HELP } from './report-commands';

export { Io, UsageError } from './common';
import { CostProfilesError } from '../core/errors';

export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: Record<string, unknown>, io: Io): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  estimate: { summary: 'Forecast the monthly cost of a usage file', help: ESTIMATE_HELP, options: estimateCommand.options, run: estimateCommand.run },
  catalog: { summary: 'Show the price catalog: models, meters, Regions, prices and their sources', help: CATALOG_HELP, options: catalogCommand.options, run: catalogCommand.run },
  prices: { summary: 'Import AWS Price List data, or refresh it from AWS, into a price file', help: PRICES_HELP, options: pricesCommand.options, run: pricesCommand.run },
  report: { summary: 'Print the cost reports written into a cloud assembly (cdk.out)', help: REPORT_HELP, options: reportCommand.options, run: reportCommand.run },
  diff: { summary: 'Compare two cloud assemblies: a pull-request comment of the cost change', help: DIFF_HELP, options: diffCommand.options, run: diffCommand.run },
  budgets: { summary: 'budgets status: actual vs forecast vs limit of the deployed budgets', help: BUDGETS_HELP, options: budgetsCommand.options, run: budgetsCommand.run },
  actuals: {
    summary: 'Forecast vs billed cost per cost-allocation tag value, from Cost Explorer (CI: --fail-over)',
    help: ACTUALS_HELP,
    options: actualsCommand.options,
    run: actualsCommand.run,
  },
  chargeback: {
    summary: 'Price invocation logs exactly: cost per profile, caller and cost-allocation tag',
    help: CHARGEBACK_HELP,
    options: chargebackCommand.options,
    run: chargebackCommand.run,
  },
};

function version(): string {
  try {
    return JSON.parse(fs.readFileSync(`${__dirname}/../../package.json`, 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map(c => c.length));
  return [
    'Usage: bedrock-cost <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "bedrock-cost <command> --help" for a command\'s options.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI and returns its exit code (a promise for commands that call AWS): 0 on success,
 * 1 when input files are wrong, a price is missing or AWS refuses, 2 when the command line is
 * wrong. User errors print one message, never a stack trace.
 */
export function run(argv: string[], io: Io = processIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`bedrock-cost: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(command.help);
      return 0;
    }
    const result = command.run(positionals, values as Record<string, unknown>, io);
    return typeof result === 'number' ? result : result.catch(e => failure(name, e, io));
  } catch (e) {
    return failure(name, e, io);
  }
}

function failure(name: string, e: unknown, io: Io): number {
  if (e instanceof CostProfilesError) {
    io.err(`bedrock-cost ${name}: ${e.message}\n`);
    return 1;
  }
  if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    io.err(`bedrock-cost ${name}: ${(e as Error).message}\nRun "bedrock-cost ${name} --help" for usage.\n`);
    return 2;
  }
  io.err(`bedrock-cost ${name}: unexpected error: ${(e as Error).message}\n`
    + 'This is a bug in bedrock-cost; please report it with the command you ran'
    + `${process.env.BEDROCK_COST_DEBUG ? '' : ' (set BEDROCK_COST_DEBUG=1 for details)'}.\n`);
  if (process.env.BEDROCK_COST_DEBUG) {
    io.err(`${(e as Error).stack}\n`);
  }
  return 70;
}
