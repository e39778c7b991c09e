import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildPerServiceApp } from '../../examples/per-service-stack';
import { run } from '../../src/cli/main';
import { alertDelivery } from '../helpers/alert-delivery';
import { expectClean } from '../helpers/synth';

describe('examples/per-service-stack.ts (seed 003 scenario)', () => {
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

  test('service-1 and service-2 copy Claude 3.5 Sonnet v2 in us-west-2, tagged per service', () => {
    for (const service of ['service-1', 'service-2']) {
      template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
        ModelSource: { CopyFrom: 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0' },
        Tags: [{ Key: 'Service', Value: service }],
      });
    }
  });

  test('one profile copies the US cross-Region profile', () => {
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: { 'Fn::Join': ['', ['arn:aws:bedrock:us-west-2:', { Ref: 'AWS::AccountId' }, ':inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0']] } },
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
});

describe('examples/usage.yaml', () => {
  test('estimates with the CLI: three tagged workloads, six months with growth', () => {
    const out: string[] = [];
    const code = run(['estimate', path.join(__dirname, '..', '..', 'examples', 'usage.yaml'), '--format', 'json', '--as-of', '2025-03-01'],
      { out: (t: string) => out.push(t), err: (t: string) => out.push(t) });
    expect(code).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(json.workloads.map((w: any) => [w.name, w.tags.Service])).toEqual([
      ['service-1', 'service-1'], ['service-2', 'service-2'], ['batch-summaries', 'batch-summaries'],
    ]);
    expect(json.total.expected).toBe('11219.4');
    expect(json.series).toHaveLength(6);
  });
});
