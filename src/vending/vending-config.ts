import * as path from 'path';
import { readTextFile } from '../core/regular-file';
import { parseDocument } from '../pricing/catalog';
import { ProfileUsage } from '../pricing/cost-forecast';

/** An account and Region profiles are vended into (one CDK stage each). */
export interface VendingTarget {
  /** Name of the target, used in stage and stack names: letters, digits and '-'. */
  readonly name: string;
  /**
   * The 12-digit account id, or `*` for account-agnostic templates without a bootstrap check
   * (to deploy one shard template to many accounts as a CloudFormation StackSet).
   */
  readonly account: string;
  /** The Region, e.g. us-west-2. */
  readonly region: string;
}

/** Budget and alert settings of a team (or the defaults for all teams). */
export interface VendingBudget {
  /**
   * Create the team's monthly budget, filtered by its team tag.
   *
   * @default true when the team (or the defaults) names alert subscribers, else false
   */
  readonly enabled?: boolean;
  /**
   * A fixed monthly limit in USD (decimal string).
   *
   * @default - the team's forecast × (1 + headroom), rounded up to the cent
   */
  readonly limitUsd?: string;
  /**
   * Headroom over the forecast for the derived limit.
   *
   * @default 0.2
   */
  readonly headroom?: number;
  /**
   * Email addresses that get budget alerts (and spend-alarm alerts, through a team topic).
   *
   * @default - none
   */
  readonly alertEmails?: string[];
  /**
   * An existing SNS topic (ARN, same account) for budget and spend-alarm alerts.
   *
   * @default - none
   */
  readonly alertTopicArn?: string;
}

/** One service of a team: one cost-allocated profile. */
export interface VendingService {
  /** Name of the service, unique in its team: letters, digits and '-'. */
  readonly name: string;
  /** The model id, e.g. anthropic.claude-3-5-sonnet-20241022-v2:0. */
  readonly model: string;
  /**
   * Copy the cross-Region system profile of this geography (us, eu, apac, jp, au, us-gov, global).
   *
   * @default - the foundation model in the target Region
   */
  readonly geo?: string;
  /**
   * Tags of this service's profile, on top of the team's.
   *
   * @default - the team's tags only
   */
  readonly tags?: { [key: string]: string };
  /**
   * Expected traffic: gives the profile a forecast, the team budget its limit, and the service a
   * spend alarm.
   *
   * @default - no forecast
   */
  readonly usage?: ProfileUsage;
  /**
   * IAM roles (ARNs in the target account, or names) allowed to invoke through this profile,
   * on top of the team's consumers.
   *
   * @default - the team's consumers only
   */
  readonly consumers?: string[];
  /**
   * Watch the estimated spend rate with an alarm (needs usage).
   *
   * @default - the defaults' spendAlarms
   */
  readonly spendAlarm?: boolean;
  /**
   * Description of the profile (create-only: changing it replaces the profile).
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * One Bedrock project of a team (OpenAI-compatible APIs on the bedrock-mantle endpoint): a
 * team may have projects instead of, or as well as, services (profiles).
 */
export interface VendingProject {
  /** Name of the project, unique in its team: letters, digits and '-'. */
  readonly name: string;
  /**
   * Tags of this project, on top of the team's.
   *
   * @default - the team's tags only
   */
  readonly tags?: { [key: string]: string };
  /**
   * The model the expected traffic runs on (needed with usage).
   *
   * @default - none
   */
  readonly model?: string;
  /**
   * Expected traffic: gives the project a forecast and the team budget its share.
   *
   * @default - no forecast
   */
  readonly usage?: ProfileUsage;
  /**
   * IAM roles (ARNs in the target account, or names) allowed to run inference in this project,
   * on top of the team's consumers.
   *
   * @default - the team's consumers only
   */
  readonly consumers?: string[];
  /**
   * Only these models (condition `bedrock-mantle:Model`).
   *
   * @default - any model
   */
  readonly models?: string[];
}

/** A product team and its services. */
export interface VendingTeam {
  /** Name of the team, unique in the config: letters, digits and '-'. */
  readonly name: string;
  /** Cost-allocation tags of every profile of the team; must include the team tag key. */
  readonly tags: { [key: string]: string };
  /**
   * The team's services (profiles).
   *
   * @default - none; a team needs services, projects or both
   */
  readonly services?: VendingService[];
  /**
   * The team's Bedrock projects.
   *
   * @default - none
   */
  readonly projects?: VendingProject[];
  /**
   * Tag the team's consumer roles with the team's tags, so that what Bedrock bills to the
   * calling roles (`iamPrincipal/<key>`) agrees with the profiles' tags.
   *
   * @default - the defaults' tagConsumerRoles
   */
  readonly tagConsumerRoles?: boolean;
  /**
   * IAM roles (ARNs in the target account, or names) allowed to invoke through every profile
   * of the team.
   *
   * @default - none
   */
  readonly consumers?: string[];
  /**
   * Budget and alert settings, over the defaults.
   *
   * @default - the defaults' budget
   */
  readonly budget?: VendingBudget;
  /**
   * The targets the team is vended into.
   *
   * @default - every target
   */
  readonly targets?: string[];
}

/** Settings for every team. */
export interface VendingDefaults {
  /**
   * Tag keys every profile must carry.
   *
   * @default - the team tag key only
   */
  readonly requiredTags?: string[];
  /**
   * The tag key that names a team; team budgets filter by it.
   *
   * @default 'Team'
   */
  readonly teamTagKey?: string;
  /**
   * Let two teams carry the same value of the team tag. Their budgets filter by that value, so
   * each would see (and alert on) both teams' spend.
   *
   * @default false: a shared value is an error
   */
  readonly allowSharedTeamTags?: boolean;
  /**
   * SSM path under which each profile's ARN, id and model id are published, as
   * `<prefix>/<team>/<service>/profile-arn` (and `profile-id`, `model-id`).
   *
   * @default '/bedrock/profiles'
   */
  readonly ssmParameterPrefix?: string;
  /**
   * Give every service with usage a spend-rate alarm.
   *
   * @default true
   */
  readonly spendAlarms?: boolean;
  /**
   * Tag every team's consumer roles with the team's tags (IAM principal attribution). Activate
   * the keys as `iamPrincipal/<key>` in the payer account.
   *
   * @default false
   */
  readonly tagConsumerRoles?: boolean;
  /**
   * Budget settings of every team.
   *
   * @default - no budget unless a team sets one
   */
  readonly budget?: VendingBudget;
  /**
   * Price files for forecasts, relative to the config file.
   *
   * @default - the embedded catalog only
   */
  readonly priceFiles?: string[];
  /**
   * Price forecasts with the prices in effect on this date (YYYY-MM-DD).
   *
   * @default - the date of synthesis
   */
  readonly pricesAsOf?: string;
}

/** Everything a platform team vends, in one document. */
export interface VendingConfig {
  /** Accounts and Regions to vend into. */
  readonly targets: VendingTarget[];
  /** The teams. */
  readonly teams: VendingTeam[];
  /**
   * Settings for every team.
   *
   * @default - see each field
   */
  readonly defaults?: VendingDefaults;
}

/**
 * A vending config, in code or from a YAML or JSON file (`vending.schema.json`, shipped with the
 * package, describes the file).
 *
 * @example
 * const config = VendingConfiguration.fromObject({
 *   targets: [{ name: 'prod-us', account: '111122223333', region: 'us-east-1' }],
 *   teams: [{
 *     name: 'search',
 *     tags: { Team: 'search', CostCenter: 'CC-1000' },
 *     consumers: ['search-app'], // role names that may invoke
 *     services: [{
 *       name: 'assistant',
 *       model: 'anthropic.claude-sonnet-4-6',
 *       geo: 'global',
 *       usage: { daysPerMonth: 30, requestsPerDay: 8000, inputTokensPerRequest: 600, outputTokensPerRequest: 300 },
 *     }],
 *   }],
 * });
 * new PlatformVending(app, 'Vending', { config });
 */
export class VendingConfiguration {
  /** Reads a YAML or JSON file. Price files in it are relative to it. */
  public static fromFile(file: string): VendingConfiguration {
    return new VendingConfiguration(parseDocument(readTextFile(file, 'vending config'), file), file, path.dirname(path.resolve(file)));
  }

  /** A config written in code. */
  public static fromObject(config: VendingConfig): VendingConfiguration {
    return new VendingConfiguration(config, 'vending config', process.cwd());
  }

  /**
   * The document, not yet validated.
   * @internal
   */
  public readonly _document: unknown;
  /**
   * Where it came from (a file path), for messages.
   * @internal
   */
  public readonly _location: string;
  /**
   * Base directory for relative price files.
   * @internal
   */
  public readonly _baseDir: string;

  private constructor(document: unknown, location: string, baseDir: string) {
    this._document = document;
    this._location = location;
    this._baseDir = baseDir;
  }
}
