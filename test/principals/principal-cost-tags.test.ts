import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import {
  AlertTarget, BedrockModelId, BudgetTagSource, CostAllocatedProfile, CostAllocationTagActivation, PrincipalCostTags, PrincipalCostTagsProps,
  ProfileBudget, ProfileSource,
} from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { readReports } from '../../src/report/read-reports';
import { renderStackReport } from '../../src/report/render-report';
import { anyValue } from '../helpers/arbitraries';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';

const ENV = { account: '111122223333', region: 'us-west-2' };
const USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 200 };

function resourcesOf(template: any, type: string): any[] {
  return Object.values<any>(template.Resources).filter(r => r.Type === type);
}

describe('PrincipalCostTags', () => {
  test('roles and users of this app get the tags in their templates; no custom resource; nag-clean', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    const role = new iam.Role(stack, 'Service', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const tags = new PrincipalCostTags(stack, 'SearchCallers', { costAllocationTags: { Team: 'search', CostCenter: 'cc-1' }, roles: [role] });
    expect(tags.activationKeys).toEqual(['iamPrincipal/Team', 'iamPrincipal/CostCenter']);
    expect(tags.principals).toEqual(['Team/Service']);
    const [checked] = expectClean(app);
    Template.fromJSON(checked.template).hasResourceProperties('AWS::IAM::Role', { Tags: [{ Key: 'CostCenter', Value: 'cc-1' }, { Key: 'Team', Value: 'search' }] });
    expect(resourcesOf(checked.template, 'Custom::PrincipalCostTag')).toEqual([]);
    // IAM users too (the registry schemas in the tests have no AWS::IAM::User, so no schema check here).
    const users = new Stack(new App(), 'Users', { env: ENV });
    new PrincipalCostTags(users, 'Analysts', { costAllocationTags: { Team: 'search' }, users: [new iam.User(users, 'Analyst')] });
    Template.fromStack(users).hasResourceProperties('AWS::IAM::User', { Tags: [{ Key: 'Team', Value: 'search' }] });
  });

  test('existing roles (by name, ARN, or imported) are tagged one key at a time by a custom resource, untagged on delete, with a least-privilege role; nag-clean', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    const imported = iam.Role.fromRoleName(stack, 'Imported', 'batch-worker');
    new PrincipalCostTags(stack, 'SearchCallers', {
      costAllocationTags: { Team: 'search', CostCenter: 'cc-1' },
      roles: [imported],
      roleNames: ['search-api', 'arn:aws:iam::111122223333:role/apps/search-indexer'],
    });
    const [checked] = expectClean(app);
    const custom = resourcesOf(checked.template, 'Custom::PrincipalCostTag');
    const calls = custom.map(r => ({ create: JSON.parse(r.Properties.Create), remove: JSON.parse(r.Properties.Delete) }));
    expect(calls.map(c => [
      c.create.action, c.create.parameters.RoleName, c.create.parameters.Tags, c.create.physicalResourceId.id, c.remove.action, c.remove.parameters,
    ]))
      .toEqual(['search-api', 'search-indexer', 'batch-worker'].flatMap(name => [
        ['tagRole', name, [{ Key: 'Team', Value: 'search' }], `role/${name}/Team`, 'untagRole', { RoleName: name, TagKeys: ['Team'] }],
        ['tagRole', name, [{ Key: 'CostCenter', Value: 'cc-1' }], `role/${name}/CostCenter`, 'untagRole', { RoleName: name, TagKeys: ['CostCenter'] }],
      ]));
    expect(custom.every(r => JSON.parse(r.Properties.Update).action === 'tagRole')).toBe(true);
    const policies = resourcesOf(checked.template, 'AWS::IAM::Policy').map(p => stack.resolve(p.Properties.PolicyDocument).Statement).flat();
    expect(policies).toContainEqual({
      Effect: 'Allow',
      Action: ['iam:TagRole', 'iam:UntagRole'],
      Resource: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/search-api']] },
        'arn:aws:iam::111122223333:role/apps/search-indexer',
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111122223333:role/batch-worker']] },
      ],
    });
  });

  test('two tag sets in one stack share one tagging role that may tag all their roles', () => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    new PrincipalCostTags(stack, 'A', { costAllocationTags: { Team: 'a' }, roleNames: ['role-a'] });
    new PrincipalCostTags(stack, 'B', { costAllocationTags: { Team: 'b' }, roleNames: ['role-b'] });
    const roles = resourcesOf(Template.fromStack(stack).toJSON(), 'AWS::IAM::Role').filter(r => r.Properties.Description?.startsWith('Tags existing IAM principals'));
    expect(roles).toHaveLength(1);
    const statements = resourcesOf(Template.fromStack(stack).toJSON(), 'AWS::IAM::Policy').flatMap(p => stack.resolve(p.Properties.PolicyDocument).Statement);
    expect(statements.filter((s: any) => s.Action?.includes?.('iam:TagRole')).map((s: any) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining('role/role-a'), expect.stringContaining('role/role-b'),
    ]);
  });

  test('the keys to activate are iamPrincipal/<key>, which CostAllocationTagActivation takes', () => {
    const stack = new Stack(new App(), 'Payer', { env: ENV });
    const tags = new PrincipalCostTags(stack, 'Callers', { costAllocationTags: { Team: 'search' }, roleNames: ['search-api'] });
    new CostAllocationTagActivation(stack, 'CostTags', { tagKeys: ['Team', ...tags.activationKeys] });
    Template.fromStack(stack).hasResourceProperties('Custom::CostAllocationTagActivation', { TagKeys: ['Team', 'iamPrincipal/Team'] });
  });

  test('the cost report shows the principal view: principals, the profiles they call and their forecast; a budget on the principal tag', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'principals-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Team', { env: ENV });
    const sonnet = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
    const a = new CostAllocatedProfile(stack, 'A', { source: sonnet, costAllocationTags: { Service: 'a', Team: 'search' }, expectedUsage: USAGE, pricesAsOf: '2025-03-01' });
    const b = new CostAllocatedProfile(stack, 'B', { source: sonnet, costAllocationTags: { Service: 'b', Team: 'search' }, expectedUsage: USAGE, pricesAsOf: '2025-03-01' });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const callers = new PrincipalCostTags(stack, 'SearchCallers', { costAllocationTags: { Team: 'search' }, roles: [role], roleNames: ['search-api'], profiles: [a, b, a] });
    const budget = new ProfileBudget(stack, 'PrincipalBudget', { principals: [callers], alertTargets: [AlertTarget.email('a@example.com')] });
    expect([budget.tagSource, budget.costFilter, budget.limitUsd]).toEqual([BudgetTagSource.PRINCIPAL_TAGS, 'iamPrincipal/Team$search', '432.00']);
    app.synth();
    const template = Template.fromStack(stack).toJSON();
    expect(resourcesOf(template, 'AWS::Budgets::Budget')[0].Properties.Budget).toMatchObject({
      FilterExpression: { Tags: { Key: 'iamPrincipal/Team', Values: ['search'], MatchOptions: ['EQUALS'] } },
      Metrics: ['UnblendedCost'],
    });
    expect(resourcesOf(template, 'AWS::Budgets::Budget')[0].Properties.Budget.CostFilters).toBeUndefined();
    const [report] = readReports(outdir);
    expect(report.principals).toEqual([{ path: 'Team/SearchCallers', principals: ['Team/Caller', 'search-api'], tags: { Team: 'search' }, profiles: ['Team/A', 'Team/B', 'Team/A'] }]);
    expect(report.principalTagValues).toEqual([{
      key: 'Team',
      value: 'search',
      profiles: ['Team/A', 'Team/B'],
      unforecastProfiles: 0,
      forecast: { low: expect.any(String), expected: '360', high: expect.any(String) },
    }]);
    expect(report.budgets[0]).toMatchObject({ attribution: 'principal', costFilter: 'iamPrincipal/Team$search' });
    expect(renderStackReport(report, 'table')).toMatch(/iamPrincipal\/Team=search\s+2\s+2\s+360\.00\s+432\.00/);
  });

  test.each([
    [{ costAllocationTags: {}, roleNames: ['x'] }, 'costAllocationTags must hold at least one tag'],
    [{ costAllocationTags: { Team: 'a' } }, 'roles and users and roleNames are empty: there is nothing to tag'],
    [{ costAllocationTags: { Team: 'a' }, roleNames: ['no spaces allowed'] }, 'roleNames[0] is neither an IAM role name nor a role ARN'],
    [{ costAllocationTags: { Team: 'a' }, roles: ['search-api'] as any }, 'roles must be a list of iam.IRole'],
    [{ costAllocationTags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])), roleNames: ['x'] }, 'costAllocationTags must hold at most 50 tags'],
  ])('bad input %j: %s', (props, message) => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    const e = errorOf(() => new PrincipalCostTags(stack, 'Callers', props as PrincipalCostTagsProps));
    expect(e.message.startsWith(`Team/Callers: ${message}`)).toBe(true);
  });

  test('a budget with principals filters on principal tags only', () => {
    const stack = new Stack(new App(), 'Team', { env: ENV });
    const callers = new PrincipalCostTags(stack, 'Callers', { costAllocationTags: { Team: 'search' }, roleNames: ['x'] });
    const e = errorOf(() => new ProfileBudget(stack, 'B', { principals: [callers], tagSource: BudgetTagSource.PROFILE_TAGS, limitUsd: '10', alertTargets: [AlertTarget.email('a@example.com')] }));
    expect(e.message).toContain('Team/B: principals only count with tagSource BudgetTagSource.PRINCIPAL_TAGS');
    const manual = new ProfileBudget(stack, 'Manual', { tagSource: BudgetTagSource.PRINCIPAL_TAGS, tagKey: 'Team', tagValue: 'ads', limitUsd: '10', alertTargets: [AlertTarget.email('a@example.com')] });
    expect(manual.costFilter).toBe('iamPrincipal/Team$ads');
  });

  test('random props give a CostProfilesError or a synthesizable construct, never a crash', () => {
    fc.assert(fc.property(fc.record({
      costAllocationTags: fc.oneof(fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), fc.stringMatching(/^[a-z0-9-]{0,10}$/), { maxKeys: 3 }), anyValue),
      roleNames: fc.oneof(fc.array(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string({ maxLength: 70 }), anyValue), { maxLength: 3 }), anyValue),
      users: fc.oneof(fc.constant(undefined), anyValue),
    }, { requiredKeys: ['costAllocationTags'] }), props => {
      const app = new App();
      const stack = new Stack(app, 'Team', { env: ENV });
      try {
        new PrincipalCostTags(stack, 'Callers', props as any);
        app.synth();
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        expect(e.message.startsWith('Team/Callers: ')).toBe(true);
      }
    }), { numRuns: 120 });
  });
});
