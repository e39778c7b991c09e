import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformVending, PlatformVendingProps, VendingConfig, VendingConfiguration, VendingTeam } from '../../src';
import { readReports } from '../../src/report/read-reports';
import { teamFootprint } from '../../src/vending/vended-team';
import { planVending } from '../../src/vending/vending-plan';
import { alertDelivery } from '../helpers/alert-delivery';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';

const US = { name: 'prod-us', account: '111122223333', region: 'us-east-1' };
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };

function config(teams: VendingTeam[], extra: Partial<VendingConfig> = {}): VendingConfig {
  return {
    defaults: { requiredTags: ['Team', 'CostCenter'], pricesAsOf: '2025-03-01', budget: { alertEmails: ['finops@example.com'] } },
    targets: [US],
    teams,
    ...extra,
  };
}

function vend(cfg: VendingConfig, props: Partial<PlatformVendingProps> = {}, app = new App()) {
  const vending = new PlatformVending(app, 'Vending', { config: VendingConfiguration.fromObject(cfg), ...props });
  return { app, vending };
}

const agents: VendingTeam = {
  name: 'agents',
  tags: { Team: 'agents', CostCenter: 'CC-7' },
  consumers: ['agents-app'],
  projects: [
    { name: 'chat', tags: { Service: 'agents-chat' }, model: SONNET, usage: USAGE, models: ['openai.gpt-oss-120b'] },
    { name: 'batch', consumers: ['agents-batch'] },
  ],
  budget: { limitUsd: '500' },
};

describe('teams with Bedrock projects', () => {
  const { app, vending } = vend(config([agents]));
  const checked = expectClean(app);
  const template = Template.fromStack(vending.stacks[0]);

  test('each project: a tagged AWS::BedrockMantle::Project named <team>-<project>, inference granted to the consumers', () => {
    template.resourceCountIs('AWS::BedrockMantle::Project', 2);
    template.hasResourceProperties('AWS::BedrockMantle::Project', {
      Name: 'agents-chat',
      Tags: Match.arrayWith([{ Key: 'CostCenter', Value: 'CC-7' }, { Key: 'Service', Value: 'agents-chat' }, { Key: 'Team', Value: 'agents' }]),
    });
    template.hasResourceProperties('AWS::BedrockMantle::Project', { Name: 'agents-batch' });
    // The team's consumer may use both projects, the project's own consumer only its project.
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy')).map(p => p.Properties);
    const byRole = (role: string) => JSON.stringify(policies.filter(p => JSON.stringify(p.Roles) === JSON.stringify([role])));
    expect(byRole('agents-app')).toContain('bedrock-mantle:CreateInference');
    expect(byRole('agents-app')).toContain('bedrock-mantle:Model');
    expect((byRole('agents-app').match(/bedrock-mantle:CreateInference/g) ?? []).length).toBe(2);
    expect((byRole('agents-batch').match(/bedrock-mantle:CreateInference/g) ?? []).length).toBe(1);
    expect(byRole('agents-batch')).not.toContain('bedrock-mantle:Model');
    expect(vending.stacks[0].node.findAll().some(c => c.node.id === 'ConsumerTags')).toBe(false);
  });

  test('the team budget covers the projects and mails the alert address (no spend alarms: no topic)', () => {
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: Match.objectLike({ BudgetLimit: { Amount: 500, Unit: 'USD' }, CostFilters: { TagKeyValue: ['user:Team$agents'] } }),
      NotificationsWithSubscribers: Match.arrayWith([Match.objectLike({ Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'finops@example.com' }] })]),
    });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(alertDelivery(checked).problems).toEqual([]);
  });

  test('the cost report carries the project with a forecast', () => {
    const [report] = readReports(app.outdir);
    const chat = report.profiles.find(p => p.sourceKind === 'PROJECT' && p.tags.Service === 'agents-chat')!;
    expect(chat).toBeDefined();
    expect(Number(chat.forecast!.expected)).toBeGreaterThan(0);
    expect(report.profiles.find(p => p.sourceKind === 'PROJECT' && p.tags.Service === undefined)!.forecast).toBeUndefined();
  });

  test('the placement estimate is exact in resources and above the template bytes', () => {
    app.synth();
    const resources = Object.entries<any>(Template.fromStack(vending.stacks[0]).toJSON().Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
    const estimate = teamFootprint(planVending(VendingConfiguration.fromObject(config([agents]))).teams[0]);
    expect(estimate.resources).toBe(resources.length);
    const bytes = resources.reduce((n, [id, r]) => n + JSON.stringify({ [id]: r }, undefined, 1).length, 0);
    expect(estimate.bytes).toBeGreaterThanOrEqual(bytes);
    expect(estimate.bytes).toBeLessThan(bytes * 2.5);
  });
});

describe('tagConsumerRoles: the consumer roles carry the team tags (iamPrincipal/<key>)', () => {
  const team: VendingTeam = {
    name: 'search',
    tags: { Team: 'search', CostCenter: 'CC-1' },
    consumers: ['search-app', 'arn:aws:iam::111122223333:role/search-batch'],
    services: [{ name: 'assistant', model: SONNET, usage: USAGE }],
    projects: [{ name: 'agents', consumers: ['search-agents'] }],
    budget: { limitUsd: '100' },
    tagConsumerRoles: true,
  };

  test('each consumer role is tagged once per key; the estimate still counts exactly', () => {
    const { app, vending } = vend(config([team]));
    expectClean(app);
    const stack = vending.stacks[0];
    const template = Template.fromStack(stack);
    const calls = Object.values<any>(template.findResources('Custom::PrincipalCostTag')).map(r => JSON.stringify(r.Properties.Create));
    // Three roles (the team's two, the project's one) × two keys.
    expect(calls.length).toBe(6);
    for (const role of ['search-app', 'search-batch', 'search-agents']) {
      expect(calls.filter(c => c.includes(`\\"RoleName\\":\\"${role}\\"`)).length).toBe(2);
    }
    const tags = stack.node.findAll().find(c => c.node.id === 'ConsumerTags') as any;
    expect(tags.activationKeys).toEqual(['iamPrincipal/Team', 'iamPrincipal/CostCenter']);
    expect(tags.profiles.length).toBe(1);

    app.synth();
    const resources = Object.entries<any>(template.toJSON().Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
    const estimate = teamFootprint(planVending(VendingConfiguration.fromObject(config([team]))).teams[0]);
    expect(estimate.resources).toBe(resources.length);
    const bytes = resources.reduce((n, [id, r]) => n + JSON.stringify({ [id]: r }, undefined, 1).length, 0);
    expect(estimate.bytes).toBeGreaterThanOrEqual(bytes);
  });

  test('the defaults switch it on for every team; a team can switch it off', () => {
    const other: VendingTeam = { ...team, name: 'other', tags: { Team: 'other', CostCenter: 'CC-2' }, consumers: ['other-app'], projects: undefined, tagConsumerRoles: false };
    const plan = planVending(VendingConfiguration.fromObject(config([{ ...team, tagConsumerRoles: undefined }, other], {
      defaults: { requiredTags: ['Team', 'CostCenter'], pricesAsOf: '2025-03-01', budget: { alertEmails: ['finops@example.com'] }, tagConsumerRoles: true },
    })));
    expect(plan.teams.map(t => [t.name, t.tagConsumerRoles])).toEqual([['search', true], ['other', false]]);
  });

  test('a role tagged by two teams is refused; without tagging it may be shared', () => {
    const a: VendingTeam = { name: 'a', tags: { Team: 'a', CostCenter: 'CC-1' }, consumers: ['shared'], services: [{ name: 's', model: SONNET, usage: USAGE }], tagConsumerRoles: true };
    const b: VendingTeam = { ...a, name: 'b', tags: { Team: 'b', CostCenter: 'CC-1' } };
    expect(errorOf(() => vend(config([a, { ...b, tags: { ...a.tags } }]))).problem).toContain('role shared is a consumer of teams a and b');
    expect(errorOf(() => vend(config([a, b]))).problem)
      .toContain('role shared is a consumer of teams a and b in target prod-us, and both tag their consumer roles (tagConsumerRoles)');
    expect(() => vend(config([a, { ...b, tagConsumerRoles: false }]))).not.toThrow();
  });

  test('account-agnostic targets (StackSets, no assets) cannot tag roles with a Lambda', () => {
    const e = errorOf(() => vend(config([team], { targets: [{ name: 'org', account: '*', region: 'us-east-1' }] })));
    expect(e.problem).toContain('teams[0].tagConsumerRoles: is on, but target org is account-agnostic (account "*")');
  });
});

describe('validation of projects', () => {
  test('every problem at its path', () => {
    const e = errorOf(() => vend(config([
      { name: 'p', tags: { Team: 'p' }, projects: [{ name: 'x', usage: USAGE }, { name: 'x', model: 'anthropic.claude-9-imaginary-v1:0', usage: USAGE, consumers: ['not a role!'] }] },
    ])));
    for (const line of [
      'teams[0].projects[0]: is missing the required tag CostCenter',
      'teams[0].projects[0].model: is needed with usage',
      'teams[0].projects[1].model: is not a model the price catalog knows',
      'teams[0].projects[1].consumers[0]: is neither an IAM role ARN',
      'teams[0].projects[1]: repeats the project name "x" of teams[0].projects[0]',
    ]) {
      expect(e.problem).toContain(line);
    }
  });

  test('a team needs services or projects (schema)', () => {
    const e = errorOf(() => vend(config([{ name: 'empty', tags: { Team: 'empty', CostCenter: 'c' } }])));
    expect(e.problem).toMatch(/teams\[0\]: .*services|teams\[0\]: .*projects/);
  });
});
