import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import { AlertTarget, BedrockModelId, CostAllocatedProject, CostAllocatedProjectProps, ProfileBudget } from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { readReports } from '../../src/report/read-reports';
import { anyValue } from '../helpers/arbitraries';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';

const ENV = { account: '111122223333', region: 'us-west-2' };
const USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 };

function build(props: Partial<CostAllocatedProjectProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Mantle', { env: ENV });
  const project = new CostAllocatedProject(stack, 'Assistant', { costAllocationTags: { Team: 'search' }, ...props });
  return { app, stack, project };
}

function policyStatements(stack: Stack): any[] {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(p => stack.resolve(p.Properties.PolicyDocument).Statement);
}

describe('CostAllocatedProject', () => {
  test('a tagged AWS::BedrockMantle::Project with a derived name; inference granted on this project only, optionally for some models; schema-valid and nag-clean', () => {
    const { app, stack, project } = build();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    project.grantInference(role, ['openai.gpt-oss-120b-1:0', 'openai.gpt-oss-120b-1:0']);
    const [checked] = expectClean(app);
    const t = Template.fromJSON(checked.template);
    t.hasResourceProperties('AWS::BedrockMantle::Project', { Name: 'Mantle-Assistant', Tags: [{ Key: 'Team', Value: 'search' }] });
    expect(policyStatements(stack)).toEqual([{
      Effect: 'Allow',
      Action: 'bedrock-mantle:CreateInference',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Assistant/), 'Arn'] },
      Condition: { StringEquals: { 'bedrock-mantle:Model': ['openai.gpt-oss-120b-1:0'] } },
    }]);
    expect(stack.resolve(project.projectId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Assistant/), 'Id'] });
  });

  test('grantInference without models; grantBearerToken on * with its cdk-nag reason', () => {
    const { app, stack, project } = build({ projectName: 'search assistant (prod)' });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    project.grantInference(role);
    project.grantBearerToken(role);
    expectClean(app);
    expect(policyStatements(stack)).toEqual([
      { Effect: 'Allow', Action: 'bedrock-mantle:CreateInference', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Assistant/), 'Arn'] } },
      { Effect: 'Allow', Action: 'bedrock-mantle:CallWithBearerToken', Resource: '*' },
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::BedrockMantle::Project', { Name: 'search assistant (prod)' });
  });

  test('metrics: AWS/BedrockMantle by Project', () => {
    const { stack, project } = build();
    const metrics = [
      project.metricInferences(), project.metricInferenceClientErrors(), project.metricTotalInputTokens(), project.metricTotalOutputTokens(),
    ];
    expect(metrics.map(m => [m.namespace, m.metricName, m.statistic, m.period.toMinutes(), stack.resolve(m.dimensions)])).toEqual(
      ['Inferences', 'InferenceClientErrors', 'TotalInputTokens', 'TotalOutputTokens'].map(name =>
        ['AWS/BedrockMantle', name, 'Sum', 5, { Project: { 'Fn::GetAtt': [expect.stringMatching(/^Assistant/), 'Id'] } }]));
  });

  test('a forecast from expected usage and a model; the cost report lists the project; a budget derives its limit from it', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'project-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Mantle', { env: ENV });
    const project = new CostAllocatedProject(stack, 'Assistant', {
      costAllocationTags: { Team: 'search' }, expectedUsage: USAGE, forecastModel: BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2, pricesAsOf: '2025-03-01',
    });
    // 1,000 requests × 30 days × (1,000 × 0.003 + 200 × 0.015) / 1,000 = 180 USD
    expect(project.costForecast!.expectedMonthlyUsd).toBe('180');
    const budget = new ProfileBudget(stack, 'Budget', { projects: [project], alertTargets: [AlertTarget.email('a@example.com')] });
    expect([budget.tagKey, budget.tagValue, budget.limitUsd]).toEqual(['Team', 'search', '216.00']);
    app.synth();
    const [report] = readReports(outdir);
    expect(report.profiles).toEqual([expect.objectContaining({
      path: 'Mantle/Assistant',
      sourceKind: 'PROJECT',
      modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
      region: 'us-west-2',
      tags: { Team: 'search' },
      forecast: expect.objectContaining({ expected: '180' }),
    })]);
    expect(report.tagValues).toEqual([expect.objectContaining({ key: 'Team', value: 'search', profiles: ['Mantle/Assistant'] })]);
  });

  test('import by ARN; a bad ARN is refused', () => {
    const stack = new Stack(new App(), 'Other', { env: ENV });
    const imported = CostAllocatedProject.fromProjectAttributes(stack, 'Shared', { projectArn: 'arn:aws:bedrock-mantle:us-west-2:111122223333:project/proj_abc123' });
    expect(imported.projectId).toBe('proj_abc123');
    expect(imported.env.region).toBe('us-west-2');
    const e = errorOf(() => CostAllocatedProject.fromProjectAttributes(stack, 'Bad', { projectArn: 'arn:aws:bedrock:us-west-2:111122223333:project/x' }));
    expect(e.message).toBe('Other/Bad: projectArn is not a Bedrock project ARN (got "arn:aws:bedrock:us-west-2:111122223333:…(50 chars)). '
      + 'Pass arn:<partition>:bedrock-mantle:<region>:<account>:project/<id>.');
  });

  test.each([
    [{ costAllocationTags: {} }, 'costAllocationTags must hold at least one tag'],
    [{ costAllocationTags: { 'aws:x': 'y' } }, 'costAllocationTags key must not start with "aws:"'],
    [{ projectName: 'x'.repeat(129) }, 'projectName must be at most 128 characters long'],
    [{ expectedUsage: USAGE }, 'forecastModel is required with expectedUsage'],
    [{ forecastModel: BedrockModelId.AMAZON_NOVA_PRO }, 'forecastModel is only used with expectedUsage'],
    [{ expectedUsage: USAGE, forecastModel: BedrockModelId.custom('openai.nothing-like-this') }, 'forecastModel is not a model the price catalog knows'],
  ])('bad input %j: %s', (props, message) => {
    const e = errorOf(() => build(props as Partial<CostAllocatedProjectProps>));
    expect(e.message.startsWith(`Mantle/Assistant: ${message}`)).toBe(true);
  });

  test('grantInference with an empty model list is refused', () => {
    const { stack, project } = build();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(errorOf(() => project.grantInference(role, [])).message).toContain('Mantle/Assistant: models must be a non-empty list of model ids');
  });

  test('random props give a CostProfilesError or a synthesizable project, never a crash', () => {
    fc.assert(fc.property(fc.record({
      costAllocationTags: fc.oneof(fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9-]{0,10}$/), { maxKeys: 3 }), anyValue),
      projectName: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 140 }), anyValue),
      expectedUsage: fc.oneof(fc.constant(undefined), fc.constant(USAGE), anyValue),
      forecastModel: fc.oneof(fc.constant(undefined), fc.constant(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2), anyValue),
      pricesAsOf: fc.oneof(fc.constant(undefined), fc.constant('2025-03-01'), anyValue),
    }, { requiredKeys: ['costAllocationTags'] }), props => {
      const app = new App();
      const stack = new Stack(app, 'Mantle', { env: ENV });
      try {
        new CostAllocatedProject(stack, 'Assistant', props as any);
        app.synth();
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        expect(e.message.startsWith('Mantle/Assistant: ')).toBe(true);
      }
    }), { numRuns: 120 });
  });
});
