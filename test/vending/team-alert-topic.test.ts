import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BedrockModelId, CostAlertTopic, CostAllocatedProfile, ProfileSource, ProfileSpendAlarm } from '../../src';
import { TeamAlertTopic } from '../../src/vending/team-alert-topic';
import { alertDelivery } from '../helpers/alert-delivery';

const ENV = { account: '111122223333', region: 'eu-west-1' };
const EMAILS = ['finops@example.com', 'team-a@example.com'];

function template(build: (team: Construct) => void, env: { account?: string; region?: string } = ENV) {
  const stack = new Stack(new App(), 'Shard00', { env });
  build(new Construct(stack, 'team-a'));
  return stack.resolve((stack as any)._toCloudFormation());
}

describe('TeamAlertTopic: a CostAlertTopic rendered as L1', () => {
  test.each([
    ['an account and Region', ENV],
    ['an environment-agnostic stack', {}],
  ])('the same resources, logical ids and policy as CostAlertTopic (%s)', (_what, env) => {
    const l2 = template(team => new CostAlertTopic(team, 'Alerts', { emails: EMAILS }), env);
    const l1 = template(team => new TeamAlertTopic(team, 'Alerts', EMAILS), env);
    expect(JSON.stringify(l1.Resources)).toEqual(JSON.stringify(l2.Resources));
    expect(Object.keys(l1.Resources)).toHaveLength(4);
  });

  test('a spend alarm notifying it provably reaches it (the topic policy allows CloudWatch alarms of this account and Region)', () => {
    const stack = new Stack(new App(), 'Shard00', { env: ENV });
    const team = new Construct(stack, 'team-a');
    const topic = new TeamAlertTopic(team, 'Alerts', EMAILS);
    const profile = new CostAllocatedProfile(team, 'Profile-search', {
      source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5),
      costAllocationTags: { Team: 'team-a' },
    });
    const alarm = new ProfileSpendAlarm(team, 'SpendRate-search', { profile, thresholdUsdPerHour: '5' });
    alarm._addAlarmActionArn(topic.topicArn);
    const delivery = alertDelivery([{ stack, template: stack.resolve((stack as any)._toCloudFormation()) }]);
    expect(delivery).toEqual({ routes: 1, problems: [], external: [] });
  });
});
