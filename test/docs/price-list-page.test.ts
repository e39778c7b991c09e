import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { blockAfter, codeBlocksOf, ROOT } from './markdown';
import { run } from '../../src/cli/main';
import { pricesCommand } from '../../src/cli/prices-command';

/** docs/price-list.md: its examples run, and its commands use only real options. */
describe('docs/price-list.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-prices-'));

  function cli(args: string[]): { code: number; err: string } {
    const err: string[] = [];
    const code = run(args, { out: () => undefined, err: t => err.push(t) }) as number;
    return { code, err: err.join('') };
  }

  test('the summary sample is what the CLI prints for the example pages', () => {
    const sample = blockAfter('docs/price-list.md', '## The summary: nothing is dropped silently', 'text').trimEnd().split('\n');
    const args = sample[0].replace(/^\$ npx bedrock-cost /, '').split(' ')
      .map(a => (a.startsWith('examples/') ? path.join(ROOT, a) : a === 'prices.json' ? path.join(dir, 'prices.json') : a));
    const result = cli(args);
    expect(result.code).toBe(0);
    expect(result.err.replace(path.join(dir, 'prices.json'), 'prices.json').trimEnd().split('\n')).toEqual(sample.slice(1));
  });

  test('the --names example maps the name the sample could not', () => {
    const names = path.join(dir, 'my-model-names.yaml');
    fs.writeFileSync(names, blockAfter('docs/price-list.md', '## Names the table does not know', 'yaml'));
    const output = path.join(dir, 'with-names.json');
    const pages = ['claude-get-products.json', 'amazon-bedrock-get-products.json'].map(f => path.join(ROOT, 'examples/price-list', f));
    const result = cli(['prices', 'import', ...pages, '--names', names, '--output', output]);
    expect(result.code).toBe(0);
    expect(result.err).not.toContain('Unmapped');
    expect(JSON.parse(fs.readFileSync(output, 'utf-8')).items).toEqual([
      { key: 'moonshot.kimi-k2-thinking', name: 'Kimi K2 Thinking', provider: 'Moonshot AI', modelIds: ['moonshot.kimi-k2-thinking'] },
    ]);
  });

  test('every bedrock-cost prices command on the page uses options the command has', () => {
    const commands = codeBlocksOf('docs/price-list.md').concat(codeBlocksOf('docs/cli.md'))
      .flatMap(b => b.code.split('\n'))
      .map(l => /bedrock-cost prices (?:import|refresh)\b(.*)$/.exec(l)?.[1])
      .filter((rest): rest is string => rest !== undefined);
    expect(commands.length).toBeGreaterThan(6);
    const known = new Set([...Object.keys(pricesCommand.options), 'help']);
    const used = commands.flatMap(c => [...c.replace(/#.*$/, '').matchAll(/--([a-z-]+)/g)].map(m => m[1]));
    expect(used.filter(o => !known.has(o))).toEqual([]);
  });
});
