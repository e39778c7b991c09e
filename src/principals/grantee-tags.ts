import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PrincipalCostTags } from './principal-cost-tags';
import { emptyRecord } from '../core/records';
import { sha256Hex } from '../core/sha256';
import { fail } from '../core/validation';
import { ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';

/** Per app: the tags each principal got from grants, and which profile gave each. */
const GIVEN = new WeakMap<IConstruct, Map<string, Map<string, Given>>>();

interface Given {
  readonly value: string;
  /** The path of the profile whose grant gave it. */
  readonly by: string;
  readonly tags: PrincipalCostTags;
}

/**
 * Tags the IAM role or user behind `grantee` with `tags` (the profile's), so that what Bedrock
 * bills to the caller (`iamPrincipal/<key>`) agrees with the profile's tags. A principal granted
 * several profiles is tagged once per key; two different values for one key are an error.
 */
export function tagGrantee(profile: ICostAllocatedProfile, grantee: iam.IGrantable, tags: { [key: string]: string } | undefined): void {
  if (tags === undefined) {
    fail(profile, 'tagGrantee', 'needs the profile\'s cost-allocation tags, which an imported profile does not know',
      'Tag the principal with PrincipalCostTags (costAllocationTags, roles or users, profiles: [profile]).', true);
  }
  const principal = grantee?.grantPrincipal as unknown;
  const role = isRole(principal) ? principal : undefined;
  const user = isUser(principal) ? principal : undefined;
  if (role === undefined && user === undefined) {
    fail(profile, 'tagGrantee', 'needs a grantee whose principal is an IAM role or user: only they carry cost-allocation tags',
      'Grant to a role (a function\'s or a task\'s role is one) or a user, or leave tagGrantee off and tag the caller\'s role yourself.',
      String((principal as iam.IPrincipal | undefined)?.toString?.() ?? principal));
  }
  const construct = (role ?? user)!;
  const name = role !== undefined ? role.roleName : user!.userName;
  const identity = Token.isUnresolved(name) ? `path:${construct.node.path}` : `${role !== undefined ? 'role' : 'user'}/${name}`;
  const label = Token.isUnresolved(name) ? construct.node.path : identity;

  const app = profile.node.root;
  const byPrincipal = GIVEN.get(app) ?? new Map<string, Map<string, Given>>();
  GIVEN.set(app, byPrincipal);
  const given = byPrincipal.get(identity) ?? new Map<string, Given>();
  byPrincipal.set(identity, given);

  const fresh = emptyRecord<string>();
  const earlierTags = new Set<PrincipalCostTags>();
  for (const [key, value] of Object.entries(tags)) {
    const earlier = given.get(key);
    if (earlier === undefined) {
      fresh[key] = value;
    } else if (earlier.value !== value) {
      fail(profile, 'tagGrantee', `would tag ${label} with ${key}=${value}, but ${earlier.by} tags it ${key}=${earlier.value}: `
        + 'a role or user carries one value per tag key, so Bedrock could bill its calls to one of them only',
      'Give each caller its own role, or leave tagGrantee off for one of the grants.', `${key}=${value}`);
    } else {
      earlierTags.add(earlier.tags);
    }
  }
  // The keys tagged already: the report links this profile to them too.
  earlierTags.forEach(t => t._linkProfile(profile));
  if (Object.keys(fresh).length === 0) {
    return;
  }
  const id = `GranteeTags${sha256Hex(identity).slice(0, 8)}`;
  const principalTags = new PrincipalCostTags(profile, id, {
    costAllocationTags: fresh,
    roles: role !== undefined ? [role] : undefined,
    users: user !== undefined ? [user] : undefined,
    profiles: [profile],
  });
  for (const [key, value] of Object.entries(fresh)) {
    given.set(key, { value, by: profile.node.path, tags: principalTags });
  }
}

function isRole(p: unknown): p is iam.IRole {
  return typeof (p as iam.IRole)?.roleArn === 'string' && typeof (p as iam.IRole)?.roleName === 'string' && (p as iam.IRole).node !== undefined;
}

function isUser(p: unknown): p is iam.IUser {
  return typeof (p as iam.IUser)?.userArn === 'string' && typeof (p as iam.IUser)?.userName === 'string' && (p as iam.IUser).node !== undefined;
}
