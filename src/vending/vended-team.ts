import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConsumerRolePolicy } from './consumer-role-policy';
import { TeamAlertTopic } from './team-alert-topic';
import { consumersOf, PlannedTeam, VendingPlan } from './vending-plan';
import { AlertTarget } from '../budgets/alert-target';
import { ProfileBudget } from '../budgets/profile-budget';
import { ProfileSpendAlarm } from '../budgets/spend-alarm';
import { ownValue } from '../core/records';
import { PrincipalCostTags } from '../principals/principal-cost-tags';
import { BedrockModelId } from '../profiles/bedrock-model-id';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { CrossRegionGeo } from '../profiles/cross-region-geo';
import { ProfileSource } from '../profiles/profile-source';
import { CostAllocatedProject } from '../projects/cost-allocated-project';

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
  project: 600,
  projectGrant: 400,
  principalTag: 1_000,
  tagger: 4_000,
};
/** The tagging function of PrincipalCostTags: its role, policy, log group and function (once per stack, counted per team). */
const TAGGER_RESOURCES = 4;

/** What `VendedTeam` will create, computed from the plan alone (for shard placement). */
export function teamFootprint(team: PlannedTeam): TeamFootprint {
  const services = team.services.length;
  // Hand-off parameters: ARN, id, model, destination Regions, and geography for cross-Region sources.
  const parameters = services * 4 + team.services.filter(s => s.geo !== undefined).length;
  const alarms = team.services.filter(s => s.spendAlarm).length;
  const topicResources = needsTopic(team) ? 2 + team.alertEmails.length : 0;
  const consumers = consumersOf(team).length;
  const grants = team.services.reduce((n, s) => n + s.consumers.length, 0);
  const projectGrants = team.projects.reduce((n, p) => n + p.consumers.length, 0);
  const budget = team.budget ? 1 : 0;
  // One custom resource per consumer role and tag key, and the tagging function.
  const principalTags = team.tagConsumerRoles && consumers > 0 ? consumers * Object.keys(team.tags).length : 0;
  const tagger = principalTags > 0 ? TAGGER_RESOURCES : 0;
  return {
    resources: services + parameters + team.projects.length + alarms + topicResources + consumers + budget + principalTags + tagger,
    bytes: services * BYTES.profile + parameters * BYTES.parameter + alarms * BYTES.alarm + budget * BYTES.budget
      + (needsTopic(team) ? BYTES.topic + team.alertEmails.length * BYTES.subscription : 0)
      + consumers * BYTES.policy + grants * BYTES.grant
      + team.projects.length * BYTES.project + projectGrants * BYTES.projectGrant
      + principalTags * BYTES.principalTag + (tagger > 0 ? BYTES.tagger : 0),
  };
}

/** Spend alarms notify SNS only: a team with alarms and alert emails (but no topic) gets one. */
function needsTopic(team: PlannedTeam): boolean {
  return team.services.some(s => s.spendAlarm) && team.alertTopicArn === undefined && team.alertEmails.length > 0;
}

/** One team's profiles, projects, grants, hand-off parameters, spend alarms and budget, in one stack. */
export class VendedTeam extends Construct {
  public readonly profiles: CostAllocatedProfile[];
  public readonly projects: CostAllocatedProject[];

  constructor(scope: Construct, id: string, plan: VendingPlan, team: PlannedTeam) {
    super(scope, id);
    const importedTopic = team.alertTopicArn !== undefined ? sns.Topic.fromTopicArn(this, 'AlertTopic', team.alertTopicArn) : undefined;
    // The template of a CostAlertTopic, whose policy lets CloudWatch alarms publish.
    const teamTopic = importedTopic === undefined && needsTopic(team) ? new TeamAlertTopic(this, 'Alerts', team.alertEmails) : undefined;
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
        const alarm = new ProfileSpendAlarm(this, `SpendRate-${service.name}`, {
          profile,
          alertTargets: importedTopic ? [AlertTarget.topic(importedTopic)] : [],
          priceCatalog: plan.priceCatalog,
          pricesAsOf: plan.pricesAsOf,
        });
        if (teamTopic) {
          alarm._addAlarmActionArn(teamTopic.topicArn);
        }
      }
      return profile;
    });

    this.projects = team.projects.map(p => {
      const project = new CostAllocatedProject(this, `Project-${p.name}`, {
        projectName: `${team.name}-${p.name}`,
        costAllocationTags: p.tags,
        expectedUsage: p.usage,
        forecastModel: p.usage !== undefined && p.model !== undefined ? BedrockModelId.custom(p.model) : undefined,
        priceCatalog: plan.priceCatalog,
        pricesAsOf: plan.pricesAsOf,
      });
      for (const consumer of p.consumers) {
        project.grantInference(role(consumer.roleName), p.models);
      }
      return project;
    });

    if (team.tagConsumerRoles && roles.size > 0) {
      // The consumers carry the team's tags: Bedrock bills their calls to iamPrincipal/<key> too.
      new PrincipalCostTags(this, 'ConsumerTags', {
        costAllocationTags: team.tags,
        roleNames: consumersOf(team).map(c => c.ref),
        profiles: this.profiles,
      });
    }

    if (team.budget) {
      new ProfileBudget(this, 'Budget', {
        profiles: this.profiles,
        projects: this.projects,
        tagKey: plan.teamTagKey,
        tagValue: ownValue(team.tags, plan.teamTagKey),
        limitUsd: team.budget.limitUsd,
        headroom: team.budget.headroom,
        alertTargets: [
          ...team.budget.alertEmails.map(e => AlertTarget.email(e)),
          ...(team.budget.alertTopicArn !== undefined && importedTopic ? [AlertTarget.topic(importedTopic)] : []),
        ],
      });
    }
  }
}
