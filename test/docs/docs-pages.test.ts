import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { blockAfter, documentationFiles, ROOT } from './markdown';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { PlatformVending, VendingConfiguration } from '../../src';
import { run } from '../../src/cli/main';

/** The reference pages' examples are run, so the documentation cannot drift from what works. */

describe('docs/pricing.md', () => {
  test('the usage-file example, with the own-prices example as its price file, estimates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-pricing-'));
    fs.writeFileSync(path.join(dir, 'usage.yaml'), blockAfter('docs/pricing.md', '## Usage file', 'yaml'));
    fs.writeFileSync(path.join(dir, 'our-prices.yaml'), blockAfter('docs/pricing.md', '## Your own prices', 'yaml'));
    const out: string[] = [];
    const code = run(['estimate', path.join(dir, 'usage.yaml'), '--format', 'json'], { out: t => out.push(t), err: t => out.push(t) });
    expect(out.join('')).not.toContain('bedrock-cost estimate:');
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    const meters = json.workloads[0].lines.map((l: any) => l.meter);
    expect(meters).toEqual(expect.arrayContaining([
      'input-tokens', 'cache-read-input-tokens', 'cache-write-input-tokens', 'output-tokens', 'image-premium-large', 'video-seconds-720p',
      'text-units', 'provisioned-1-month', 'training-tokens', 'custom-model-storage', 'cmu-minutes', 'cmu-storage', 'queries',
      'node-transitions', 'requests', 'human-tasks', 'custom-document-pages', 'standard-audio-minutes', 'input-images',
    ]));
    // The own-prices file overrides Claude 3.5 Sonnet input tokens in us-west-2 from 2026-01-01:
    // not for the file's asOf (2025-03-01), but from then on.
    const inputSource = (j: any) => j.workloads[0].lines.find((l: any) => l.meter === 'input-tokens').source.id;
    expect(inputSource(json)).not.toBe('negotiated-2026');
    const later: string[] = [];
    const warnings: string[] = [];
    expect(run(['estimate', path.join(dir, 'usage.yaml'), '--format', 'json', '--as-of', '2026-06-01'], { out: t => later.push(t), err: t => warnings.push(t) })).toBe(0);
    expect(inputSource(JSON.parse(later.join('')))).toBe('negotiated-2026');
    // The example's other prices are from 2025: more than 120 days before 2026-06-01 (docs/pricing.md, "Stale prices").
    expect(warnings.join('')).toMatch(/^Warning: prices from ".*" \(effective 2025-\d\d-\d\d\) are \d+ days older than the as-of date 2026-06-01/);
    expect(json.workloads[0].provisionedThroughput[0]).toMatchObject({ available: false });
  });

  test('the sample estimate output is what the CLI prints for the example usage file', () => {
    const sample = blockAfter('docs/pricing.md', '$ npx bedrock-cost estimate', '').split('\n');
    const command = sample[0].replace(/^\$ npx bedrock-cost /, '').split(' ').map(a => (a.startsWith('examples/') ? path.join(ROOT, a) : a));
    const out: string[] = [];
    expect(run(command, { out: t => out.push(t), err: t => out.push(t) })).toBe(0);
    const printed = out.join('').split('\n').map(l => l.trimEnd());
    // The stale-price warning (stderr, printed first), the title, the table and its total.
    const totals = sample.slice(1, 10).map(l => l.trimEnd());
    expect(printed.slice(0, totals.length)).toEqual(totals);
  });
});

describe('docs/logging.md', () => {
  test('the chargeback example runs on the example logs, joined with the example cost report; the mapping example is valid', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-cdk-'));
    buildPerServiceApp(outdir).app.synth();
    const command = blockAfter('docs/logging.md', '## Chargeback from invocation logs', 'sh').trim();
    const args = command.replace(/^npx bedrock-cost /, '').replace('examples/cdk.out', outdir).split(/\s+/)
      .map(a => (a.startsWith('examples/') ? path.join(ROOT, a) : a));
    const out: string[] = [];
    expect(await run([...args, '--format', 'json'], { out: t => out.push(t), err: t => out.push(t) })).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.profiles.map((p: any) => p.tags.Service).sort()).toEqual(['batch-summaries', 'service-1', 'service-2']);
    expect(json.profiles.every((p: any) => p.costUsd !== undefined)).toBe(true);
    expect(json.direct).toHaveLength(1);
    expect(json.malformed).toBe(1);

    const mapping = path.join(outdir, 'mapping.yaml');
    fs.writeFileSync(mapping, blockAfter('docs/logging.md', '--mapping', 'yaml'));
    const mapped: string[] = [];
    expect(await run(['chargeback', path.join(ROOT, 'examples', 'invocation-logs'), '--mapping', mapping, '--format', 'json'],
      { out: t => mapped.push(t), err: t => mapped.push(t) })).toBe(0);
    const byModel = JSON.parse(mapped.join('')).profiles.map((p: any) => [p.tags.Service ?? '-', p.costUsd ?? 'unpriced']);
    expect(byModel).toEqual(expect.arrayContaining([['service-1', expect.any(String)], ['batch-summaries', expect.any(String)]]));
  });
});

describe('docs/integration-tests.md', () => {
  test('one command runs them against an account: it bundles the handlers, then deploys every test named (integ-runner --force)', () => {
    const commands = blockAfter('docs/integration-tests.md', '## Run them against an account', 'sh').split('\n').map(l => l.replace(/#.*/, '').trim()).filter(l => l);
    expect(commands).toEqual(['npm run integ:deploy', 'npm run integ:deploy -- integ.per-service-profile.ts']);
    const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf-8')).tasks;
    expect(tasks['integ:deploy'].steps).toEqual([{ spawn: 'bundle' }, { exec: 'integ-runner --force', receiveArgs: true }]);
    expect(tasks['integ:update-snapshots'].steps[0]).toEqual({ spawn: 'bundle' });
    // integ-runner matches a test by its path relative to the test directory.
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'integ.config.json'), 'utf-8'));
    expect(fs.existsSync(path.join(ROOT, config.directory, 'integ.per-service-profile.ts'))).toBe(true);
  });
});

describe('docs/vending.md', () => {
  test('the platform-vending config example builds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-vending-'));
    const file = path.join(dir, 'teams.yaml');
    fs.writeFileSync(file, blockAfter('docs/vending.md', '# Platform vending', 'yaml'));
    const vending = new PlatformVending(new App(), 'Vending', { config: VendingConfiguration.fromFile(file), shardAssignmentFile: path.join(dir, 'teams.shards.json') });
    expect(vending.stacks.map(s => s.stackName)).toEqual(['BedrockVending-prod-us-00']); // the one team is in prod-us only
    expect(vending.profilesOf('prod-us', 'search').map(p => p.geoPrefix)).toEqual([undefined, 'us']);
  });
});

describe('every documentation page', () => {
  const files = documentationFiles();

  test('README, CONTRIBUTING and the reference pages are all found', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/profiles.md', 'docs/pricing.md', 'docs/cli.md']));
  });

  test.each(files)('%s links only to files that exist, and to headings that exist', file => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [filePart, anchor] = target.split('#');
      const linked = filePart ? path.join(ROOT, path.dirname(file), filePart) : path.join(ROOT, file);
      if (!fs.existsSync(linked)) {
        broken.push(`${target}: no such file`);
      } else if (anchor && linked.endsWith('.md') && !anchorsOf(fs.readFileSync(linked, 'utf-8')).includes(anchor)) {
        broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  test.each(files)('%s says nothing about internal source ids or the project\'s machinery', file => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    expect(text).not.toMatch(/seed[-_ ]?\d{3}|\.\.\/shared|\bseeds?\b/i);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(markdown: string): string[] {
  return markdown.split('\n').filter(l => /^#{1,6} /.test(l))
    .map(l => l.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
}
