import * as fs from 'fs';
import { parseArgs, ParseArgsConfig } from 'util';
import { catalogCommand, CATALOG_HELP } from './catalog-command';
import { estimateCommand, ESTIMATE_HELP } from './estimate-command';
import { CostProfilesError } from '../core/errors';

/** Where a command writes; injectable so tests run the CLI in-process. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: Io = {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
};

/** A mistake on the command line (exit code 2), as opposed to bad input files (exit code 1). */
export class UsageError extends Error {}

export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: Record<string, unknown>, io: Io): number;
}

const COMMANDS: Record<string, Command> = {
  estimate: { summary: 'Forecast the monthly cost of a usage file', help: ESTIMATE_HELP, options: estimateCommand.options, run: estimateCommand.run },
  catalog: { summary: 'Show the price catalog: models, meters, Regions, prices and their sources', help: CATALOG_HELP, options: catalogCommand.options, run: catalogCommand.run },
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
 * Runs the CLI and returns its exit code: 0 on success, 1 when input files are wrong or a
 * price is missing, 2 when the command line is wrong. User errors print one message, never a
 * stack trace.
 */
export function run(argv: string[], io: Io = processIo): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
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
    return command.run(positionals, values as Record<string, unknown>, io);
  } catch (e) {
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
}

/** Checks the --format option. */
export function formatOption(value: unknown, allowed: readonly string[], fallback: string): string {
  const format = value === undefined ? fallback : String(value);
  if (!allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${format}")`);
  }
  return format;
}

/** Checks a --as-of option. */
export function dateOption(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const text = String(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD (got "${text}")`);
  }
  return text;
}

/** Values of a repeatable string option. */
export function listOption(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}
