/**
 * One timed "bedrock-cost prices import" in a fresh process (so peak memory is this run's):
 * runs the CLI on the given files, writes the price file, prints { ms, cpuMs, maxRssMb, prices, code }.
 * Uses the compiled lib/ when it is there, else the TypeScript sources.
 */
import * as fs from 'fs';
import * as path from 'path';

const [output, ...files] = process.argv.slice(2);
const root = path.join(__dirname, '..');
const compiled = fs.existsSync(path.join(root, 'lib', 'cli', 'prices-command.js'));
// A path chosen at run time: require, not import.
const { run } = require(path.join(root, compiled ? 'lib' : 'src', 'cli', 'main')); // eslint-disable-line @typescript-eslint/no-require-imports

const errors: string[] = [];
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
const code = run(['prices', 'import', ...files, '--output', output], { out: () => undefined, err: (t: string) => errors.push(t) });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
if (code !== 0) {
  process.stderr.write(errors.join(''));
  process.exit(1);
}
process.stdout.write(JSON.stringify({
  ms,
  cpuMs: (used.user + used.system) / 1000,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  prices: JSON.parse(fs.readFileSync(output, 'utf-8')).prices.length,
  summary: errors.join('').split('\n')[1],
  code: compiled ? 'lib (compiled)' : 'src (ts-node)',
}));
