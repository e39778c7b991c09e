import { Annotations, Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertPublisher, AlertTarget, allowToPublish } from './alert-target';
import { BudgetTagSource } from './budget-tag-source';
import { BudgetNotificationType, BudgetThreshold } from './budget-threshold';
import {
  BudgetMember, checkBudgetName, checkHeadroom, checkPrincipals, checkProfiles, checkProjects, checkTagSource, derivedName, plannedLimits, tagsOf,
} from './profile-budget-checks';
import { ownValue } from '../core/records';
import { claimUniqueName } from '../core/unique-names';
import { checkString, fail } from '../core/validation';
import { CostForecast } from '../pricing/cost-forecast';
import { Dec } from '../pricing/decimal';
import { MAX_USD, MAX_USD_TEXT, parseUsd } from '../pricing/usd-amount';
import { PrincipalCostTags } from '../principals/principal-cost-tags';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';
import { TAG_KEY_RULE, TAG_VALUE_RULE } from '../profiles/profile-rules';
import { CostAllocatedProject } from '../projects/cost-allocated-project';
import { contributeToCostReport } from '../report/cost-report';
import { BudgetDescription } from '../report/report-model';

/** AWS Budgets limits, checked at synth. */
const MAX_NOTIFICATIONS = 10;
const MAX_EMAILS = 10;
const MAX_TOPICS = 1;

/**
 * Properties of a `ProfileBudget`.
 *
 * @example
 * // A fixed limit on one tag value, without a forecast.
 * new ProfileBudget(this, 'CommerceBudget', {
 *   tagKey: 'Team',
 *   tagValue: 'commerce',
 *   limitUsd: '2500.00',
 *   thresholds: [BudgetThreshold.actualPercent(80), BudgetThreshold.forecastedPercent(100)],
 *   alertTargets: [AlertTarget.topic(topic)],
 * });
 */
export interface ProfileBudgetProps {
  /**
   * The profiles the budget covers: one profile, or several sharing a cost-allocation tag
   * value (e.g. every profile tagged `Team=search`). Their forecasts add up to the limit.
   *
   * @default - none: give tagKey, tagValue and limitUsd
   */
  readonly profiles?: ICostAllocatedProfile[];

  /**
   * Bedrock projects the budget covers, with the profiles: their tags and forecasts count the
   * same way.
   *
   * @default - none
   */
  readonly projects?: CostAllocatedProject[];

  /**
   * Filter on the tags of the calling IAM principals instead of the profiles' tags.
   *
   * @default BudgetTagSource.PROFILE_TAGS, or PRINCIPAL_TAGS when `principals` is given
   */
  readonly tagSource?: BudgetTagSource;

  /**
   * Tagged IAM principals the budget covers (with `BudgetTagSource.PRINCIPAL_TAGS`): their one
   * shared tag is the filter unless `tagKey` is given, and the forecasts of the profiles they
   * call add up to the limit.
   *
   * @default - none
   */
  readonly principals?: PrincipalCostTags[];

  /**
   * The cost-allocation tag key the budget filters on.
   *
   * @default - the one tag the profiles share
   */
  readonly tagKey?: string;

  /**
   * The tag value the budget filters on.
   *
   * @default - the profiles' value of tagKey
   */
  readonly tagValue?: string;

  /**
   * A fixed monthly limit in USD, as a decimal string ('1500' or '1234.56'); rounded up to the
   * cent.
   *
   * @default - the profiles' expected monthly cost × (1 + headroom), rounded up to the cent
   */
  readonly limitUsd?: string;

  /**
   * Headroom over the forecast for the derived limit, e.g. 0.2 for 20% over.
   *
   * @default 0.2
   */
  readonly headroom?: number;

  /**
   * When to notify (at most 10).
   *
   * @default BudgetThreshold.defaults(): actual spend at 50, 80 and 100%, forecasted at 100%
   */
  readonly thresholds?: BudgetThreshold[];

  /** Who to notify: up to 10 email addresses and one SNS topic. */
  readonly alertTargets: AlertTarget[];

  /**
   * Use planned monthly limits from the growth forecast, for 12 months starting with this month
   * (YYYY-MM). AWS requires the first planned month to be the current month when the budget is
   * created or updated, so set it to the month you deploy.
   *
   * @default - one fixed limit for every month
   */
  readonly plannedLimitsFrom?: string;

  /**
   * The budget name. Budget names are unique per account, and the notifications are
   * create-only: changing a threshold or subscriber replaces the budget, which fails with a
   * fixed name.
   *
   * @default - derived from the stack, the construct path and a hash of the notifications, so
   * it is unique and changes when a replacement needs it
   */
  readonly budgetName?: string;
}


/**
 * An AWS Budgets cost budget for one or more application inference profiles, filtered by
 * their cost-allocation tag (never by service name: third-party models such as Claude bill
 * under their own Marketplace service names). The limit comes from the profiles' forecast plus
 * headroom, or is given.
 *
 * Budgets refresh up to three times a day; pair them with a `ProfileSpendAlarm` for a fast
 * guardrail. The tag must be activated as a cost-allocation tag in the payer account
 * (`CostAllocationTagActivation`) before the budget sees any spend.
 *
 * @resource AWS::Budgets::Budget
 *
 * @example
 * // Limit: the profiles' expected monthly cost + 20%, filtered by the tag they share.
 * new ProfileBudget(this, 'SearchBudget', {
 *   profiles: [service1],
 *   alertTargets: [alerts.asAlertTarget(), AlertTarget.email('search-leads@example.com')],
 * });
 */
export class ProfileBudget extends Construct {
  /** The budget name (given or derived). */
  public readonly budgetName: string;
  /** The monthly limit in USD (decimal string, cents); the first month's with planned limits. */
  public readonly limitUsd: string;
  /** The tag key filtered on. */
  public readonly tagKey: string;
  /** The tag value filtered on. */
  public readonly tagValue: string;
  /** The filter, as Budgets and Cost Explorer name it: `user:<key>$<value>`, or `iamPrincipal/<key>$<value>` for principal tags. */
  public readonly costFilter: string;
  /** Whose tags the budget filters on. */
  public readonly tagSource: BudgetTagSource;
  private readonly description: BudgetDescription;

  constructor(scope: Construct, id: string, props: ProfileBudgetProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', 'Pass at least { profiles, alertTargets }.', props);
    }
    const principals = checkPrincipals(this, props.principals);
    this.tagSource = checkTagSource(this, props.tagSource, principals.length > 0);
    const byPrincipal = this.tagSource === BudgetTagSource.PRINCIPAL_TAGS;
    if (principals.length > 0 && !byPrincipal) {
      fail(this, 'principals', 'only count with tagSource BudgetTagSource.PRINCIPAL_TAGS', 'Leave tagSource out, or drop principals.', props.tagSource);
    }
    const given = [...checkProfiles(this, props.profiles), ...checkProjects(this, props.projects)];
    const profiles = [...new Set([...given, ...principals.flatMap(p => p.profiles)])];
    const { key, value } = byPrincipal
      ? this.resolveTag('principals', principals, principals.map(p => p.costAllocationTags), props.tagKey, props.tagValue)
      : this.resolveTag('profiles', profiles, profiles.map(tagsOf), props.tagKey, props.tagValue);
    this.tagKey = key;
    this.tagValue = value;
    this.costFilter = byPrincipal ? `${PrincipalCostTags.costAllocationKey(key)}$${value}` : `user:${key}$${value}`;

    const headroom = checkHeadroom(this, props.headroom);
    const limits = this.resolveLimits(profiles, props, headroom);
    this.limitUsd = limits.monthly[0].toFixed(2);

    const notifications = this.notifications(props);
    this.budgetName = props.budgetName === undefined
      ? derivedName(this, notifications)
      : checkBudgetName(this, props.budgetName);
    if (props.budgetName !== undefined) {
      // Budget names are unique per account, across Regions.
      claimUniqueName(this, 'budget name', this.budgetName, 'budgetName', 'Give each budget its own name, or omit budgetName.', false);
    }

    const planned = props.plannedLimitsFrom === undefined ? undefined : plannedLimits(this, props.plannedLimitsFrom, limits.monthly);
    new budgets.CfnBudget(this, 'Resource', {
      budget: {
        budgetName: this.budgetName,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        // A cent amount has at most 15 significant digits below 10^13 USD, so the JSON number is exact.
        budgetLimit: planned ? undefined : { amount: Number(this.limitUsd), unit: 'USD' },
        plannedBudgetLimits: planned?.json,
        // Principal tags: a FilterExpression on iamPrincipal/<key>, the form Cost Explorer uses
        // (the legacy CostFilters spell only resource tags, with user:).
        ...(byPrincipal
          ? { filterExpression: { tags: { key: PrincipalCostTags.costAllocationKey(key), values: [value], matchOptions: ['EQUALS'] } }, metrics: ['UnblendedCost'] }
          : { costFilters: { TagKeyValue: [this.costFilter] } }),
      },
      notificationsWithSubscribers: notifications.map(n => n.cfn),
      resourceTags: [{ key: 'ManagedBy', value: 'cdk-bedrock-cost-profiles' }],
    });

    this.description = {
      path: this.node.path,
      budgetName: this.budgetName,
      tagKey: key,
      tagValue: value,
      costFilter: this.costFilter,
      limitUsd: this.limitUsd,
      limitSource: limits.source,
      headroom: limits.source === 'forecast' ? headroom.toFixed() : undefined,
      plannedLimits: planned?.months,
      thresholds: notifications.map(n => ({ notificationType: n.type, thresholdType: n.thresholdType, value: n.value.toFixed() })),
      emailSubscribers: notifications[0]?.emails ?? 0,
      snsSubscribers: notifications[0]?.topics ?? 0,
      profiles: profiles.map(p => p.node.path),
      attribution: byPrincipal ? 'principal' : undefined,
    };
    contributeToCostReport(this, { budget: () => this.description });
  }

  /**
   * What the cost report records.
   * @internal
   */
  public _describe(): BudgetDescription {
    return this.description;
  }

  /** The tag the budget filters on: given, or the one tag the members (profiles, projects or principals) share. */
  private resolveTag(
    label: string, members: Construct[], memberTags: Array<Record<string, string> | undefined>,
    tagKey: string | undefined, tagValue: string | undefined,
  ): { key: string; value: string } {
    if (tagKey !== undefined) {
      checkString(this, 'tagKey', tagKey, TAG_KEY_RULE);
    }
    if (tagValue !== undefined) {
      checkString(this, 'tagValue', tagValue, TAG_VALUE_RULE);
      if (!Token.isUnresolved(tagValue) && tagValue.trim() === '') {
        fail(this, 'tagValue', 'must not be empty', 'Give the tag value of the profiles, e.g. service-1.', tagValue);
      }
    }
    const known = memberTags;
    if (tagKey !== undefined && tagValue !== undefined) {
      known.forEach((tags, i) => {
        if (tags !== undefined && !Token.isUnresolved(tagKey) && ownValue(tags, tagKey) !== tagValue) {
          fail(this, 'tagValue', `does not match ${label}[${i}] (${members[i].node.path}), whose ${tagKey} is ${JSON.stringify(ownValue(tags, tagKey) ?? null)}`,
            'Budget only profiles that carry the tag, or fix the tag.', tagValue);
        }
      });
      return { key: tagKey, value: tagValue };
    }
    if (members.length === 0 || known.some(t => t === undefined)) {
      fail(this, tagKey === undefined ? 'tagKey' : 'tagValue', 'is required when the budget has no profiles or an imported one',
        "Give the tag the budget filters on, e.g. tagKey: 'Service', tagValue: 'service-1'.", tagKey === undefined ? tagKey : tagValue);
    }
    const pairs = (tags: Record<string, string>) => Object.entries(tags).filter(([k]) => tagKey === undefined || k === tagKey).map(([k, v]) => `${k}\u0000${v}`);
    let shared = new Set(pairs(known[0]!));
    for (const tags of known.slice(1)) {
      const mine = new Set(pairs(tags!));
      shared = new Set([...shared].filter(p => mine.has(p)));
    }
    const candidates = [...shared].map(p => p.split('\u0000'));
    if (candidates.length !== 1) {
      const problem = candidates.length === 0
        ? (tagKey === undefined ? 'is needed: the profiles share no cost-allocation tag' : `is needed: the profiles do not share one value of ${tagKey}`)
        : `is needed: the profiles share several tags (${candidates.map(([k, v]) => `${k}=${v}`).join(', ')})`;
      fail(this, 'tagKey', problem, 'Give tagKey (and tagValue) of the tag the budget filters on.', tagKey);
    }
    return { key: candidates[0][0], value: candidates[0][1] };
  }

  private resolveLimits(profiles: BudgetMember[], props: ProfileBudgetProps, headroom: Dec): { monthly: Dec[]; source: 'forecast' | 'fixed' } {
    if (props.limitUsd !== undefined) {
      const parsed = parseUsd(props.limitUsd);
      if ('problem' in parsed) {
        fail(this, 'limitUsd', parsed.problem, "Use e.g. limitUsd: '1500.00'.", props.limitUsd);
      }
      // Budgets bill to the cent: the template and the report carry the same rounded amount.
      return { monthly: Array.from({ length: 12 }, () => parsed.amount.round(2, 'ceil')), source: 'fixed' };
    }
    if (profiles.length === 0) {
      fail(this, 'limitUsd', 'is required when the budget has no profiles', "Give a monthly limit, e.g. limitUsd: '1500.00'.", undefined);
    }
    const forecasts = profiles.map((p, i) => {
      const forecast: CostForecast | undefined = p instanceof CostAllocatedProfile || p instanceof CostAllocatedProject ? p.costForecast : undefined;
      if (forecast === undefined) {
        fail(this, `profiles[${i}]`, `(${p.node.path}) has no cost forecast to derive the limit from`,
          'Give the profile (or project) expectedUsage, or give the budget limitUsd.', p.node.path);
      }
      return forecast._forecast;
    });
    const factor = Dec.ONE.plus(headroom);
    const monthly = Array.from({ length: 12 }, (_, m) =>
      Dec.sum(forecasts.map(f => f.series[Math.min(m, f.series.length - 1)].expected)).times(factor).round(2, 'ceil'));
    if (!monthly[0].gt(Dec.ZERO)) {
      fail(this, 'profiles', 'forecast no spend, so the derived limit would be 0', 'Check expectedUsage, or give limitUsd.', monthly[0].toFixed(2));
    }
    const tooLarge = monthly.find(m => !m.lt(MAX_USD));
    if (tooLarge !== undefined) {
      fail(this, 'profiles', `forecast a monthly limit of ${MAX_USD_TEXT} USD or more, beyond what a budget holds exactly`, 'Check expectedUsage, or give limitUsd.', tooLarge.toFixed(2));
    }
    return { monthly, source: 'forecast' };
  }

  private notifications(props: ProfileBudgetProps) {
    const thresholds = props.thresholds ?? BudgetThreshold.defaults();
    if (!Array.isArray(thresholds) || thresholds.length === 0 || thresholds.length > MAX_NOTIFICATIONS) {
      fail(this, 'thresholds', `must list 1 to ${MAX_NOTIFICATIONS} thresholds (AWS Budgets allows ${MAX_NOTIFICATIONS} notifications per budget)`,
        'Remove thresholds, or split them over two budgets.', Array.isArray(thresholds) ? `${thresholds.length} thresholds` : thresholds);
    }
    if (!Array.isArray(props.alertTargets) || props.alertTargets.length === 0) {
      fail(this, 'alertTargets', 'must name at least one email address or SNS topic', "Pass e.g. [AlertTarget.email('finops@example.com')].", props.alertTargets);
    }
    const bound = props.alertTargets.map((t, i) => {
      if (!(t instanceof AlertTarget)) {
        fail(this, `alertTargets[${i}]`, 'must be an AlertTarget', 'Use AlertTarget.email(...) or AlertTarget.topic(...).', t);
      }
      return t._bind(this, `alertTargets[${i}]`);
    });
    const emails = [...new Set(bound.filter(b => b.email).map(b => b.email!))];
    const topics = [...new Set(bound.filter(b => b.topic).map(b => b.topic!))];
    if (emails.length > MAX_EMAILS) {
      fail(this, 'alertTargets', `name ${emails.length} email addresses; AWS Budgets allows ${MAX_EMAILS} per notification`,
        'Subscribe the extra addresses to a CostAlertTopic and pass the topic instead.', `${emails.length} emails`);
    }
    if (topics.length > MAX_TOPICS) {
      fail(this, 'alertTargets', `name ${topics.length} SNS topics; AWS Budgets allows ${MAX_TOPICS} per notification`,
        'Use one topic and subscribe the others to it.', `${topics.length} topics`);
    }
    topics.forEach((topic: sns.ITopic) => allowToPublish(this, topic, AlertPublisher.BUDGETS));

    const seen = new Set<string>();
    const result = thresholds.map((t, i) => {
      if (!(t instanceof BudgetThreshold)) {
        fail(this, `thresholds[${i}]`, 'must be a BudgetThreshold', 'Use e.g. BudgetThreshold.actualPercent(80).', t);
      }
      const value = t._bind(this, `thresholds[${i}]`);
      const key = `${t.notificationType} ${t.thresholdType} ${value.toFixed()}`;
      if (seen.has(key)) {
        fail(this, `thresholds[${i}]`, 'repeats an earlier threshold (AWS rejects duplicate notifications)', 'Remove the duplicate.', key);
      }
      seen.add(key);
      return {
        type: t.notificationType,
        thresholdType: t.thresholdType,
        value,
        emails: emails.length,
        topics: topics.length,
        cfn: {
          notification: { notificationType: t.notificationType, comparisonOperator: 'GREATER_THAN', threshold: Number(value.toFixed()), thresholdType: t.thresholdType },
          subscribers: [
            ...emails.map(address => ({ subscriptionType: 'EMAIL', address })),
            ...topics.map(topic => ({ subscriptionType: 'SNS', address: topic.topicArn })),
          ],
        } as budgets.CfnBudget.NotificationWithSubscribersProperty,
      };
    });
    if (result.every(n => n.type === BudgetNotificationType.FORECASTED)) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:forecastOnlyBudget',
        'Every threshold is FORECASTED. AWS Budgets needs spend history to forecast, so a new tag gets no alert for weeks; add an ACTUAL threshold.');
    }
    return result;
  }
}
