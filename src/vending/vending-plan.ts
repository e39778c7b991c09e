import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { VendingBudget, VendingConfig, VendingConfiguration, VendingProject, VendingService, VendingTarget, VendingTeam } from './vending-config';
import vendingSchema from './vending.schema.json';
import { CostProfilesError } from '../core/errors';
import { ownValue } from '../core/records';
import { CostForecast, PriceCatalog, ProfileUsage } from '../pricing/cost-forecast';
import { resolveModelRef } from '../pricing/model-ref';
import { allSchemaProblems } from '../pricing/schema-check';
import { listedRegionPartition } from '../profiles/cross-region-geo';
import geoTable from '../profiles/data/geo-destinations.json';
import { RESERVED_TAG_PREFIX, TAG_KEY_RULE, TAG_VALUE_RULE } from '../profiles/profile-rules';

/** IAM's limit on the inline policies of one role, in characters (whitespace excluded). */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;
/** Characters one profile's grants add to a consumer's inline policy (measured; see the tests). */
export const GRANT_POLICY_CHARACTERS = 900;
const POLICY_OVERHEAD_CHARACTERS = 200;
/** A target account of "*": account-agnostic templates, for StackSets. */
export const ANY_ACCOUNT = '*';
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):/;

/** A consumer role, normalized. */
export interface PlannedConsumer {
  /** As written in the config (ARN or name). */
  readonly ref: string;
  /** The role name. */
  readonly roleName: string;
}

export interface PlannedService {
  readonly name: string;
  readonly model: string;
  readonly geo?: string;
  readonly tags: Record<string, string>;
  readonly usage?: ProfileUsage;
  readonly consumers: PlannedConsumer[];
  readonly spendAlarm: boolean;
  readonly description?: string;
}

export interface PlannedProject {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly model?: string;
  readonly usage?: ProfileUsage;
  readonly consumers: PlannedConsumer[];
  readonly models?: string[];
}

export interface PlannedBudget {
  readonly limitUsd?: string;
  readonly headroom?: number;
  readonly alertEmails: string[];
  readonly alertTopicArn?: string;
}

export interface PlannedTeam {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly services: PlannedService[];
  readonly projects: PlannedProject[];
  /** Tag the consumer roles with the team's tags (IAM principal attribution). */
  readonly tagConsumerRoles: boolean;
  /** Targets the team is vended into (names). */
  readonly targets: string[];
  /** Undefined when the team has no budget. */
  readonly budget?: PlannedBudget;
  /** Emails for spend-alarm alerts (the team topic), and an existing topic. */
  readonly alertEmails: string[];
  readonly alertTopicArn?: string;
}

/** A validated vending config, with defaults applied. */
export interface VendingPlan {
  readonly location: string;
  readonly targets: VendingTarget[];
  readonly teams: PlannedTeam[];
  readonly teamTagKey: string;
  readonly ssmParameterPrefix: string;
  readonly priceCatalog: PriceCatalog;
  readonly pricesAsOf?: string;
}

/**
 * Validates a whole vending config and applies its defaults. Every problem is collected, each
 * with its path in the config, and reported in one error: a platform team fixes them in one go.
 */
export function planVending(configuration: VendingConfiguration): VendingPlan {
  const location = configuration._location;
  const document = configuration._document;
  const schemaProblems = allSchemaProblems(vendingSchema, document);
  if (schemaProblems.length > 0) {
    throw aggregated(location, schemaProblems.map(p => `${p.path}: ${p.problem}`));
  }
  return new Planner(document as VendingConfig, configuration, location).plan();
}

let awsRegions: Set<string> | undefined;
/** aws-cdk-lib's Region list, for Regions the geo table does not list: it loads the whole fact table (~150 ms), so once per process and only when needed. */
function knownRegions(): Set<string> {
  awsRegions ??= new Set(RegionInfo.regions.map(r => r.name));
  return awsRegions;
}

function aggregated(location: string, problems: string[]): CostProfilesError {
  const shown = problems.slice(0, 100);
  const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
  return new CostProfilesError({
    location,
    field: '(vending config)',
    problem: `has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${shown.map(p => `  - ${p}`).join('\n')}${more}\n`,
    fix: 'Fix each one at its path (the schema is vending.schema.json, shipped with the package).',
  });
}

class Planner {
  private readonly problems: string[] = [];
  private readonly teamTagKey: string;
  private readonly catalog: PriceCatalog;

  constructor(private readonly config: VendingConfig, private readonly configuration: VendingConfiguration, private readonly location: string) {
    this.teamTagKey = config.defaults?.teamTagKey ?? 'Team';
    this.catalog = this.loadCatalog();
  }

  public plan(): VendingPlan {
    const targets = this.targets();
    const targetNames = new Set(targets.map(t => t.name));
    const teams = this.config.teams.map((team, i) => this.team(team, `teams[${i}]`, targetNames));
    this.duplicates(this.config.teams.map(t => t.name), 'teams', 'team name');
    if (this.config.defaults?.allowSharedTeamTags !== true) {
      // Budgets filter by the team tag: two teams with one value would each be charged both.
      this.duplicates(this.config.teams.map(t => ownValue(t.tags, this.teamTagKey)), 'teams', `${this.teamTagKey} tag value`,
        ': their budgets would overlap, each charged both teams\' spend (set defaults.allowSharedTeamTags to allow it)');
    }
    this.consumerPolicySizes(teams, targets);
    this.consumerTagConflicts(teams, targets);
    if (this.problems.length > 0) {
      throw aggregated(this.location, this.problems);
    }
    return {
      location: this.location,
      targets,
      teams,
      teamTagKey: this.teamTagKey,
      ssmParameterPrefix: this.config.defaults?.ssmParameterPrefix ?? '/bedrock/profiles',
      priceCatalog: this.catalog,
      pricesAsOf: this.config.defaults?.pricesAsOf,
    };
  }

  private problem(at: string, text: string): void {
    this.problems.push(`${at}: ${text}`);
  }

  private loadCatalog(): PriceCatalog {
    let catalog = PriceCatalog.embedded();
    (this.config.defaults?.priceFiles ?? []).forEach((file, i) => {
      try {
        catalog = catalog.withPriceFile(path.resolve(this.configuration._baseDir, file));
      } catch (e) {
        this.problem(`defaults.priceFiles[${i}]`, e instanceof CostProfilesError ? e.message : String(e));
      }
    });
    return catalog;
  }

  private targets(): VendingTarget[] {
    this.config.targets.forEach((t, i) => {
      if (listedRegionPartition(t.region) === undefined && !knownRegions().has(t.region)) {
        this.problem(`targets[${i}].region`, `is not a Region aws-cdk-lib knows (got "${t.region}")`);
      }
    });
    this.duplicates(this.config.targets.map(t => t.name), 'targets', 'target name');
    this.duplicates(this.config.targets.map(t => `${t.account}/${t.region}`), 'targets', 'account and Region');
    return this.config.targets;
  }

  /** A problem for each value that repeats an earlier one (undefined values are skipped). */
  private duplicates(values: Array<string | undefined>, at: string, what: string, why = ''): void {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      if (v === undefined) {
        return;
      }
      const first = seen.get(v);
      if (first !== undefined) {
        this.problem(`${at}[${i}]`, `repeats the ${what} "${v.slice(0, 40)}" of ${at}[${first}]${why}`);
      } else {
        seen.set(v, i);
      }
    });
  }

  private team(team: VendingTeam, at: string, targetNames: Set<string>): PlannedTeam {
    (team.targets ?? []).forEach((name, i) => {
      if (!targetNames.has(name)) {
        this.problem(`${at}.targets[${i}]`, `names no target (got "${name}"; targets: ${[...targetNames].join(', ')})`);
      }
    });
    const targets = team.targets ?? [...targetNames];
    const targetObjects = this.config.targets.filter(t => targets.includes(t.name));
    this.tags(team.tags, `${at}.tags`);
    if (String(ownValue(team.tags, this.teamTagKey) ?? '').trim() === '') {
      this.problem(`${at}.tags`, `has no "${this.teamTagKey}" tag (the team tag key: team budgets filter by it)`);
    }
    const teamConsumers = this.consumers(team.consumers ?? [], `${at}.consumers`, targetObjects);
    this.duplicates((team.services ?? []).map(s => s.name), `${at}.services`, 'service name');
    this.duplicates((team.projects ?? []).map(p => p.name), `${at}.projects`, 'project name');
    const services = (team.services ?? []).map((s, j) => this.service(s, `${at}.services[${j}]`, team, teamConsumers, targetObjects));
    const projects = (team.projects ?? []).map((p, j) => this.project(p, `${at}.projects[${j}]`, team, teamConsumers, targetObjects));
    const budget = this.budget(team.budget, `${at}.budget`, [...services, ...projects], targetObjects);
    const merged = { ...this.config.defaults?.budget, ...team.budget };
    const tagConsumerRoles = team.tagConsumerRoles ?? this.config.defaults?.tagConsumerRoles ?? false;
    for (const t of targetObjects.filter(x => tagConsumerRoles && x.account === ANY_ACCOUNT)) {
      this.problem(`${at}.tagConsumerRoles`, `is on, but target ${t.name} is account-agnostic (account "*"): the roles are tagged by a Lambda-backed `
        + 'custom resource, whose code is an asset, and StackSet templates have none. Tag the roles in each account (PrincipalCostTags), '
        + 'or turn tagConsumerRoles off for this team');
    }
    return {
      name: team.name,
      tags: { ...team.tags },
      services,
      projects,
      tagConsumerRoles,
      targets,
      budget,
      alertEmails: merged.alertEmails ?? [],
      alertTopicArn: merged.alertTopicArn,
    };
  }

  private service(s: VendingService, at: string, team: VendingTeam, teamConsumers: PlannedConsumer[], targets: VendingTarget[]): PlannedService {
    const tags = { ...team.tags, ...s.tags };
    this.tags(s.tags ?? {}, `${at}.tags`);
    const serviceTeamTag = ownValue(s.tags, this.teamTagKey);
    if (serviceTeamTag !== undefined && serviceTeamTag !== ownValue(team.tags, this.teamTagKey)) {
      this.problem(`${at}.tags`, `sets the team tag ${this.teamTagKey} to "${String(serviceTeamTag).slice(0, 40)}", another value than its team's: `
        + 'its spend would count in another team\'s budget');
    }
    const required = [...new Set([this.teamTagKey, ...(this.config.defaults?.requiredTags ?? [])])];
    const missing = required.filter(key => String(ownValue(tags, key) ?? '').trim() === '');
    if (missing.length > 0) {
      this.problem(`${at}`, `is missing the required tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (from its team's or its own tags)`);
    }
    for (const target of targets) {
      this.model(s, at, target);
    }
    const spendAlarm = s.spendAlarm ?? (s.usage !== undefined && (this.config.defaults?.spendAlarms ?? true));
    if (s.spendAlarm === true && s.usage === undefined) {
      this.problem(`${at}.spendAlarm`, 'is on, but the service has no usage to derive the alarm threshold from');
    }
    const own = this.consumers(s.consumers ?? [], `${at}.consumers`, targets);
    const byName = new Map([...teamConsumers, ...own].map(c => [c.roleName, c]));
    return {
      name: s.name,
      model: s.model,
      geo: s.geo,
      tags,
      usage: s.usage,
      consumers: [...byName.values()],
      spendAlarm,
      description: s.description,
    };
  }

  private project(p: VendingProject, at: string, team: VendingTeam, teamConsumers: PlannedConsumer[], targets: VendingTarget[]): PlannedProject {
    const tags = { ...team.tags, ...p.tags };
    this.tags(p.tags ?? {}, `${at}.tags`);
    const required = [...new Set([this.teamTagKey, ...(this.config.defaults?.requiredTags ?? [])])];
    const missing = required.filter(key => String(ownValue(tags, key) ?? '').trim() === '');
    if (missing.length > 0) {
      this.problem(`${at}`, `is missing the required tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (from its team's or its own tags)`);
    }
    if (p.usage !== undefined && p.model === undefined) {
      this.problem(`${at}.model`, 'is needed with usage: the model the expected traffic runs on prices the forecast');
    } else if (p.usage !== undefined) {
      for (const target of targets) {
        this.model({ name: p.name, model: p.model!, usage: p.usage }, at, target);
      }
    }
    const own = this.consumers(p.consumers ?? [], `${at}.consumers`, targets);
    const byName = new Map([...teamConsumers, ...own].map(c => [c.roleName, c]));
    return { name: p.name, tags, model: p.model, usage: p.usage, consumers: [...byName.values()], models: p.models };
  }

  private model(s: VendingService, at: string, target: VendingTarget): void {
    if (s.geo !== undefined) {
      const regions: string[] = (geoTable.geos as Record<string, { regions: string[] }>)[s.geo]?.regions ?? [];
      if (!regions.includes('*') && !regions.includes(target.region)) {
        this.problem(`${at}.geo`, `"${s.geo}" profiles cannot be called from ${target.region} (target ${target.name}); its Regions are ${regions.join(', ')}`);
        return;
      }
    }
    const ref = s.geo ? `${s.geo}.${s.model}` : s.model;
    try {
      resolveModelRef(this.catalog._catalog, ref, target.region, this.location, `${at}.model`);
      if (s.usage !== undefined) {
        const asOf = this.config.defaults?.pricesAsOf;
        // Checks the usage and its prices only: one month (the profile forecasts all twelve).
        CostForecast._forInference({ ...s.usage, months: 1, model: ref, region: target.region, catalog: this.catalog, asOf }, this.location,
          { usage: `${at}.usage`, model: `${at}.model`, asOf: 'defaults.pricesAsOf', catalog: 'defaults.priceFiles' });
      }
    } catch (e) {
      if (!(e instanceof CostProfilesError)) {
        throw e;
      }
      const field = e.field;
      const fix = /price/.test(e.problem) ? 'Add the price with defaults.priceFiles, or pick a model priced in this Region.' : e.fix;
      this.problem(field, `${e.problem}${e.badValue ? ` (got ${e.badValue})` : ''} [target ${target.name}]. ${fix}`);
    }
  }

  private tags(tags: Record<string, string>, at: string): void {
    for (const [key, value] of Object.entries(tags)) {
      if (!TAG_KEY_RULE.pattern!.test(key) || key.length > (TAG_KEY_RULE.maxLength ?? 128)) {
        this.problem(`${at}`, `has a tag key that is not allowed: "${key}" (${TAG_KEY_RULE.patternHelp})`);
      } else if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        this.problem(`${at}`, `has the reserved tag key "${key}" (aws: is AWS's)`);
      }
      if (!TAG_VALUE_RULE.pattern!.test(value) || value.length > (TAG_VALUE_RULE.maxLength ?? 256)) {
        this.problem(`${at}.${key}`, `is not an allowed tag value: "${value}" (${TAG_VALUE_RULE.patternHelp})`);
      }
    }
  }

  private consumers(refs: string[], at: string, targets: VendingTarget[]): PlannedConsumer[] {
    const out: PlannedConsumer[] = [];
    refs.forEach((ref, i) => {
      const arn = ROLE_ARN.exec(ref);
      if (arn) {
        for (const t of targets.filter(x => x.account !== arn[2])) {
          this.problem(`${at}[${i}]`, t.account === ANY_ACCOUNT
            ? `is a role ARN, but target ${t.name} is account-agnostic (account "*"): give the role name, the same in every account`
            : `is a role in account ${arn[2]}, but the team is vended into account ${t.account} (target ${t.name}): `
              + 'a grant can only attach a policy to a role of the same account');
        }
        out.push({ ref, roleName: ref.slice(ref.lastIndexOf('/') + 1) });
      } else if (ROLE_NAME.test(ref)) {
        out.push({ ref, roleName: ref });
      } else {
        this.problem(`${at}[${i}]`, `is neither an IAM role ARN (arn:aws:iam::<account>:role/<name>) nor a role name (got "${ref}")`);
      }
    });
    return out;
  }

  private budget(own: VendingBudget | undefined, at: string, members: Array<{ name: string; usage?: ProfileUsage }>, targets: VendingTarget[])
    : PlannedBudget | undefined {
    const merged = { ...this.config.defaults?.budget, ...own };
    const emails = merged.alertEmails ?? [];
    const subscribers = emails.length > 0 || merged.alertTopicArn !== undefined;
    const enabled = merged.enabled ?? subscribers;
    if (merged.alertTopicArn !== undefined) {
      const topic = TOPIC_ARN.exec(merged.alertTopicArn)!;
      for (const t of targets.filter(x => x.account !== topic[2] || x.region !== topic[1])) {
        if (t.account === ANY_ACCOUNT) {
          this.problem(`${at}.alertTopicArn`, `names one account's topic, but target ${t.name} is account-agnostic (account "*"): use alertEmails`);
          continue;
        }
        this.problem(`${at}.alertTopicArn`, `is in ${topic[2]}/${topic[1]}, but the team is vended into ${t.account}/${t.region} (target ${t.name})`);
      }
    }
    if (!enabled) {
      return undefined;
    }
    if (!subscribers) {
      this.problem(at, 'is enabled but has no subscribers: give alertEmails or alertTopicArn (here or in defaults.budget)');
    }
    const unforecast = members.filter(s => s.usage === undefined).map(s => s.name);
    if (merged.limitUsd === undefined && unforecast.length > 0) {
      this.problem(at, `has no limitUsd, and ${unforecast.join(', ')} ${unforecast.length > 1 ? 'have' : 'has'} no usage to derive it from: give limitUsd, or usage for every service and project`);
    }
    return { limitUsd: merged.limitUsd, headroom: merged.headroom, alertEmails: emails, alertTopicArn: merged.alertTopicArn };
  }

  /**
   * A role carries one value per tag key, and each team's tagging removes its tags when the team
   * goes: a role may be tagged by one team only.
   */
  private consumerTagConflicts(teams: PlannedTeam[], targets: VendingTarget[]): void {
    for (const target of targets) {
      const owner = new Map<string, PlannedTeam>();
      for (const team of teams.filter(t => t.tagConsumerRoles && t.targets.includes(target.name))) {
        for (const c of consumersOf(team)) {
          const other = owner.get(c.roleName);
          if (other !== undefined && other !== team) {
            this.problem('consumers', `role ${c.roleName} is a consumer of teams ${other.name} and ${team.name} in target ${target.name}, and both tag their `
              + 'consumer roles (tagConsumerRoles): a role carries one value per tag key, and a team that goes removes its tags. '
              + 'Give each team its own role, or turn tagConsumerRoles off for all but one');
          } else {
            owner.set(c.roleName, team);
          }
        }
      }
    }
  }

  /** IAM caps a role's inline policies at 10,240 characters; each granted profile adds to them. */
  private consumerPolicySizes(teams: PlannedTeam[], targets: VendingTarget[]): void {
    for (const target of targets) {
      const grants = new Map<string, { profiles: number; teams: Set<string> }>();
      for (const team of teams.filter(t => t.targets.includes(target.name))) {
        for (const s of [...team.services, ...team.projects]) {
          for (const c of s.consumers) {
            const g = grants.get(c.roleName) ?? { profiles: 0, teams: new Set<string>() };
            g.profiles++;
            g.teams.add(team.name);
            grants.set(c.roleName, g);
          }
        }
      }
      for (const [role, g] of grants) {
        const size = g.profiles * GRANT_POLICY_CHARACTERS + g.teams.size * POLICY_OVERHEAD_CHARACTERS;
        if (size > ROLE_INLINE_POLICY_LIMIT) {
          this.problem('consumers', `role ${role} would be granted ${g.profiles} profiles in target ${target.name} (teams ${[...g.teams].join(', ')}), about `
            + `${size} characters of inline policy; IAM allows ${ROLE_INLINE_POLICY_LIMIT} per role. Give each service or team its own role`);
        }
      }
    }
  }
}

/** Every consumer role of a team, once. */
export function consumersOf(team: PlannedTeam): PlannedConsumer[] {
  return [...new Map([...team.services, ...team.projects].flatMap(s => s.consumers).map(c => [c.roleName, c])).values()];
}
