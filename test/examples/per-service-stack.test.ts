import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { run } from '../../src/cli/main';
import { alertDelivery } from '../helpers/alert-delivery';
import { expectClean } from '../helpers/synth';

describe('examples/per-service-stack.ts (the per-service scenario)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'per-service-'));
  const { app, stack } = buildPerServiceApp(outdir);
  const checked = expectClean(app);
  const template = Template.fromStack(stack);

  test('is one stack, valid against the registry schemas, with no cdk-nag finding', () => {
    expect(checked.map(c => c.stack.stackName)).toEqual(['BedrockPerServiceProfiles']);
  });

  test('every alert provably reaches its topic: 3 budgets x 4 notifications and the spend alarm', () => {
    expect(alertDelivery(checked)).toEqual({ routes: 13, problems: [], external: [] });
  });

  const systemProfile = (id: string) => ({ 'Fn::Join': ['', ['arn:aws:bedrock:us-east-1:', { Ref: 'AWS::AccountId' }, `:inference-profile/${id}`]] });

  test('service-1 and service-2 copy the US profile of Claude Sonnet 4.6 from us-east-1, tagged per service', () => {
    for (const service of ['service-1', 'service-2']) {
      template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
        ModelSource: { CopyFrom: systemProfile('us.anthropic.claude-sonnet-4-6') },
        Tags: [{ Key: 'Service', Value: service }],
      });
    }
  });

  test('the batch profile copies the global profile of Claude Haiku 4.5', () => {
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: systemProfile('global.anthropic.claude-haiku-4-5-20251001-v1:0') },
      Tags: [{ Key: 'Service', Value: 'batch-summaries' }],
    });
  });

  test('logical ids stay what they were when SSM parameters and the alarm were L2s (a change would replace them)', () => {
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(ids('AWS::SSM::Parameter')).toEqual(expect.arrayContaining([
      'Service1ProfileArnParameterA508525A', 'Service1ProfileIdParameter8C2535EE', 'Service1ModelIdParameter91A90721',
      'BatchSummariesProfileArnParameterA46D4765',
    ]));
    expect(ids('AWS::CloudWatch::Alarm')).toEqual(['Service1SpendRateC7598383']);
  });

  test('the caller role may invoke and stream through service-1 only', () => {
    const policy = Object.values<any>(template.findResources('AWS::IAM::Policy'))[0];
    const serialized = JSON.stringify(stack.resolve(policy.Properties.PolicyDocument));
    expect(serialized).toContain('bedrock:InvokeModelWithResponseStream');
    expect(serialized).toContain(stack.getLogicalId(stack.service1.node.defaultChild as any));
    expect(serialized).not.toContain(stack.getLogicalId(stack.service2.node.defaultChild as any));
  });
});

describe('examples/per-service-stack.ts: budgets, alarm and the cost estimate', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'per-service-'));
  const { app, stack } = buildPerServiceApp(outdir);
  const checked = expectClean(app);
  const template = Template.fromStack(stack);

  test('a budget per service, filtered by its Service tag, notifying the alert topic', () => {
    const budgets = Object.values<any>(template.findResources('AWS::Budgets::Budget')).map(r => r.Properties.Budget);
    expect(budgets.map(b => b.CostFilters.TagKeyValue[0]).sort()).toEqual(['user:Service$batch-summaries', 'user:Service$service-1', 'user:Service$service-2']);
    expect(budgets.every(b => b.BudgetType === 'COST' && b.TimeUnit === 'MONTHLY' && b.BudgetLimit.Amount > 0)).toBe(true);
  });

  test('a spend alarm on service-1 and a TLS-only alert topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(checked[0].nagFindings).toEqual([]);
  });

  test('synthesis wrote the cost estimate into the cloud assembly', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'BedrockPerServiceProfiles.bedrock-cost.json'), 'utf-8'));
    expect(report.profiles.map((p: any) => [p.tags.Service, p.forecast !== undefined])).toEqual([
      ['service-1', true], ['service-2', true], ['batch-summaries', true],
    ]);
    expect(report.budgets).toHaveLength(3);
    expect(report.alarms).toHaveLength(1);
  });

  test('the estimate prices current models with current sources: Sonnet 4.6 at the US rate, Haiku 4.5 batch at the global rate', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'BedrockPerServiceProfiles.bedrock-cost.json'), 'utf-8'));
    const expected = (service: string) => report.profiles.find((p: any) => p.tags.Service === service).forecast.expected;
    // 3,000 requests a day x 30 days x (4,000 x 3.30 + 800 x 16.50) USD per 1M tokens.
    expect(expected('service-2')).toBe('2376');
    // 1.5M requests: 80% batch (3,000 x 0.50 + 300 x 2.50), 20% on demand (3,000 x 1.00 + 300 x 5.00), global rates.
    expect(expected('batch-summaries')).toBe('4050');
    const sourceDates: string[] = report.sources.map((s: any) => s.effectiveDate);
    expect(sourceDates.length).toBeGreaterThan(0);
    expect(sourceDates.filter(d => d < '2026-01-01')).toEqual([]);
  });
});

describe('examples/usage.yaml', () => {
  test('estimates with the CLI: three tagged workloads, six months with growth', () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = run(['estimate', path.join(__dirname, '..', '..', 'examples', 'usage.yaml'), '--format', 'json', '--as-of', '2026-12-01'],
      { out: (t: string) => out.push(t), err: (t: string) => err.push(t) });
    expect(code).toBe(0);
    // Only the guardrail prices are old (the newest for us-east-1 are from 2025), and the estimate says so.
    expect(err.join('').trim().split('\n')).toEqual([expect.stringMatching(/^Warning: prices from "Amazon Bedrock pricing page \(ko\), 2025-02-01" .*\(more than 120\)/)]);
    const json = JSON.parse(out.join(''));
    expect(json.workloads.map((w: any) => [w.name, w.tags.Service])).toEqual([
      ['service-1', 'service-1'], ['service-2', 'service-2'], ['batch-summaries', 'batch-summaries'],
    ]);
    expect(json.total.expected).toBe('12161.34');
    expect(json.series).toHaveLength(6);
  });
});
