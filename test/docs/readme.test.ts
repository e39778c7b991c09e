import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { PlatformVending, VendingConfiguration } from '../../src';
import { run } from '../../src/cli/main';

/** The README's examples are run, so the documentation cannot drift from what works. */
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');

/** The first fenced block of a language after a heading. */
function block(heading: string, lang: string): string {
  const start = README.indexOf(heading);
  expect(start).toBeGreaterThan(-1);
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(README.slice(start));
  expect(match).not.toBeNull();
  return match![1];
}

describe('README', () => {
  test('the usage-file example, with the own-prices example as its price file, estimates', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    fs.writeFileSync(path.join(dir, 'usage.yaml'), block('### Usage file', 'yaml'));
    fs.writeFileSync(path.join(dir, 'our-prices.yaml'), block('### Your own prices', 'yaml'));
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
    expect(inputSource(json)).toBe('seed-000');
    const later: string[] = [];
    expect(run(['estimate', path.join(dir, 'usage.yaml'), '--format', 'json', '--as-of', '2026-06-01'], { out: t => later.push(t), err: t => later.push(t) })).toBe(0);
    expect(inputSource(JSON.parse(later.join('')))).toBe('negotiated-2026');
    expect(json.workloads[0].provisionedThroughput[0]).toMatchObject({ available: false });
  });

  test('the quick-start commands are the ones CI runs', () => {
    const ci = fs.readFileSync(path.join(__dirname, '..', '..', '.ci', 'run'), 'utf-8');
    const commands = block('## Quick start', 'sh').split('\n').filter(l => l && !l.startsWith('#'));
    expect(commands).toEqual(['npm ci && npm run example', 'npm ci && npm run build']);
    expect(ci).toMatch(/\nnpm ci\n(.*\n)?npm run build\n/);
    expect(ci).toContain('npm run example');
  });

  test('the chargeback example runs on the example logs, joined with the example cost report; the mapping example is valid', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-cdk-'));
    buildPerServiceApp(outdir).app.synth();
    const command = block('### Chargeback from invocation logs', 'sh').trim();
    const args = command.replace(/^npx bedrock-cost /, '').replace('examples/cdk.out', outdir).split(/\s+/)
      .map(a => (a.startsWith('examples/') ? path.join(__dirname, '..', '..', a) : a));
    const out: string[] = [];
    expect(await run([...args, '--format', 'json'], { out: t => out.push(t), err: t => out.push(t) })).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.profiles.map((p: any) => p.tags.Service).sort()).toEqual(['batch-summaries', 'service-1', 'service-2']);
    expect(json.profiles.every((p: any) => p.costUsd !== undefined)).toBe(true);
    expect(json.direct).toHaveLength(1);
    expect(json.malformed).toBe(1);

    const mapping = path.join(outdir, 'mapping.yaml');
    fs.writeFileSync(mapping, block('--mapping', 'yaml'));
    const mapped: string[] = [];
    expect(await run(['chargeback', path.join(__dirname, '..', '..', 'examples', 'invocation-logs'), '--mapping', mapping, '--format', 'json'],
      { out: t => mapped.push(t), err: t => mapped.push(t) })).toBe(0);
    const byModel = JSON.parse(mapped.join('')).profiles.map((p: any) => [p.tags.Service ?? '-', p.costUsd ?? 'unpriced']);
    expect(byModel).toEqual(expect.arrayContaining([['service-1', expect.any(String)], ['batch-summaries', expect.any(String)]]));
  });

  test('the platform-vending config example builds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-vending-'));
    const file = path.join(dir, 'teams.yaml');
    fs.writeFileSync(file, block('## Platform teams', 'yaml'));
    const vending = new PlatformVending(new App(), 'Vending', { config: VendingConfiguration.fromFile(file), shardAssignmentFile: path.join(dir, 'teams.shards.json') });
    expect(vending.stacks.map(s => s.stackName)).toEqual(['BedrockVending-prod-us-00']); // the one team is in prod-us only
    expect(vending.profilesOf('prod-us', 'search').map(p => p.geoPrefix)).toEqual([undefined, 'us']);
  });
});

