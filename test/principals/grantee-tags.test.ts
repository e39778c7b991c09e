import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BedrockModelId, CostAllocatedProfile, ProfileSource } from '../../src';
import { readReports } from '../../src/report/read-reports';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';

const ENV = { account: '111122223333', region: 'us-west-2' };
const SONNET = BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2;

function profile(stack: Stack, id: string, tags: Record<string, string>) {
  return new CostAllocatedProfile(stack, id, { source: ProfileSource.foundationModel(SONNET), costAllocationTags: tags });
}

function resourcesOf(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter(r => r.Type === type);
}

describe('grantInvoke with tagGrantee', () => {
  test('a role of the app gets the profile\'s tags in its template, once for two profiles with the same tags; the report links them; nag-clean', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const assistant = profile(stack, 'Assistant', { Team: 'search', Service: 'assistant' });
    const summaries = profile(stack, 'Summaries', { Team: 'search' });
    assistant.grantInvoke(role, { tagGrantee: true });
    summaries.grantInvoke(role, { tagGrantee: true });
    summaries.grantInvoke(role, { tagGrantee: true });
    const [checked] = expectClean(app);
    Template.fromJSON(checked.template).hasResourceProperties('AWS::IAM::Role', { Tags: [{ Key: 'Service', Value: 'assistant' }, { Key: 'Team', Value: 'search' }] });
    expect(resourcesOf(checked.template, 'Custom::PrincipalCostTag')).toEqual([]);
    // The grant itself is the usual one.
    expect(JSON.stringify(checked.template)).toContain('bedrock:InferenceProfileArn');
    const [report] = readReports(app.outdir);
    expect(report.principals).toEqual([
      { path: expect.stringMatching(/^Team\/Assistant\/GranteeTags[0-9a-f]{8}$/), principals: ['Team/Caller'], tags: { Team: 'search', Service: 'assistant' }, profiles: ['Team/Assistant', 'Team/Summaries'] },
    ]);
  });

  test('a function\'s role is tagged; without the option nothing is', () => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;') });
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const p = profile(stack, 'Assistant', { Team: 'search' });
    p.grantInvoke(fn, { tagGrantee: true });
    p.grantInvoke(other);
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    expect(Object.entries<any>(roles).map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.Tags])).toEqual([
      ['FnServiceRole', [{ Key: 'Team', Value: 'search' }]],
      ['Other', undefined],
    ]);
  });

  test('an imported role is tagged by custom resources in the profile\'s stack, one per key; nag-clean', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    const imported = iam.Role.fromRoleName(stack, 'Worker', 'batch-worker');
    profile(stack, 'Assistant', { Team: 'search', CostCenter: 'cc-1' }).grantInvoke(imported, { tagGrantee: true });
    const [checked] = expectClean(app);
    const calls = resourcesOf(checked.template, 'Custom::PrincipalCostTag').map(r => JSON.parse(r.Properties.Create));
    expect(calls.map(c => [c.action, c.parameters.RoleName, c.parameters.Tags])).toEqual([
      ['tagRole', 'batch-worker', [{ Key: 'Team', Value: 'search' }]],
      ['tagRole', 'batch-worker', [{ Key: 'CostCenter', Value: 'cc-1' }]],
    ]);
  });

  test('two values for one key on one role are refused, also for two imports of the same role', () => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    profile(stack, 'Search', { Team: 'search' }).grantInvoke(role, { tagGrantee: true });
    const e = errorOf(() => profile(stack, 'Ads', { Team: 'ads' }).grantInvoke(role, { tagGrantee: true }));
    expect(e.location).toBe('Team/Ads');
    expect(e.problem).toContain('would tag Team/Caller with Team=ads, but Team/Search tags it Team=search');

    profile(stack, 'Search2', { Team: 'search' }).grantInvoke(iam.Role.fromRoleName(stack, 'A', 'worker'), { tagGrantee: true });
    const e2 = errorOf(() => profile(stack, 'Ads2', { Team: 'ads' }).grantInvoke(iam.Role.fromRoleName(stack, 'B', 'worker'), { tagGrantee: true }));
    expect(e2.problem).toContain('would tag role/worker with Team=ads, but Team/Search2 tags it Team=search');
  });

  test('a grantee that is no role or user, and an imported profile, are refused with the fix', () => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    const e = errorOf(() => profile(stack, 'Assistant', { Team: 'search' }).grantInvoke(new iam.AccountRootPrincipal(), { tagGrantee: true }));
    expect(e.field).toBe('tagGrantee');
    expect(e.problem).toContain('needs a grantee whose principal is an IAM role or user');
    const imported = CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', {
      profileArn: 'arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/abcdefghij12',
      source: ProfileSource.foundationModel(SONNET),
    });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(errorOf(() => imported.grantInvoke(role, { tagGrantee: true })).problem).toContain('an imported profile does not know');
    expect(() => imported.grantInvoke(role)).not.toThrow();
  });
});
