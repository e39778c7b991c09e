import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConsumerRolePolicy } from './consumer-role-policy';
import { PlannedTeam, VendingPlan } from './vending-plan';
import { AlertTarget } from '../budgets/alert-target';
import { CostAlertTopic } from '../budgets/cost-alert-topic';
import { ProfileBudget } from '../budgets/profile-budget';
import { ProfileSpendAlarm } from '../budgets/spend-alarm';
import { ownValue } from '../core/records';
import { BedrockModelId } from '../profiles/bedrock-model-id';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { CrossRegionGeo } from '../profiles/cross-region-geo';
import { ProfileSource } from '../profiles/profile-source';

/** Resources one team adds to its stack, and about how many template bytes (see the tests). */
export interface TeamFootprint {
  readonly resources: number;
  readonly bytes: number;
}

/** Measured template bytes per resource, rounded up with a margin (the tests keep them honest). */
const BYTES = {
  profile: 1_000,
  parameter: 500,
  alarm: 2_400,
  budget: 2_400,
  topic: 2_000,
  subscription: 400,
  policy: 600,
  grant: 1_600,
};

/** What `VendedTeam` will create, computed from the plan alone (for shard placement). */
export function teamFootprint(team: PlannedTeam): TeamFootprint {
  const services = team.services.length;
  // Hand-off parameters: ARN, id, model, destination Regions, and geography for cross-Region sources.
  const parameters = services * 4 + team.services.filter(s => s.geo !== undefined).length;
  const alarms = team.services.filter(s => s.spendAlarm).length;
  const topicResources = needsTopic(team) ? 2 + team.alertEmails.length : 0;
  const consumers = new Set(team.services.flatMap(s => s.consumers.map(c => c.roleName))).size;
  const grants = team.services.reduce((n, s) => n + s.consumers.length, 0);
  const budget = team.budget ? 1 : 0;
  return {
    resources: services + parameters + alarms + topicResources + consumers + budget,
    bytes: services * BYTES.profile + parameters * BYTES.parameter + alarms * BYTES.alarm + budget * BYTES.budget
      + (needsTopic(team) ? BYTES.topic + team.alertEmails.length * BYTES.subscription : 0)
      + consumers * BYTES.policy + grants * BYTES.grant,
  };
}

/** Spend alarms notify SNS only: a team with alarms and alert emails (but no topic) gets one. */
function needsTopic(team: PlannedTeam): boolean {
  return team.services.some(s => s.spendAlarm) && team.alertTopicArn === undefined && team.alertEmails.length > 0;
}

/** One team's profiles, grants, hand-off parameters, spend alarms and budget, in one stack. */
export class VendedTeam extends Construct {
  public readonly profiles: CostAllocatedProfile[];

  constructor(scope: Construct, id: string, plan: VendingPlan, team: PlannedTeam) {
    super(scope, id);
    const alertTopic: sns.ITopic | undefined = team.alertTopicArn !== undefined
      ? sns.Topic.fromTopicArn(this, 'AlertTopic', team.alertTopicArn)
      : needsTopic(team) ? new CostAlertTopic(this, 'Alerts', { emails: team.alertEmails }).topic : undefined;
    const roles = new Map<string, ConsumerRolePolicy>();
    const role = (name: string) => {
      let r = roles.get(name);
      if (r === undefined) {
        r = new ConsumerRolePolicy(this, `Consumer-${name}`, name);
        roles.set(name, r);
      }
      return r;
    };

    this.profiles = team.services.map(service => {
      const model = BedrockModelId.custom(service.model);
      const profile = new CostAllocatedProfile(this, `Profile-${service.name}`, {
        source: service.geo === undefined
          ? ProfileSource.foundationModel(model)
          : ProfileSource.crossRegion(CrossRegionGeo.fromPrefix(service.geo), model),
        costAllocationTags: service.tags,
        description: service.description,
        ssmParameterPrefix: `${plan.ssmParameterPrefix}/${team.name}/${service.name}`,
        expectedUsage: service.usage,
        priceCatalog: plan.priceCatalog,
        pricesAsOf: plan.pricesAsOf,
      });
      for (const consumer of service.consumers) {
        profile.grantInvoke(role(consumer.roleName));
        profile.grantGetProfile(role(consumer.roleName));
      }
      if (service.spendAlarm) {
        new ProfileSpendAlarm(this, `SpendRate-${service.name}`, {
          profile,
          alertTargets: alertTopic ? [AlertTarget.topic(alertTopic)] : [],
          priceCatalog: plan.priceCatalog,
          pricesAsOf: plan.pricesAsOf,
        });
      }
      return profile;
    });

    if (team.budget) {
      new ProfileBudget(this, 'Budget', {
        profiles: this.profiles,
        tagKey: plan.teamTagKey,
        tagValue: ownValue(team.tags, plan.teamTagKey),
        limitUsd: team.budget.limitUsd,
        headroom: team.budget.headroom,
        alertTargets: [
          ...team.budget.alertEmails.map(e => AlertTarget.email(e)),
          ...(team.budget.alertTopicArn !== undefined && alertTopic ? [AlertTarget.topic(alertTopic)] : []),
        ],
      });
    }
  }
}
