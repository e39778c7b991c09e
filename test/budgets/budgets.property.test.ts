import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import {
  AlertTarget,
  BedrockModelId,
  BudgetThreshold,
  CostAlertTopic,
  CostAllocatedProfile,
  CostAllocationTagActivation,
  CostAnomalyAlert,
  ProfileBudget,
  ProfileSource,
  ProfileSpendAlarm,
} from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { anyValue } from '../helpers/arbitraries';

const RUNS = { numRuns: 1000 };
let counter = 0;

const stack = new Stack(new App(), 'Svc', { env: { region: 'us-west-2' } });
const profile = new CostAllocatedProfile(stack, 'P', {
  source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
  costAllocationTags: { Service: 's', Team: 't' },
  pricesAsOf: '2025-03-01',
  expectedUsage: { daysPerMonth: 30, requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 },
});
const topic = new CostAlertTopic(stack, 'Alerts');

/** Succeeds, or throws a CostProfilesError located at the construct; anything else fails the property. */
function expectOurError(id: string, build: () => unknown): void {
  try {
    build();
  } catch (e) {
    if (!(e instanceof CostProfilesError)) {
      throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
    expect(e.message.startsWith(`Svc/${id}: `)).toBe(true);
  }
}

const threshold = fc.oneof(
  fc.double().map(n => BudgetThreshold.actualPercent(n)),
  fc.integer({ min: -5, max: 200 }).map(n => BudgetThreshold.forecastedPercent(n)),
  fc.string().map(t => BudgetThreshold.actualUsd(t)),
  anyValue,
);
const target = fc.oneof(fc.string().map(e => AlertTarget.email(e)), fc.constant(AlertTarget.topic(topic.topic)), fc.constant(AlertTarget.email('a@example.com')), anyValue);

describe('random props give a CostProfilesError or a construct, never a crash', () => {
  test('ProfileBudget', () => {
    fc.assert(fc.property(fc.record({
      profiles: fc.oneof(fc.constant([profile]), fc.constant([]), anyValue, fc.array(anyValue, { maxLength: 2 })),
      tagKey: fc.oneof(fc.constantFrom('Service', 'Team', 'Nope'), fc.string(), anyValue),
      tagValue: fc.oneof(fc.constantFrom('s', 't'), fc.string(), anyValue),
      limitUsd: fc.oneof(fc.stringMatching(/^\d{1,6}(\.\d{1,4})?$/), fc.string(), anyValue),
      headroom: fc.oneof(fc.double(), anyValue),
      thresholds: fc.oneof(fc.array(threshold, { maxLength: 12 }), anyValue),
      alertTargets: fc.oneof(fc.array(target, { maxLength: 12 }), anyValue),
      plannedLimitsFrom: fc.oneof(fc.stringMatching(/^\d{4}-\d{2}$/), fc.string(), anyValue),
      budgetName: fc.oneof(fc.string({ maxLength: 120 }), anyValue),
    }, { requiredKeys: [] }), props => {
      const id = `B${counter++}`;
      expectOurError(id, () => new ProfileBudget(stack, id, props as any));
    }), RUNS);
  });

  test('ProfileSpendAlarm', () => {
    fc.assert(fc.property(fc.record({
      profile: fc.oneof(fc.constant(profile), anyValue),
      thresholdUsdPerHour: fc.oneof(fc.string(), fc.stringMatching(/^\d{1,3}(\.\d{1,3})?$/), anyValue),
      forecastMultiplier: fc.oneof(fc.double(), anyValue),
      evaluationPeriods: fc.oneof(fc.integer({ min: -2, max: 400 }), anyValue),
      alertTargets: fc.oneof(fc.array(target, { maxLength: 3 }), anyValue),
      pricesAsOf: fc.oneof(fc.constant('2025-03-01'), fc.string(), anyValue),
    }, { requiredKeys: [] }), props => {
      const id = `A${counter++}`;
      expectOurError(id, () => new ProfileSpendAlarm(stack, id, props as any));
    }), RUNS);
  });

  test('CostAlertTopic, CostAnomalyAlert and CostAllocationTagActivation', () => {
    const values = fc.array(fc.string(), { maxLength: 3 });
    fc.assert(fc.property(anyValue, values, anyValue, fc.string(), anyValue, (emails, tagValues, frequency, thresholdUsd, keys) => {
      const t = `T${counter++}`;
      expectOurError(t, () => new CostAlertTopic(stack, t, { emails: emails as any }));
      const a = `N${counter++}`;
      expectOurError(a, () => new CostAnomalyAlert(stack, a, { tagKey: 'Service', tagValues, thresholdUsd, frequency: frequency as any, alertTargets: [AlertTarget.email('a@example.com')] }));
      const k = `K${counter++}`;
      expectOurError(k, () => new CostAllocationTagActivation(stack, k, { tagKeys: keys as any }));
    }), RUNS);
  });
});
