import { App, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as fc from 'fast-check';
import {
  AlertTarget,
  AnomalyAlertFrequency,
  BedrockCostDataExport,
  BedrockInvocationLogging,
  BedrockModelId,
  CostAllocatedProject,
  CurTimeGranularity,
  InvocationLoggingRemoval,
  BudgetThreshold,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAllocationTagActivation,
  CostAnomalyAlert,
  PlatformVending,
  PriceCatalog,
  PrincipalCostTags,
  ProfileBudget,
  ProfileDashboard,
  ProfileSource,
  ProfileSpendAlarm,
  RequiredTagsPolicy,
  VendingConfiguration,
} from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { alertDelivery } from '../helpers/alert-delivery';
import { anyValue } from '../helpers/arbitraries';
import { schemaProblems } from '../helpers/cfn-schema';
import { stacksOf } from '../helpers/synth';

/**
 * Random props for every public construct, taken through synthesis: the outcome is a
 * CostProfilesError, or a cloud assembly whose every template passes the registry schemas and
 * whose every alert provably reaches its topic. Never a TypeError, never a template CloudFormation
 * would reject at deploy time. Synthesis is slow, so fewer runs than the construction-only
 * properties; each run builds a fresh app.
 */
// A fixed seed by default: the guard below (enough runs synthesize) must not depend on luck in CI.
// FC_SEED=<n> explores other inputs.
const RUNS = { numRuns: 25, seed: Number(process.env.FC_SEED ?? 20261202) };

/** Mostly good values, sometimes anything at all. */
const or = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: anyValue });

/** Props from `good`, and in every other run one field replaced by anything at all. */
function oneHostile<T extends object>(good: fc.Arbitrary<T>, keys: Array<keyof T>): fc.Arbitrary<T> {
  return fc.tuple(good, fc.option(fc.tuple(fc.constantFrom(...keys), anyValue), { freq: 2 }))
    .map(([props, hostile]) => (hostile === null ? props : { ...props, [hostile[0]]: hostile[1] }));
}

/** Outcomes per test, to check that enough runs get through to synthesis to mean something. */
let outcomes: string[] = [];
/** The share of runs that must synthesize; a construct with many independent checks sets less. */
let minSynthesizedShare = 1 / 8;
beforeEach(() => {
  outcomes = [];
  minSynthesizedShare = 1 / 8;
});
afterEach(() => {
  // Enough runs must synthesize (about 40% do), or the property would check error paths only.
  const synthesized = outcomes.filter(o => o === 'synthesized').length;
  expect(synthesized >= Math.floor(outcomes.length * minSynthesizedShare) ? [] : outcomes.slice(0, 4)).toEqual([]);
});

function throughSynth(build: (stack: Stack, app: App) => void): void {
  outcomes.push(synthesize(build));
}

function synthesize(build: (stack: Stack, app: App) => void): string {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-west-2' } });
  try {
    build(stack, app);
    app.synth();
    // Every stack, those of nested stages (PlatformVending's) included.
    const stacks = stacksOf(app).map(s => ({ stack: s, template: Stage.of(s)!.synth().getStackArtifact(s.artifactId).template }));
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) {
      expect({ stack: s.stack.node.path, problems: schemaProblems(s.template) }).toEqual({ stack: s.stack.node.path, problems: [] });
    }
    expect(alertDelivery(stacks).problems).toEqual([]);
    return 'synthesized';
  } catch (e) {
    // Our error, or CDK's report of the validations our constructs add (RequiredTagsPolicy).
    if (e instanceof CostProfilesError || (e as Error).name === 'ValidationFailedWithErrors') {
      return (e as Error).message;
    }
    throw e;
  }
}

const SONNET = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
const USAGE = fc.record({
  daysPerMonth: or(fc.integer({ min: 28, max: 31 })),
  requestsPerDay: or(fc.oneof(fc.integer({ min: 0, max: 10 ** 9 }), fc.double({ min: 0, max: 1e12, noNaN: true }))),
  inputTokensPerRequest: or(fc.integer({ min: 0, max: 10 ** 6 })),
  outputTokensPerRequest: or(fc.integer({ min: 0, max: 10 ** 6 })),
  cacheReadShare: or(fc.double({ min: 0, max: 1, noNaN: true })),
  monthlyGrowth: or(fc.double({ min: -0.5, max: 2, noNaN: true })),
}, { requiredKeys: ['daysPerMonth'] });
const FULL_USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };
const tagMap = fc.dictionary(fc.oneof(fc.constantFrom('Service', 'Team', 'constructor', '__proto__', 'toString'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,9}$/)),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minKeys: 1, maxKeys: 3 });
const amount = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[1-9]\d{0,12}(\.\d{1,6})?$/) },
  { weight: 1, arbitrary: fc.constantFrom('1e309', '9999999999999.99', '10000000000000', '-1', '0.0000001') });

function profileIn(stack: Stack, id = 'P'): CostAllocatedProfile {
  return new CostAllocatedProfile(stack, id, {
    source: SONNET,
    costAllocationTags: { Service: 's' },
    pricesAsOf: '2025-03-01',
    expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 },
  });
}

/** A topic of the app, an encrypted one, an imported one or anything at all. */
function targetIn(stack: Stack, kind: unknown): AlertTarget {
  switch (kind) {
    case 0: return AlertTarget.email('finops@example.com');
    case 1: return new CostAlertTopic(stack, 'Alerts').asAlertTarget();
    case 2: return new CostAlertTopic(stack, 'Encrypted', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }).asAlertTarget();
    case 3: return AlertTarget.topic(new sns.Topic(stack, 'Own', { enforceSSL: true }));
    case 4: return AlertTarget.topic(sns.Topic.fromTopicArn(stack, 'Imported', 'arn:aws:sns:us-west-2:111111111111:alerts'));
    default: return kind as AlertTarget;
  }
}

const NAME = fc.stringMatching(/^[a-z][a-z0-9]{0,10}(_[a-z0-9]{1,8})?$/);
const TEXT = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,20}( [a-z0-9]{1,10}){0,3}$/);

describe('random props through synthesis: a CostProfilesError or templates that deploy and alerts that arrive', () => {
  test('CostAllocatedProfile (and its grant)', () => {
    const props = fc.record({
      source: fc.constant(SONNET) as fc.Arbitrary<unknown>,
      costAllocationTags: tagMap as fc.Arbitrary<unknown>,
      profileName: fc.option(NAME, { nil: undefined }) as fc.Arbitrary<unknown>,
      description: fc.option(TEXT, { nil: undefined }) as fc.Arbitrary<unknown>,
      expectedUsage: fc.option(USAGE, { nil: undefined }) as fc.Arbitrary<unknown>,
      pricesAsOf: fc.constantFrom('2025-03-01', '2025-06-30', '2025-12-31', '2026-02-30') as fc.Arbitrary<unknown>,
      priceCatalog: fc.constantFrom(undefined, PriceCatalog.embedded()) as fc.Arbitrary<unknown>,
      stackOutputs: fc.boolean() as fc.Arbitrary<unknown>,
      grantee: fc.constant('role') as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['source', 'costAllocationTags', 'profileName', 'expectedUsage', 'pricesAsOf', 'priceCatalog', 'grantee']), ({ grantee, ...p }) => {
      throughSynth(stack => {
        const profile = new CostAllocatedProfile(stack, 'P', p as any);
        profile.grantInvoke(grantee === 'role' ? new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }) : grantee as any);
      });
    }), RUNS);
  });

  test('ProfileBudget, ProfileSpendAlarm and CostAnomalyAlert, with every kind of alert target', () => {
    const props = fc.record({
      limitUsd: fc.option(amount, { nil: undefined }) as fc.Arbitrary<unknown>,
      thresholdUsdPerHour: fc.option(amount, { nil: undefined }) as fc.Arbitrary<unknown>,
      thresholdUsd: amount as fc.Arbitrary<unknown>,
      budgetName: fc.option(fc.stringMatching(/^[a-z]{1,20}$/), { nil: undefined }) as fc.Arbitrary<unknown>,
      threshold: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }) as fc.Arbitrary<unknown>,
      target: fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['limitUsd', 'thresholdUsdPerHour', 'thresholdUsd', 'threshold', 'target']), p => {
      throughSynth(stack => {
        const profile = profileIn(stack);
        const target = targetIn(stack, p.target);
        const topic = p.target !== 0;
        new ProfileBudget(stack, 'B', {
          profiles: [profile],
          limitUsd: p.limitUsd as any,
          budgetName: p.budgetName as any,
          alertTargets: [target],
          thresholds: p.threshold === undefined ? undefined : [BudgetThreshold.actualPercent(p.threshold as any)],
        });
        new ProfileSpendAlarm(stack, 'A', { profile, thresholdUsdPerHour: p.thresholdUsdPerHour as any, alertTargets: topic ? [target] : [] });
        new CostAnomalyAlert(stack, 'N', {
          tagKey: 'Service',
          tagValues: ['s'],
          thresholdUsd: p.thresholdUsd as any,
          alertTargets: [target],
          frequency: topic ? AnomalyAlertFrequency.IMMEDIATE : AnomalyAlertFrequency.DAILY,
        });
      });
    }), RUNS);
  });

  test('CostAlertTopic, CostAllocationTagActivation, ProfileDashboard, RequiredTagsPolicy', () => {
    const props = fc.record({
      emails: fc.oneof({ weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom('a@example.com', 'finops@example.org'), { maxLength: 2 }) },
        { weight: 1, arbitrary: fc.constant(['a@example.com', 'a@example.com']) }) as fc.Arbitrary<unknown>,
      encryptionKey: fc.constant(undefined) as fc.Arbitrary<unknown>,
      tagKeys: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<unknown>,
      title: fc.option(TEXT, { nil: undefined }) as fc.Arbitrary<unknown>,
      required: fc.constantFrom(['Service'], ['Service'], ['Service'], ['constructor'], ['toString']) as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['emails', 'encryptionKey', 'tagKeys', 'title', 'required']), p => {
      throughSynth((stack, app) => {
        RequiredTagsPolicy.apply(app, { tagKeys: p.required as any });
        new CostAlertTopic(stack, 'T', { emails: p.emails as any, encryptionKey: p.encryptionKey as any });
        new CostAllocationTagActivation(stack, 'K', { tagKeys: p.tagKeys as any });
        new ProfileDashboard(stack, 'D', { title: p.title as any, profiles: [profileIn(stack)] });
      });
    }), RUNS);
  });

  test('BedrockInvocationLogging', () => {
    const props = fc.record({
      logGroupName: fc.option(fc.stringMatching(/^\/[a-z][a-z/]{0,30}$/), { nil: undefined }) as fc.Arbitrary<unknown>,
      takeOverExistingConfiguration: fc.boolean() as fc.Arbitrary<unknown>,
      onDelete: fc.constantFrom(undefined, ...Object.values(InvocationLoggingRemoval)) as fc.Arbitrary<unknown>,
      imageDataDelivery: fc.constantFrom(undefined, false, true) as fc.Arbitrary<unknown>,
      deliveryFailureAlarms: fc.boolean() as fc.Arbitrary<unknown>,
      encryptionKey: fc.constant(undefined) as fc.Arbitrary<unknown>,
      target: fc.integer({ min: 1, max: 4 }) as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['logGroupName', 'onDelete', 'imageDataDelivery', 'encryptionKey', 'target']), ({ target, ...p }) => {
      throughSynth(stack => {
        new BedrockInvocationLogging(stack, 'L', { ...(p as any), alertTargets: [targetIn(stack, target)] });
      });
    }), RUNS);
  });

  test('PlatformVending and BedrockCostDataExport', () => {
    const team = (name: string) => fc.record({
      name: fc.constant(name),
      tags: fc.constant({ Team: name }),
      services: fc.tuple(fc.record({ name: fc.constant('svc'), model: fc.constantFrom(...Array(9).fill(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2.modelId), 'acme.nope') })),
      budget: fc.option(fc.record({ limitUsd: amount, alertEmails: fc.constant(['finops@example.com']) }), { nil: undefined }),
    });
    const props = fc.record({
      teams: fc.tuple(team('a'), team('b')) as fc.Arbitrary<unknown>,
      teamTagKey: fc.constantFrom(...Array(7).fill('Team'), 'constructor') as fc.Arbitrary<unknown>,
      // Valid values mostly; the field oneHostile picks (exportProps) is then anything at all.
      exportProps: fc.oneof({
        weight: 4,
        arbitrary: fc.record({
          profileTagKeys: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), { minLength: 1, maxLength: 3 }),
          principalTagKeys: fc.option(fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), { maxLength: 2 }), { nil: undefined }),
          iamPrincipalData: fc.option(fc.boolean(), { nil: undefined }),
          exportName: fc.option(NAME, { nil: undefined }),
          timeGranularity: fc.option(fc.constantFrom(...Object.values(CurTimeGranularity)), { nil: undefined }),
          prefix: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { nil: undefined }),
          billingPeriodsFrom: fc.option(fc.constantFrom('2026-01', '2025-11'), { nil: undefined }),
          bytesScannedCutoffPerQuery: fc.option(fc.integer({ min: 10 * 1024 ** 2, max: 10 ** 13 }), { nil: undefined }),
          topCallers: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        }, { requiredKeys: ['profileTagKeys'] }),
      }, {
        weight: 1,
        arbitrary: fc.record({
          profileTagKeys: fc.constant(['Team']),
          billingPeriodsFrom: fc.constantFrom('2026-13', '9999-99', '2026-1'),
          topCallers: fc.constantFrom(0, 1001, 2.5),
        }, { requiredKeys: ['profileTagKeys'] }),
      }) as fc.Arbitrary<unknown>,
      projects: fc.option(fc.tuple(fc.record({
        name: fc.constant('proj'),
        model: fc.constantFrom(...Array(9).fill(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2.modelId), 'acme.nope'),
        usage: fc.option(fc.constant(FULL_USAGE), { nil: undefined }),
      })), { nil: undefined }) as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['teams', 'teamTagKey', 'exportProps', 'projects']), p => {
      throughSynth((_stack, app) => {
        const teams = p.projects === undefined || !Array.isArray(p.teams) ? p.teams : [{ ...p.teams[0], projects: p.projects }, ...p.teams.slice(1)];
        const config = { defaults: { teamTagKey: p.teamTagKey, pricesAsOf: '2025-03-01' }, targets: [{ name: 'prod', account: '111122223333', region: 'us-east-1' }], teams };
        new PlatformVending(app, 'V', { config: VendingConfiguration.fromObject(config as any) });
        const payer = new Stack(app, 'Payer', { env: { account: '111111111111', region: 'us-east-1' } });
        new BedrockCostDataExport(payer, 'E', p.exportProps as any);
      });
    }), RUNS);
  });

  test('CostAllocatedProject (and its grant and budget)', () => {
    // Eleven props each checked on its own: about 1 run in 10 passes them all, so more runs, a lower bar.
    minSynthesizedShare = 1 / 20;
    // A forecast needs usage and its model together; the hostile field breaks that now and then.
    const forecast = fc.option(fc.tuple(USAGE.map(u => ({ requestsPerDay: 1000, ...u })),
      fc.constantFrom(...Array(4).fill(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2), BedrockModelId.custom('acme.nope-v1:0'))), { nil: undefined });
    const props = fc.record({
      costAllocationTags: tagMap as fc.Arbitrary<unknown>,
      projectName: fc.option(NAME, { nil: undefined }) as fc.Arbitrary<unknown>,
      forecast: forecast as fc.Arbitrary<unknown>,
      expectedUsage: fc.constant(undefined) as fc.Arbitrary<unknown>,
      forecastModel: fc.constant(undefined) as fc.Arbitrary<unknown>,
      // Mostly good values (each bad one is one in five), or too few runs would reach synthesis.
      pricesAsOf: fc.constantFrom('2025-03-01', '2025-12-31', '2025-12-31', '2025-06-30', '2026-02-30') as fc.Arbitrary<unknown>,
      priceCatalog: fc.constantFrom(undefined, PriceCatalog.embedded()) as fc.Arbitrary<unknown>,
      models: fc.constantFrom(undefined, undefined, ['claude-sonnet-4-5'], [], ['x'.repeat(300)]) as fc.Arbitrary<unknown>,
      limitUsd: fc.option(amount, { nil: undefined }) as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['costAllocationTags', 'projectName', 'expectedUsage', 'forecastModel', 'pricesAsOf', 'priceCatalog', 'models']), ({ models, limitUsd, forecast: f, ...p }) => {
      throughSynth(stack => {
        const [expectedUsage, forecastModel] = (f as [unknown, unknown] | undefined) ?? [p.expectedUsage, p.forecastModel];
        const project = new CostAllocatedProject(stack, 'Project', { ...p, expectedUsage: p.expectedUsage ?? expectedUsage, forecastModel: p.forecastModel ?? forecastModel } as any);
        project.grantInference(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }), models as any);
        const [tagKey, tagValue] = Object.entries(project.costAllocationTags)[0];
        new ProfileBudget(stack, 'B', { tagKey, tagValue, limitUsd: (limitUsd ?? (project.costForecast ? undefined : '100')) as any, alertTargets: [targetIn(stack, 1)] });
      });
    }), { ...RUNS, numRuns: 60 });
  });

  test('PrincipalCostTags', () => {
    const props = fc.record({
      costAllocationTags: tagMap as fc.Arbitrary<unknown>,
      roles: fc.constantFrom('own', 'imported', 'none') as fc.Arbitrary<unknown>,
      // Not users of the app: test/cfn-schemas has no AWS::IAM::User schema to check them with.
      users: fc.constantFrom('imported', 'none') as fc.Arbitrary<unknown>,
      roleNames: fc.option(fc.array(fc.oneof(
        fc.stringMatching(/^[A-Za-z][\w+=,.@-]{0,20}$/),
        fc.constantFrom('arn:aws:iam::111111111111:role/path/app', 'arn:aws:iam::222222222222:role/app', 'arn:aws:iam::1:role/x', '', 'x'.repeat(65)),
      ), { maxLength: 3 }), { nil: undefined }) as fc.Arbitrary<unknown>,
      profiles: fc.boolean() as fc.Arbitrary<unknown>,
    });
    fc.assert(fc.property(oneHostile(props, ['costAllocationTags', 'roles', 'users', 'roleNames', 'profiles']), p => {
      throughSynth(stack => {
        const principals = (kind: unknown, own: () => unknown, imported: () => unknown) =>
          (kind === 'own' ? [own()] : kind === 'imported' ? [imported()] : kind === 'none' ? undefined : kind);
        new PrincipalCostTags(stack, 'Tags', {
          costAllocationTags: p.costAllocationTags as any,
          roles: principals(p.roles, () => new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }),
            () => iam.Role.fromRoleName(stack, 'Imported', 'existing')) as any,
          users: principals(p.users, () => new iam.User(stack, 'User'), () => iam.User.fromUserName(stack, 'ImportedUser', 'existing-user')) as any,
          roleNames: p.roleNames as any,
          profiles: p.profiles === true ? [profileIn(stack)] : p.profiles === false ? undefined : p.profiles as any,
        });
      });
    }), RUNS);
  });
});
