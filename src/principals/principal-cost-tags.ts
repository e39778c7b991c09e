import { CfnResource, Stack, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { addNagSuppression } from '../core/nag';
import { fail } from '../core/validation';
import { ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';
import { checkTags } from '../profiles/profile-checks';
import { contributeToCostReport } from '../report/cost-report';

/**
 * Facts (read 2026-12): Bedrock records the calling IAM user or role on every inference request;
 * tags on the principal (and session tags) reach Cost Explorer, Budgets and CUR 2.0 as the
 * separate cost-allocation tag keys `iamPrincipal/<key>` once activated in the payer account
 * (Bedrock user guide, "IAM principal attribution"; Billing user guide, "Using IAM principal for
 * cost allocation"; the prefix is the one CUR 2.0's `tags` column uses). A resource tag with the
 * same key is a different cost-allocation tag.
 */

/** The prefix of IAM principal tags among cost-allocation tag keys. */
export const PRINCIPAL_TAG_KEY_PREFIX = 'iamPrincipal/';
/** IAM allows 50 tags on a role or user. */
const MAX_PRINCIPAL_TAGS = 50;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;

/**
 * Properties of `PrincipalCostTags`.
 *
 * @example
 * new PrincipalCostTags(this, 'SearchCallers', {
 *   costAllocationTags: { Team: 'search', CostCenter: 'CC-1000' },
 *   roleNames: ['search-api', 'search-indexer'], // roles defined outside this app
 *   profiles: [service1],                        // the cost report forecasts their calls
 * });
 */
export interface PrincipalCostTagsProps {
  /**
   * Cost-allocation tags to put on the principals, e.g. `{ Team: 'search' }`. Bedrock bills their
   * calls to them as `iamPrincipal/Team`. Same rules as profile tags: at least one, keys 1–128 and
   * values 0–256 characters of letters, digits, white space and `_.:/=+-@`, no `aws:`.
   */
  readonly costAllocationTags: { [key: string]: string };

  /**
   * Roles to tag. Roles defined in this app get the tags in their template; imported roles
   * (`iam.Role.fromRoleArn`, `fromRoleName`) are tagged by a custom resource.
   *
   * @default - none
   */
  readonly roles?: iam.IRole[];

  /**
   * Users to tag (defined in this app, or imported).
   *
   * @default - none
   */
  readonly users?: iam.IUser[];

  /**
   * Existing roles by name or ARN (an ARN also carries the role's path), tagged by a custom resource.
   *
   * @default - none
   */
  readonly roleNames?: string[];

  /**
   * The profiles these principals call: their forecasts are the principal tags' forecast in the
   * cost report (each profile counted once per tag value).
   *
   * @default - none: the principal tags appear in the cost report without a forecast
   */
  readonly profiles?: ICostAllocatedProfile[];
}

/**
 * Puts cost-allocation tags on IAM roles and users, so that Bedrock's IAM principal attribution
 * bills their inference to `iamPrincipal/<key>` tags: no change in the callers. Roles and users
 * of this app get the tags in their templates; existing ones are tagged (and untagged on delete)
 * by a custom resource, one tag key at a time, so that a changed value updates and a removed key
 * is removed.
 *
 * Activate the keys (`activationKeys`) in the payer account, for example with
 * `CostAllocationTagActivation`, before Cost Explorer, Budgets or CUR 2.0 show them.
 *
 * @example
 * const tags = new PrincipalCostTags(this, 'SearchCallers', { costAllocationTags: { Team: 'search' }, roles: [myRole] });
 * new CostAllocationTagActivation(this, 'CostTags', { tagKeys: ['Team', ...tags.activationKeys] });
 */
export class PrincipalCostTags extends Construct {
  /** The cost-allocation tag key of an IAM principal tag: `iamPrincipal/<key>`. */
  public static costAllocationKey(tagKey: string): string {
    return `${PRINCIPAL_TAG_KEY_PREFIX}${tagKey}`;
  }

  /** The tags. */
  public readonly costAllocationTags: { [key: string]: string };
  /** The keys to activate: `iamPrincipal/<key>` for each tag key. */
  public readonly activationKeys: string[];
  /** Names (or paths) of the tagged principals. */
  public readonly principals: string[];
  /** The profiles these principals call. */
  public readonly profiles: ICostAllocatedProfile[];

  constructor(scope: Construct, id: string, props: PrincipalCostTagsProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', "Pass at least { costAllocationTags: { Team: 'search' }, roles: [role] }.", props);
    }
    const tags = checkTags(this, 'costAllocationTags', props.costAllocationTags);
    if (Object.keys(tags).length > MAX_PRINCIPAL_TAGS) {
      fail(this, 'costAllocationTags', `must hold at most ${MAX_PRINCIPAL_TAGS} tags (IAM's limit per role or user)`, 'Remove tags.', `${Object.keys(tags).length} tags`);
    }
    this.costAllocationTags = { ...tags };
    this.activationKeys = Object.keys(tags).map(PrincipalCostTags.costAllocationKey);
    const roles = listOf<iam.IRole>(this, 'roles', props.roles, r => typeof (r as iam.IRole)?.roleArn === 'string', 'iam.IRole');
    const users = listOf<iam.IUser>(this, 'users', props.users, u => typeof (u as iam.IUser)?.userArn === 'string', 'iam.IUser');
    const roleNames = listOf<string>(this, 'roleNames', props.roleNames, n => typeof n === 'string', 'role names or ARNs')
      .map((n, i) => checkRoleRef(this, `roleNames[${i}]`, n));
    const profiles = listOf<ICostAllocatedProfile>(this, 'profiles', props.profiles, p => typeof (p as ICostAllocatedProfile)?.profileArn === 'string', 'profiles');
    this.profiles = [...profiles];
    if (roles.length + users.length + roleNames.length === 0) {
      fail(this, 'roles', 'and users and roleNames are empty: there is nothing to tag', 'Pass roles, users or roleNames.', undefined);
    }

    const imported: RoleRef[] = [...roleNames];
    const importedUsers: string[] = [];
    const names: string[] = [];
    for (const role of roles) {
      if (ownTaggable(role)) {
        Object.entries(tags).forEach(([k, v]) => Tags.of(role).add(k, v));
        names.push(role.node.path);
      } else {
        imported.push({ name: role.roleName, arn: role.roleArn });
      }
    }
    for (const user of users) {
      if (ownTaggable(user)) {
        Object.entries(tags).forEach(([k, v]) => Tags.of(user).add(k, v));
        names.push(user.node.path);
      } else {
        importedUsers.push(user.userName);
      }
    }
    if (imported.length + importedUsers.length > 0) {
      this.tagExisting(imported, importedUsers, tags);
    }
    this.principals = [...names, ...imported.map(r => r.name), ...importedUsers.map(u => `user/${u}`)];
    contributeToCostReport(this, {
      principals: () => ({
        path: this.node.path,
        principals: this.principals.map(p => (Token.isUnresolved(p) ? '(deploy-time)' : p)),
        tags: Object.fromEntries(Object.entries(this.costAllocationTags).map(([k, v]) => [k, Token.isUnresolved(v) ? '(deploy-time)' : v])),
        profiles: this.profiles.map(p => p.node.path),
      }),
    });
  }

  /**
   * Records that these principals also call `profile` (the cost report links them).
   * @internal
   */
  public _linkProfile(profile: ICostAllocatedProfile): void {
    if (!this.profiles.includes(profile)) {
      this.profiles.push(profile);
    }
  }

  /** One custom resource per principal and tag key: a value change updates, a removed key is untagged. */
  private tagExisting(roles: RoleRef[], users: string[], tags: Record<string, string>): void {
    const stack = Stack.of(this);
    const tagger = taggerOf(stack);
    const principals: Array<{ id: string; service: 'Role' | 'User'; name: string; arn: string }> = [
      ...roles.map((r, i) => ({ id: `Role${i}`, service: 'Role' as const, name: r.name, arn: r.arn })),
      ...users.map((u, i) => ({ id: `User${i}`, service: 'User' as const, name: u, arn: stack.formatArn({ service: 'iam', region: '', resource: 'user', resourceName: u }) })),
    ];
    for (const service of ['Role', 'User'] as const) {
      const arns = principals.filter(p => p.service === service).map(p => p.arn);
      if (arns.length > 0) {
        tagger.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [`iam:Tag${service}`, `iam:Untag${service}`], resources: arns }));
      }
    }
    for (const p of principals) {
      for (const [i, [key, value]] of Object.entries(tags).entries()) {
        const nameParam = p.service === 'Role' ? { RoleName: p.name } : { UserName: p.name };
        const tag = { service: 'IAM', action: `tag${p.service}`, parameters: { ...nameParam, Tags: [{ Key: key, Value: value }] } };
        const physicalResourceId = cr.PhysicalResourceId.of(`${p.service.toLowerCase()}/${p.name}/${key}`);
        const resource = new cr.AwsCustomResource(this, `${p.id}Tag${i}`, {
          resourceType: 'Custom::PrincipalCostTag',
          onCreate: { ...tag, physicalResourceId },
          onUpdate: { ...tag, physicalResourceId },
          onDelete: { service: 'IAM', action: `untag${p.service}`, parameters: { ...nameParam, TagKeys: [key] } },
          role: tagger.role,
          logGroup: tagger.logGroup,
          installLatestAwsSdk: false,
        });
        // The role's policy must exist before the first call.
        resource.node.addDependency(tagger.role);
      }
    }
    acknowledgeRuntime(stack);
  }
}

/** The id aws-cdk-lib gives AwsCustomResource's singleton function in a stack. */
const AWS_CUSTOM_RESOURCE_FUNCTION = 'AWS679f53fac002430cb0da5b7982bd2287';

/** aws-cdk-lib chooses the singleton function's runtime; cdk-nag's L1 asks for the newest one. */
function acknowledgeRuntime(stack: Stack): void {
  const fn = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_FUNCTION)?.node.defaultChild;
  if (fn instanceof CfnResource) {
    addNagSuppression(fn, 'AwsSolutions-L1',
      'The runtime is the one aws-cdk-lib\'s AwsCustomResource chooses (it cannot be set); the function only calls IAM TagRole and UntagRole '
      + 'with the AWS SDK of that runtime, on the roles named in its policy.', []);
  }
}

/**
 * The role and log group of the tagging function, once per stack: AwsCustomResource runs every
 * call of a stack in one singleton function, with the role of the first; each
 * PrincipalCostTags adds its principals to this one role.
 */
function taggerOf(stack: Stack): { role: iam.Role; logGroup: logs.LogGroup } {
  const id = 'BedrockCostPrincipalTagger';
  const existing = stack.node.tryFindChild(id) as Construct | undefined;
  if (existing) {
    return { role: existing.node.findChild('Role') as iam.Role, logGroup: existing.node.findChild('Logs') as logs.LogGroup };
  }
  const scope = new Construct(stack, id);
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Tags existing IAM principals for Bedrock cost allocation (cdk-bedrock-cost-profiles)',
  });
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
  logGroup.grantWrite(role);
  return { role, logGroup };
}

interface RoleRef {
  readonly name: string;
  readonly arn: string;
}

/** A role or user defined in this app (its template can carry the tags). */
function ownTaggable(principal: iam.IRole | iam.IUser): boolean {
  const child = principal.node.defaultChild;
  return child instanceof iam.CfnRole || child instanceof iam.CfnUser;
}

function checkRoleRef(scope: IConstruct, field: string, ref: string): RoleRef {
  const stack = Stack.of(scope);
  const arn = ROLE_ARN.exec(ref);
  if (arn) {
    return { name: arn[4], arn: ref };
  }
  if (!ROLE_NAME.test(ref)) {
    fail(scope, field, 'is neither an IAM role name nor a role ARN', 'Give e.g. "search-service" or arn:aws:iam::111122223333:role/search-service.', ref);
  }
  return { name: ref, arn: stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: ref }) };
}

function listOf<T>(scope: IConstruct, field: string, value: unknown, ok: (item: unknown) => boolean, what: string): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || !value.every(ok)) {
    fail(scope, field, `must be a list of ${what}`, `Pass ${field} as an array of ${what}.`, value);
  }
  return value as T[];
}
