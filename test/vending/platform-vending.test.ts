import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import * as fc from 'fast-check';
import { buildPlatformVendingApp } from '../../examples/platform-vending';
import { PlatformVending, PlatformVendingProps, VendingConfig, VendingConfiguration, VendingTeam } from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { readReports } from '../../src/report/read-reports';
import { renderReports } from '../../src/report/render-report';
import { VendedTeam } from '../../src/vending/vended-team';
import { GRANT_POLICY_CHARACTERS } from '../../src/vending/vending-plan';
import { alertDelivery } from '../helpers/alert-delivery';
import { anyValue } from '../helpers/arbitraries';
import { errorOf } from '../helpers/errors';
import { expectClean } from '../helpers/synth';
import { onRecordedDay } from '../profiles/template-stability';

const US = { name: 'prod-us', account: '111122223333', region: 'us-east-1' };
const EU = { name: 'prod-eu', account: '444455556666', region: 'eu-central-1' };
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };

function team(name: string, services = 2, extra: Partial<VendingTeam> = {}): VendingTeam {
  return {
    name,
    tags: { Team: name, CostCenter: 'CC-1' },
    consumers: [`${name}-app`],
    services: Array.from({ length: services }, (_, i) => ({ name: `svc${i}`, model: SONNET, usage: USAGE })),
    ...extra,
  };
}

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


const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-'));

describe('examples/platform-vending.ts (20 teams, two targets)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vending-example-'));
  const assignment = path.join(tmp, 'example.shards.json');
  fs.copyFileSync(path.join(__dirname, '..', '..', 'examples', 'teams.shards.json'), assignment);
  // The example prices as of the day of synthesis: build it on the fixed day the templates are recorded on.
  const { app, vending, checked } = onRecordedDay(() => {
    const built = buildPlatformVendingApp({ outdir, shardAssignmentFile: assignment });
    return { ...built, checked: expectClean(built.app) };
  });

  test('a stage per target, stacks named per shard, every template schema-valid and cdk-nag clean', () => {
    expect(vending.stages.map(s => [s.stageName, s.account, s.region])).toEqual([
      ['prod-us', '111122223333', 'us-east-1'],
      ['prod-eu', '444455556666', 'eu-west-1'],
    ]);
    expect(checked.map(c => c.stack.stackName).sort()).toEqual([
      'BedrockVending-prod-eu-00', 'BedrockVending-prod-eu-01', 'BedrockVending-prod-us-00', 'BedrockVending-prod-us-01', 'BedrockVending-prod-us-02',
    ]);
    for (const c of checked) {
      expect(Object.keys(c.template.Resources).length).toBeLessThanOrEqual(150);
    }
  });

  test('every spend alarm and budget notification provably reaches its team topic', () => {
    expect(alertDelivery(checked)).toEqual({ routes: 64, problems: [], external: [] });
  });

  test('the committed shard assignment is up to date (synthesis did not change it)', () => {
    expect(fs.readFileSync(assignment, 'utf-8')).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'teams.shards.json'), 'utf-8'));
  });

  test('each service: a tagged profile, its SSM hand-off, a grant to the team role, a spend alarm; a budget per team', () => {
    const stack = vending.stacks.find(s => s.stackName === 'BedrockVending-prod-us-00')!;
    const template = Template.fromStack(stack);
    // Claude Sonnet 4.6 through the global cross-Region profile, copied in the target's account and Region.
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-6' },
      Tags: [{ Key: 'CostCenter', Value: 'CC-1000' }, { Key: 'Service', Value: 'search-assistant' }, { Key: 'Team', Value: 'search' }],
    });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/search/assistant/profile-arn' });
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: ['search-app'] });
    template.hasResourceProperties('AWS::Budgets::Budget', { Budget: Match.objectLike({ CostFilters: { TagKeyValue: ['user:Team$search'] } }) });
    expect(vending.profilesOf('prod-us', 'search').map(p => p.costAllocationTags.Service)).toEqual(['search-assistant']);
    // The logical id and name iam.Role.fromRoleName's policy had (a change would replace it).
    template.hasResource('AWS::IAM::Policy', { Properties: Match.objectLike({ PolicyName: 'searchConsumersearchappPolicy0CD79FF3' }) });
    expect(Object.keys(template.findResources('AWS::IAM::Policy'))).toContain('searchConsumersearchappPolicy0CD79FF3');
  });

  test('current models at current prices: the global rate of each target\'s Region, none of them stale', () => {
    const reports = readReports(outdir);
    // search/assistant: 8,000 requests a day x 30 days x 600 input and 300 output tokens = 144M input and 72M output
    // tokens; Claude Sonnet 4.6 at the global rate (3 and 15 USD per 1M tokens from us-east-1 and from eu-west-1,
    // AWS Marketplace rate card of 2026-09-26): 144 x 3 + 72 x 15 = 1,512 USD a month in each target.
    for (const [stack, region] of [['BedrockVending-prod-us-00', 'us-east-1'], ['BedrockVending-prod-eu-00', 'eu-west-1']]) {
      const report = reports.find(r => r.stack.name === stack)!;
      const assistant = report.profiles.find(p => p.path.endsWith('/search/Profile-assistant'))!;
      expect([assistant.region, assistant.geo, assistant.forecast!.expected]).toEqual([region, 'global', '1512']);
      expect(assistant.forecast!.lines.map(l => [l.meter, l.rate, l.quantity, l.unitPriceUsd])).toEqual([
        ['input-tokens', 'global', '144000000', '0.000003'],
        ['output-tokens', 'global', '72000000', '0.000015'],
      ]);
    }
    const models = new Set(reports.flatMap(r => r.profiles.map(p => `${p.geo}.${p.modelId}`)));
    expect([...models].sort()).toEqual([
      'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'global.anthropic.claude-sonnet-4-6',
      'us.amazon.nova-2-lite-v1:0', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'us.anthropic.claude-sonnet-4-6',
    ]);
    // No pin: priced as of the day of synthesis (here the recorded day, 2026-12-02), with no price older than 120 days.
    expect([...new Set(reports.flatMap(r => r.pricesAsOf))]).toEqual(['2026-12-02']);
    expect(reports.flatMap(r => r.stalePrices ?? [])).toEqual([]);
  });

  test('the cost reports carry each shard, and bedrock-cost report sums them up', () => {
    const reports = readReports(outdir);
    expect(reports.map(r => r.shard && `${r.shard.target}/${r.shard.shard}`).sort()).toEqual(['prod-eu/00', 'prod-eu/01', 'prod-us/00', 'prod-us/01', 'prod-us/02']);
    const us00 = reports.find(r => r.stack.name === 'BedrockVending-prod-us-00')!.shard!;
    expect(us00.resources).toBe(Object.keys(checked.find(c => c.stack.stackName === 'BedrockVending-prod-us-00')!.template.Resources).length);
    expect(us00.resourceLimit).toBe(150);
    expect(renderReports(reports, 'markdown')).toMatch(/### Vending shards[\s\S]*\| prod-us \| 02 \| BedrockVending-prod-us-02 \|/);
  });
});

describe('shard placement estimates', () => {
  test.each([
    ['budget, alarms, a topic, one consumer', team('a', 3)],
    ['no budget, no alarms, two consumers', { ...team('b', 2), budget: { enabled: false }, services: team('b', 2).services.map(s => ({ ...s, consumers: ['b-batch'], spendAlarm: false })) }],
    ['an existing topic instead of emails', { ...team('c', 2), budget: { alertEmails: [], alertTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts' } }],
    ['no usage, fixed budget', { ...team('d', 2), services: team('d', 2).services.map(s => ({ ...s, usage: undefined })), budget: { limitUsd: '100' } }],
  ])('the estimate is exact in resources and above the real template bytes: %s', (_label, t) => {
    const { app, vending } = vend(config([t]));
    app.synth();
    const [stack] = vending.stacks;
    const template = Template.fromStack(stack).toJSON();
    const resources = Object.entries<any>(template.Resources).filter(([, r]) => r.Type !== 'AWS::CDK::Metadata');
    const report = readReports(app.outdir)[0].shard!;
    expect(report.teams[0].estimatedResources).toBe(resources.length);
    const bytes = resources.reduce((n, [id, r]) => n + JSON.stringify({ [id]: r }, undefined, 1).length, 0);
    const { teamFootprint } = jest.requireActual('../../src/vending/vended-team');
    const { planVending } = jest.requireActual('../../src/vending/vending-plan');
    const estimate = teamFootprint(planVending(VendingConfiguration.fromObject(config([t]))).teams[0]);
    expect(estimate.bytes).toBeGreaterThanOrEqual(bytes);
    expect(estimate.bytes).toBeLessThan(bytes * 2.5);
  });

  test('one grant adds at most GRANT_POLICY_CHARACTERS to the consumer role\'s inline policy, with real ARNs', () => {
    const { app, vending } = vend(config([team('a', 1)]));
    app.synth();
    const policy = Object.values<any>(Template.fromStack(vending.stacks[0]).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument;
    // Replace intrinsics by ARNs of real length before counting characters, as IAM does (no whitespace).
    const realistic = JSON.stringify(policy).replace(/\{"Fn::GetAtt":\["[^"]+","InferenceProfileArn"\]\}/g,
      '"arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abcdefghij12"');
    expect(realistic.replace(/\s/g, '').length).toBeLessThanOrEqual(GRANT_POLICY_CHARACTERS + 200);
  });
});

describe('stable shard assignment', () => {
  const small = { maxResourcesPerStack: 60 }; // about 4 teams of 2 services per shard
  const names = (n: number) => Array.from({ length: n }, (_, i) => `team${String(i).padStart(2, '0')}`);
  const stackOf = (vending: PlatformVending) => new Map(vending.stacks.flatMap(s =>
    s.node.children.filter(c => c instanceof VendedTeam).map(c => [c.node.id, s.stackName])));

  test('adding and removing teams never moves another team; the file is rewritten at synthesis', () => {
    const file = path.join(tmp, 'stable.shards.json');
    const first = vend(config(names(10).map(n => team(n))), { ...small, shardAssignmentFile: file });
    first.app.synth();
    const before = stackOf(first.vending);
    expect(new Set(before.values()).size).toBeGreaterThan(2);
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).targets['prod-us'].flat()).toEqual(names(10));

    // Remove team03 and team07, insert a new team at the front and one in the middle.
    const changed = ['new-first', ...names(10).filter(n => n !== 'team03' && n !== 'team07').slice(0, 4), 'new-middle', ...names(10).slice(6).filter(n => n !== 'team07')];
    const second = vend(config(changed.map(n => team(n))), { ...small, shardAssignmentFile: file });
    second.app.synth();
    const after = stackOf(second.vending);
    for (const [name, stackName] of before) {
      if (after.has(name)) {
        expect([name, after.get(name)]).toEqual([name, stackName]);
      }
    }
    expect(after.has('team03')).toBe(false);
    expect(after.get('new-first')).toBeDefined();
    // The freed room of team03 is reused by a new team before a new shard is opened.
    expect(after.get('new-first')).toBe(before.get('team03'));
  });

  test('without a file, synthesis warns that the assignment is not pinned', () => {
    const app = new App();
    vend(config([team('a')]), {}, app);
    const warnings = app.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data)));
    expect(warnings.some(w => w.includes('No shardAssignmentFile'))).toBe(true);
  });

  test('with updateShardAssignment false, a stale file fails synthesis instead of being rewritten', () => {
    const file = path.join(tmp, 'ci.shards.json');
    vend(config([team('a')]), { shardAssignmentFile: file }).app.synth();
    const e = errorOf(() => vend(config([team('a'), team('b')]), { shardAssignmentFile: file, updateShardAssignment: false }));
    expect(e.message).toContain('is out of date');
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).targets['prod-us']).toEqual([['a']]);
  });

  test('a team too big for any stack, and a shard whose teams grew past the limit, are errors with the fix', () => {
    expect(errorOf(() => vend(config([team('huge', 20, { consumers: [] })]), small)).message).toContain('team huge alone needs');
    const file = path.join(tmp, 'grow.shards.json');
    vend(config([team('a', 3), team('b', 3)]), { ...small, shardAssignmentFile: file }).app.synth();
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).targets['prod-us']).toEqual([['a', 'b']]);
    const e = errorOf(() => vend(config([team('a', 5), team('b', 5)]), { ...small, shardAssignmentFile: file }));
    expect(e.message).toMatch(/shard 00 would hold \d+ resources .*grew/);
  });

  test('a corrupt assignment file is one clear error', () => {
    const file = path.join(tmp, 'corrupt.shards.json');
    fs.writeFileSync(file, '{"version": 1, "targets": {"prod-us": "nope"}}');
    expect(errorOf(() => vend(config([team('a')]), { shardAssignmentFile: file })).message).toContain('is not a shard assignment');
  });
});

describe('whole-config validation', () => {
  test('an alert email listed twice is a config problem at its path, not a construct-id clash', () => {
    const twice = team('a', 1, { budget: { alertEmails: ['lead@example.com', 'lead@example.com'] } });
    const e = errorOf(() => vend(config([twice])));
    expect(e).toBeInstanceOf(CostProfilesError);
    expect(e.message).toContain('teams[0].budget.alertEmails: must NOT have duplicate items');
  });

  test('every problem in one error, each with its config path', () => {
    const bad: any = {
      defaults: { requiredTags: ['Team', 'CostCenter'], budget: { enabled: true } },
      targets: [US, { ...US }, { name: 'mars', account: '999999999999', region: 'zz-north-9' }],
      teams: [
        { name: 'dup', tags: { Team: 'dup' }, services: [{ name: 's', model: SONNET }] },
        { name: 'dup', tags: { Team: 'dup', CostCenter: 'x' }, targets: ['prod-us', 'nowhere'], services: [{ name: 's', model: 'anthropic.claude-9-imaginary-v1:0' }] },
        {
          name: 'grants',
          tags: { CostCenter: 'x' },
          consumers: ['arn:aws:iam::999999999999:role/elsewhere', 'not a role!'],
          services: [{ name: 's', model: SONNET, geo: 'eu' }, { name: 's', model: SONNET, spendAlarm: true }],
        },
      ],
    };
    const e = errorOf(() => vend(bad));
    expect(e.location).toBe('vending config');
    const expected = [
      'targets[1]: repeats the target name "prod-us" of targets[0]',
      'targets[1]: repeats the account and Region "111122223333/us-east-1" of targets[0]',
      'targets[2].region: is not a Region aws-cdk-lib knows (got "zz-north-9")',
      'teams[0].budget: is enabled but has no subscribers',
      'teams[0].services[0]: is missing the required tag CostCenter',
      'teams[1].targets[1]: names no target (got "nowhere"',
      'teams[1].services[0].model: is not a model the price catalog knows',
      'teams[1]: repeats the team name "dup" of teams[0]',
      'teams[2].tags: has no "Team" tag',
      'teams[2].consumers[0]: is a role in account 999999999999, but the team is vended into account 111122223333',
      'teams[2].consumers[1]: is neither an IAM role ARN',
      'teams[2].services[0].geo: "eu" profiles cannot be called from us-east-1',
      'teams[2].services[1].spendAlarm: is on, but the service has no usage',
      'teams[2].services[1]: repeats the service name "s" of teams[2].services[0]',
    ];
    for (const line of expected) {
      expect(e.problem).toContain(line);
    }
    expect(e.problem).toMatch(/^has \d+ problems:/);
  });

  test('schema problems are listed all at once, from a YAML file too', () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, 'targets:\n  - { name: "bad name", account: "12", region: us-east-1 }\nteams:\n  - { name: x, tags: {}, services: [], extra: 1 }\n');
    const e = errorOf(() => vend({} as VendingConfig, { config: VendingConfiguration.fromFile(file) }));
    expect(e.location).toBe(file);
    expect(e.problem).toContain('targets[0].name: must match pattern');
    expect(e.problem).toContain('targets[0].account: must match pattern');
    expect(e.problem).toContain('teams[0]: has an unknown property "extra"');
    expect(e.problem).toContain('teams[0].services: must NOT have fewer than 1 items');
  });

  test('a consumer granted too many profiles would overflow IAM\'s inline policy limit', () => {
    const teams = [team('a', 8, { consumers: ['shared'] }), team('b', 8, { consumers: ['shared'] })];
    expect(errorOf(() => vend(config(teams))).problem).toMatch(/role shared would be granted 16 profiles .* IAM allows 10240 per role/);
  });

  test('bad construct props are refused with the field', () => {
    expect(errorOf(() => vend(config([team('a')]), { maxResourcesPerStack: 501 })).message).toContain('maxResourcesPerStack must be a whole number from 50 to 500');
    expect(errorOf(() => vend(config([team('a')]), { shardFill: 0 })).message).toContain('shardFill');
    expect(errorOf(() => vend(config([team('a')]), { stackNamePrefix: '1x' })).message).toContain('stackNamePrefix');
    expect(errorOf(() => new PlatformVending(new App(), 'V', { config: {} as VendingConfiguration })).message).toContain('must be a VendingConfiguration');
  });

  test('property: random configs give a plan or one CostProfilesError, never a crash', () => {
    const name = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.string({ maxLength: 12 }), anyValue);
    const service = fc.record({
      name,
      model: fc.oneof(fc.constantFrom(SONNET, 'amazon.nova-pro-v1:0', 'x.y-v1:0'), anyValue),
      geo: fc.oneof(fc.constantFrom('us', 'eu', 'global'), anyValue),
      usage: fc.oneof(fc.constant(USAGE), fc.record({
        daysPerMonth: fc.integer({ min: -1, max: 40 }),
        requestsPerDay: fc.integer(),
        inputTokensPerRequest: fc.integer(),
        outputTokensPerRequest: fc.integer(),
      }), anyValue),
      consumers: fc.oneof(fc.array(fc.oneof(fc.constant('app'), fc.string({ maxLength: 70 })), { maxLength: 2 }), anyValue),
      spendAlarm: fc.oneof(fc.boolean(), anyValue),
    }, { requiredKeys: [] });
    const project = fc.record({
      name,
      model: fc.oneof(fc.constantFrom(SONNET, 'x.y-v1:0'), anyValue),
      usage: fc.oneof(fc.constant(USAGE), anyValue),
      consumers: fc.oneof(fc.array(fc.oneof(fc.constant('app'), fc.constant('other'), fc.string({ maxLength: 70 })), { maxLength: 2 }), anyValue),
      models: fc.oneof(fc.constant(['openai.gpt-oss-120b']), anyValue),
    }, { requiredKeys: [] });
    const teamArb = fc.record({
      name,
      tags: fc.oneof(fc.constant({ Team: 't', CostCenter: 'c' }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })), anyValue),
      services: fc.oneof(fc.array(service, { maxLength: 3 }), anyValue),
      projects: fc.oneof(fc.array(project, { maxLength: 2 }), anyValue),
      consumers: fc.oneof(fc.constant(['app']), anyValue),
      tagConsumerRoles: fc.oneof(fc.boolean(), anyValue),
      budget: fc.oneof(fc.record({ enabled: fc.boolean(), limitUsd: fc.oneof(fc.constant('100'), fc.string()), alertEmails: fc.array(fc.emailAddress(), { maxLength: 2 }) }, { requiredKeys: [] }), anyValue),
      targets: fc.oneof(fc.constant(['prod-us']), anyValue),
    }, { requiredKeys: [] });
    let n = 0;
    fc.assert(fc.property(fc.record({
      targets: fc.oneof(fc.constant([US]), fc.constant([US, EU]), fc.array(anyValue, { maxLength: 2 }), anyValue),
      teams: fc.oneof(fc.array(teamArb, { maxLength: 3 }), anyValue),
      defaults: fc.oneof(fc.constant({ pricesAsOf: '2025-03-01' }), anyValue),
    }, { requiredKeys: [] }), cfg => {
      try {
        new PlatformVending(new App(), `V${n++}`, { config: VendingConfiguration.fromObject(cfg as VendingConfig) });
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
      }
    }), { numRuns: 300 });
  });
});

describe('delivery: stages for CDK Pipelines', () => {
  test('each target stage can be added to a CDK pipeline', () => {
    const app = new App();
    const { vending } = vend(config([team('a'), team('b')], { targets: [US, EU] }), {}, app);
    const pipelineStack = new Stack(app, 'Pipeline', { env: { account: '111122223333', region: 'us-east-1' } });
    const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
      crossAccountKeys: true, // the targets are in other accounts
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection('example/platform', 'main', { connectionArn: 'arn:aws:codeconnections:us-east-1:111122223333:connection/abc' }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
    for (const stage of vending.stages) {
      pipeline.addStage(stage);
    }
    app.synth();
    const actions = JSON.stringify(Template.fromStack(pipelineStack).findResources('AWS::CodePipeline::Pipeline'));
    expect(actions).toContain('BedrockVending-prod-us-00');
    expect(actions).toContain('BedrockVending-prod-eu-00');
    expect(Stage.isStage(vending.stages[0])).toBe(true);
  });
});

describe('delivery: account-agnostic templates for StackSets', () => {
  test('a target with account "*" renders no account id and no bootstrap check; role ARNs are refused there', () => {
    const app = new App();
    const { vending } = vend(config([team('a')], { targets: [{ name: 'org', account: '*', region: 'us-east-1' }] }), {}, app);
    const [checked] = expectClean(vending.stages[0]);
    const text = JSON.stringify(checked.template);
    expect(text).not.toMatch(/\d{12}/);
    expect(text).toContain('"Ref":"AWS::AccountId"');
    expect(checked.template.Parameters?.BootstrapVersion).toBeUndefined();
    expect(checked.template.Rules?.CheckBootstrapVersion).toBeUndefined();

    const e = errorOf(() => vend(config([team('b', 1, { consumers: ['arn:aws:iam::111122223333:role/b-app'] })], { targets: [{ name: 'org', account: '*', region: 'us-east-1' }] })));
    expect(e.problem).toContain('target org is account-agnostic (account "*"): give the role name');
  });
});

