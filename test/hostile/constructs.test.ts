import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AlertTarget,
  BedrockInvocationLogging,
  BedrockModelId,
  BudgetThreshold,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAnomalyAlert,
  PlatformVending,
  ProfileBudget,
  ProfileSource,
  ProfileSpendAlarm,
  RequiredTagsPolicy,
  VendingConfig,
  VendingConfiguration,
  VendingTeam,
} from '../../src';
import { isIsoDate, isIsoMonth } from '../../src/core/iso-date';
import { errorOf } from '../helpers/errors';

/** Hostile props of the kinds issue 12 lists (K1-K4, dates): each a CostProfilesError, never a TypeError or a silent wrong template. */

const SONNET = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);
const EMAIL = AlertTarget.email('finops@example.com');
const USAGE = { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };

function stack(app = new App(), id = 'Svc', account = '111111111111'): Stack {
  return new Stack(app, id, { env: { account, region: 'us-west-2' } });
}
function profile(s: Stack, id = 'P', tags: Record<string, string> = { Service: 's' }): CostAllocatedProfile {
  return new CostAllocatedProfile(s, id, { source: SONNET, costAllocationTags: tags, pricesAsOf: '2025-03-01', expectedUsage: USAGE });
}
const team = (name: string, tags: Record<string, string> = { Team: name }): VendingTeam => ({ name, tags, services: [{ name: 'svc', model: BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2.modelId }] });
const config = (teams: VendingTeam[], extra: Partial<VendingConfig['defaults']> = {}): VendingConfig => ({
  defaults: { pricesAsOf: '2025-03-01', ...extra }, targets: [{ name: 'prod', account: '111122223333', region: 'us-east-1' }], teams,
});

describe('K1: names AWS keeps unique, checked app-wide', () => {
  test('two PlatformVending with the default prefix name their stacks alike: an error, not a replacement at deploy', () => {
    const app = new App();
    new PlatformVending(app, 'First', { config: VendingConfiguration.fromObject(config([team('a')])) });
    const e = errorOf(() => new PlatformVending(app, 'Second', { config: VendingConfiguration.fromObject(config([team('b')])) }));
    expect(e.message).toContain('stackName repeats the stack name "BedrockVending-prod-00" of First/prod/Shard00 in account 111122223333 and Region us-east-1');
    expect(e.fix).toContain('own stackNamePrefix');
    new PlatformVending(app, 'Third', { config: VendingConfiguration.fromObject(config([team('c')])), stackNamePrefix: 'Other' });
  });

  test('a fixed profile name twice in one account and Region; fine in another Region', () => {
    const app = new App();
    new CostAllocatedProfile(stack(app, 'A'), 'P', { source: SONNET, costAllocationTags: { S: 'a' }, profileName: 'checkout' });
    expect(errorOf(() => new CostAllocatedProfile(stack(app, 'B'), 'P', { source: SONNET, costAllocationTags: { S: 'b' }, profileName: 'checkout' })).message)
      .toContain('B/P: profileName repeats the inference profile name "checkout" of A/P in account 111111111111 and Region us-west-2');
    const elsewhere = new Stack(app, 'C', { env: { account: '111111111111', region: 'eu-west-1' } });
    new CostAllocatedProfile(elsewhere, 'P', { source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2), costAllocationTags: { S: 'c' }, profileName: 'checkout' });
  });

  test('a fixed budget name twice in one account, whatever the Region; an environment-agnostic stack clashes with any', () => {
    const app = new App();
    const a = stack(app, 'A');
    new ProfileBudget(a, 'B', { profiles: [profile(a)], alertTargets: [EMAIL], budgetName: 'team-a' });
    const b = new Stack(app, 'B2', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(errorOf(() => new ProfileBudget(b, 'B', { tagKey: 'Service', tagValue: 's', limitUsd: '10', alertTargets: [EMAIL], budgetName: 'team-a' })).message)
      .toContain('repeats the budget name "team-a" of A/B in account 111111111111');
    const agnostic = new Stack(app, 'Agnostic');
    expect(errorOf(() => new ProfileBudget(agnostic, 'B', { tagKey: 'Service', tagValue: 's', limitUsd: '10', alertTargets: [EMAIL], budgetName: 'team-a' })).message)
      .toContain('possibly the same account');
  });
});

describe('K2: a team tag value belongs to one team', () => {
  test('two teams with one value is an error naming both; allowed only when said so', () => {
    const shared = config([team('a', { Team: 'payments' }), team('b', { Team: 'payments' })]);
    expect(errorOf(() => new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject(shared) })).message)
      .toContain('teams[1]: repeats the Team tag value "payments" of teams[0]: their budgets would overlap');
    new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject({ ...shared, defaults: { ...shared.defaults, allowSharedTeamTags: true } }) });
  });

  test('a service may not move itself into another team\'s budget with its own team tag', () => {
    const sneaky = team('a');
    const cfg = config([{ ...sneaky, services: [{ ...sneaky.services[0], tags: { Team: 'b' } }] }, team('b')]);
    expect(errorOf(() => new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject(cfg) })).message)
      .toContain('teams[0].services[0].tags: sets the team tag Team to "b", another value than its team\'s');
  });
});

describe('K3: prototype keys and objects that are not what they claim', () => {
  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a team tag key or required tag named %s is an ordinary (missing) key', key => {
    const cfg = config([team('a')], { teamTagKey: key });
    expect(errorOf(() => new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject(cfg) })).message).toContain(`has no "${key}" tag`);
    const required = config([team('a')], { requiredTags: [key] });
    expect(errorOf(() => new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject(required) })).message).toContain(`missing the required tag ${key}`);
    const app = new App();
    RequiredTagsPolicy.apply(app, { tagKeys: [key] });
    profile(stack(app));
    expect(() => app.synth()).toThrow(key);
  });

  test('a budget tag key named constructor matches no profile tag', () => {
    const s = stack();
    expect(errorOf(() => new ProfileBudget(s, 'B', { profiles: [profile(s)], tagKey: 'constructor', tagValue: 'x', alertTargets: [EMAIL] })).message)
      .toContain('whose constructor is null');
  });

  test('grantInvoke(null), priceCatalog: {}, encryptionKey: {}, a fake topic', () => {
    const s = stack();
    const p = profile(s);
    expect(errorOf(() => p.grantInvoke(null as any)).message).toContain('Svc/P: grantInvoke(grantee) must be an IAM principal');
    expect(errorOf(() => p.grantGetProfile({} as any)).message).toContain('grantGetProfile(grantee) must be an IAM principal');
    expect(errorOf(() => new CostAllocatedProfile(s, 'Q', { source: SONNET, costAllocationTags: { S: 'q' }, expectedUsage: USAGE, priceCatalog: {} as any })).message)
      .toContain('priceCatalog must be a PriceCatalog');
    expect(errorOf(() => new ProfileSpendAlarm(s, 'A', { profile: p, priceCatalog: {} as any })).message).toContain('priceCatalog must be a PriceCatalog');
    expect(errorOf(() => new CostAlertTopic(s, 'T', { encryptionKey: {} as any })).message).toContain('encryptionKey must be a KMS key');
    expect(errorOf(() => new BedrockInvocationLogging(s, 'L', { encryptionKey: { keyArn: 'arn' } as any })).message).toContain('encryptionKey must be a KMS key');
    expect(errorOf(() => new ProfileSpendAlarm(s, 'A2', { profile: p, alertTargets: [AlertTarget.topic({ topicArn: 'arn:aws:sns:us-west-2:1:t' } as any)] })).message)
      .toContain('is not an SNS topic');
  });
});

describe('K4: amounts a budget can hold exactly', () => {
  test.each([
    ['1e309', 'must be a positive amount in USD written as a decimal string'],
    ['1e3', 'must be a positive amount in USD written as a decimal string'],
    ['10000000000000', 'must be below 10^13 USD'],
    ['99999999999999999', 'must be below 10^13 USD'],
    ['12.1234567', 'has 7 decimals; at most 6 are allowed'],
    ['0', 'must be a positive amount'],
    ['-5', 'written as a decimal string'],
    [' 5', 'written as a decimal string'],
  ])('limitUsd %j: %s', (limitUsd, message) => {
    const s = stack();
    expect(errorOf(() => new ProfileBudget(s, 'B', { tagKey: 'Service', tagValue: 's', limitUsd, alertTargets: [EMAIL] })).message).toContain(message);
  });

  test('the largest limit, with 6 decimals, is rounded up to the cent in the template and the report alike', () => {
    const s = stack();
    const b = new ProfileBudget(s, 'B', { tagKey: 'Service', tagValue: 's', limitUsd: '9999999999999.123456', alertTargets: [EMAIL] });
    expect(b.limitUsd).toBe('9999999999999.13');
    const amount = Object.values<any>(Template.fromStack(s).findResources('AWS::Budgets::Budget'))[0].Properties.Budget.BudgetLimit.Amount;
    expect(String(amount)).toBe(b.limitUsd);
  });

  test('thresholds of spend alarms and anomaly alerts are bounded alike', () => {
    const s = stack();
    expect(errorOf(() => new ProfileSpendAlarm(s, 'A', { profile: profile(s), thresholdUsdPerHour: '1e309' })).message).toContain('thresholdUsdPerHour must be a positive amount in USD per hour');
    expect(errorOf(() => new CostAnomalyAlert(s, 'X', { tagKey: 'Service', tagValues: ['s'], thresholdUsd: '10000000000000', alertTargets: [EMAIL] })).message)
      .toContain('thresholdUsd must be below 10^13 USD');
    expect(errorOf(() => new ProfileBudget(s, 'B', { tagKey: 'Service', tagValue: 's', limitUsd: '10', alertTargets: [EMAIL], thresholds: [BudgetThreshold.actualUsd('1e400')] })).message)
      .toContain('thresholds[0] must be an amount in USD');
  });
});

describe('one ISO date check for every date', () => {
  test.each([
    ['2026-02-28', true], ['2024-02-29', true], ['2026-02-29', false], ['2026-02-30', false], ['2100-02-29', false], ['2000-02-29', true],
    ['9999-99-99', false], ['2026-13-01', false], ['2026-00-10', false], ['2026-04-31', false], ['2026-12-31', true], ['0999-01-01', false],
    ['2026-1-01', false], ['2026-01-01T00:00:00Z', false], [' 2026-01-01', false],
  ])('%s: %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  test('it round-trips: every date it accepts is the date JavaScript writes back', () => {
    for (let day = Date.UTC(2023, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
      const text = new Date(day).toISOString().slice(0, 10);
      expect([text, isIsoDate(text)]).toEqual([text, true]);
    }
    expect(isIsoMonth('2026-12')).toBe(true);
    expect(isIsoMonth('2026-13')).toBe(false);
  });

  test('pricesAsOf 9999-99-99 or 2026-02-30 on a profile, an alarm and in vending is an error', () => {
    const s = stack();
    for (const date of ['9999-99-99', '2026-02-30']) {
      expect(errorOf(() => new CostAllocatedProfile(s, `P${date}`, { source: SONNET, costAllocationTags: { S: 'x' }, expectedUsage: USAGE, pricesAsOf: date })).message)
        .toContain('must be a date YYYY-MM-DD');
      expect(errorOf(() => new ProfileSpendAlarm(s, `A${date}`, { profile: profile(s, `Q${date}`), pricesAsOf: date })).message).toContain('pricesAsOf must be a date');
    }
    const cfg = config([{ ...team('a'), services: [{ ...team('a').services[0], usage: USAGE }] }], { pricesAsOf: '2026-02-30' });
    expect(() => new PlatformVending(new App(), 'V', { config: VendingConfiguration.fromObject(cfg) })).toThrow(/2026-02-30/);
  });
});

describe('K1: a hand-made stack named like a vending shard', () => {
  test('is an error at synthesis naming both, in the same account and Region or an unspecified one; fine elsewhere', () => {
    const app = new App();
    new PlatformVending(app, 'V', { config: VendingConfiguration.fromObject(config([team('a')])) });
    new Stack(app, 'Elsewhere', { stackName: 'BedrockVending-prod-00', env: { account: '111122223333', region: 'eu-west-1' } });
    new Stack(app, 'Other', { stackName: 'BedrockVending-prod-01', env: { account: '111122223333', region: 'us-east-1' } });
    app.synth();

    for (const env of [{ account: '111122223333', region: 'us-east-1' }, undefined]) {
      const clash = new App();
      new PlatformVending(clash, 'V', { config: VendingConfiguration.fromObject(config([team('a')])) });
      new Stack(clash, 'Mine', { stackName: 'BedrockVending-prod-00', env });
      expect(() => clash.synth()).toThrow(/the stack Mine is named BedrockVending-prod-00, like the vending shard V\/prod\/Shard00/);
    }
  });
});
