import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { blockAfter, codeBlocksOf, ROOT } from './markdown';
import { runSnippet } from './run-snippet';
import { PlatformVending, VendingConfiguration } from '../../src';
import { expectClean } from '../helpers/synth';

/** The README's examples are run, so the documentation cannot drift from what works. */
describe('README', () => {
  test('is a user guide of at most 15 KB, install first', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'));
    expect(readme.length).toBeLessThanOrEqual(15 * 1024);
    const headings = readme.toString().split('\n').filter(l => l.startsWith('## '));
    expect(headings.slice(0, 2)).toEqual(['## Install', '## Quick start']);
    expect(blockAfter('README.md', '## Install', 'sh').trim()).toBe('npm i cdk-bedrock-cost-profiles aws-cdk-lib constructs');
  });

  test('the develop commands are the ones CI runs', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf-8');
    const commands = blockAfter('README.md', '## Develop', 'sh').split('\n').filter(l => l && !l.startsWith('#'));
    expect(commands).toEqual(['npm ci && npm run example', 'npm ci && npm run build']);
    expect(ci).toMatch(/\nnpm ci\n(.*\n)?npm run build\n/);
    expect(ci).toContain('npm run example');
  });

  test('the quick start is a complete program: it synthesizes a clean stack with a tagged profile, grant, budget and alarm', () => {
    const quickStart = codeBlocksOf('README.md').find(b => b.lang === 'ts')!;
    expect(quickStart.attributes.fixture).toBe('none');
    const { app, stack } = runSnippet(quickStart.code, ['app', 'stack']) as { app: App; stack: any };
    expectClean(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', { Tags: [{ Key: 'Service', Value: 'search' }] });
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    const budget = Object.values<any>(template.findResources('AWS::Budgets::Budget'))[0].Properties.Budget;
    expect(budget.CostFilters).toEqual({ TagKeyValue: ['user:Service$search'] });
    // Claude Sonnet 4.6 at the US rate from us-east-1: 600,000 requests x (1,200 x 3.30 + 250 x 16.50)
    // USD per 1M tokens = 4,851 USD, + 20%.
    expect(budget.BudgetLimit).toEqual({ Amount: 5821.2, Unit: 'USD' });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).toContain('bedrock:InvokeModelWithResponseStream');
  });

  test('the vending recipe config builds one stack for its one target', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-vending-'));
    const file = path.join(dir, 'teams.yaml');
    fs.writeFileSync(file, blockAfter('README.md', '### Platform vending', 'yaml'));
    const vending = new PlatformVending(new App(), 'Vending', { config: VendingConfiguration.fromFile(file), shardAssignmentFile: path.join(dir, 'teams.shards.json') });
    expect(vending.stacks.map(s => s.node.path)).toEqual(['Vending/prod-us/Shard00']);
    expect(vending.profilesOf('prod-us', 'search')).toHaveLength(1);
  });
});
