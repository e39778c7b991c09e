import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BudgetTagSource } from './budget-tag-source';
import { sha256Hex } from '../core/sha256';
import { checkEnum, checkString, fail } from '../core/validation';
import { Dec } from '../pricing/decimal';
import { PrincipalCostTags } from '../principals/principal-cost-tags';
import { CostAllocatedProfile } from '../profiles/cost-allocated-profile';
import { ICostAllocatedProfile } from '../profiles/cost-allocated-profile-base';
import { CostAllocatedProject } from '../projects/cost-allocated-project';

// The checks of ProfileBudget's props, its derived name and its planned limits, apart from the construct.

/** AWS Budgets' name rules. */
export const NAME_MAX = 100;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
const DEFAULT_HEADROOM = 0.2;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** What a budget covers: profiles (defined here or imported) and projects. */
export type BudgetMember = ICostAllocatedProfile | CostAllocatedProject;

/** The tags of a member this app defines (undefined for an import). */
export function tagsOf(member: BudgetMember): Record<string, string> | undefined {
  return member instanceof CostAllocatedProfile || member instanceof CostAllocatedProject ? member.costAllocationTags : undefined;
}

export function checkPrincipals(scope: Construct, principals: unknown): PrincipalCostTags[] {
  return checkListOf(scope, 'principals', principals, PrincipalCostTags, 'PrincipalCostTags', 'Pass e.g. [searchCallers].');
}

export function checkTagSource(scope: Construct, value: unknown, principals: boolean): BudgetTagSource {
  return checkEnum(scope, 'tagSource', value, BudgetTagSource, 'BudgetTagSource',
    principals ? BudgetTagSource.PRINCIPAL_TAGS : BudgetTagSource.PROFILE_TAGS, 'Use BudgetTagSource.PROFILE_TAGS or PRINCIPAL_TAGS.');
}

export function checkProjects(scope: Construct, projects: unknown): CostAllocatedProject[] {
  return checkListOf(scope, 'projects', projects, CostAllocatedProject, 'CostAllocatedProject', 'Pass e.g. [assistantProject].');
}

/** An optional list whose every element is an instance of `type` (none given: empty). */
function checkListOf<T>(
  scope: Construct, field: string, value: unknown, type: abstract new (...args: any[]) => T, typeName: string, fix: string,
): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value) || value.some(v => !(v instanceof type))) {
    fail(scope, field, `must be a list of ${typeName}`, fix, value);
  }
  return value as T[];
}

export function checkProfiles(scope: Construct, profiles: unknown): ICostAllocatedProfile[] {
  if (profiles === undefined) {
    return [];
  }
  if (!Array.isArray(profiles)) {
    fail(scope, 'profiles', 'must be a list of profiles', 'Pass e.g. [service1Profile].', profiles);
  }
  profiles.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || typeof (p as ICostAllocatedProfile).profileArn !== 'string' || !(p as Construct).node) {
      fail(scope, `profiles[${i}]`, 'is not an inference profile', 'Pass CostAllocatedProfile instances or imports.', p);
    }
  });
  return profiles as ICostAllocatedProfile[];
}

export function checkHeadroom(scope: Construct, headroom: unknown): Dec {
  if (headroom === undefined) {
    return Dec.fromNumber(DEFAULT_HEADROOM);
  }
  if (typeof headroom !== 'number' || !Number.isFinite(headroom) || headroom < 0 || headroom > 100) {
    fail(scope, 'headroom', 'must be a number from 0 to 100 (a fraction: 0.2 is 20% over the forecast)', 'Use e.g. headroom: 0.2.', headroom);
  }
  return Dec.fromNumber(headroom);
}

export function checkBudgetName(scope: Construct, name: unknown): string {
  checkString(scope, 'budgetName', name, {
    minLength: 1,
    maxLength: NAME_MAX,
    pattern: NAME_PATTERN,
    patternHelp: "letters, digits, ' ', '.', '_' and '-'; no ':' or '\\'",
    fix: 'Omit budgetName to get a derived, unique name.',
  });
  Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:fixedBudgetName',
    `budgetName "${name}" is fixed. The notifications are create-only: changing a threshold or subscriber replaces the budget, ` +
    'and the replacement fails with DuplicateRecordException while the old budget holds the name. Omit budgetName to get a derived name.');
  return name as string;
}

/** Unique per account (stack name + path), and changes with the create-only notifications. */
export function derivedName(scope: Construct, notifications: Array<{ cfn: unknown }>): string {
  const stack = Stack.of(scope);
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
  const pathInStack = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  // Only the tokens (topic ARNs) are resolved: the same JSON as resolving it all, at a fraction of the cost.
  const createOnly = JSON.stringify(notifications.map(n => n.cfn), (_key, value) =>
    (typeof value === 'string' && Token.isUnresolved(value) ? stack.resolve(value) : value));
  const hash = sha256Hex(`${stackName}\n${scope.node.path}\n${createOnly}`).slice(0, 8);
  const readable = [stackName, ...pathInStack].join('-').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '');
  return `${readable.slice(0, NAME_MAX - 9).replace(/-+$/, '')}-${hash}`;
}

export function plannedLimits(scope: Construct, from: string, monthly: Dec[]) {
  const m = typeof from === 'string' ? MONTH.exec(from) : null;
  if (!m) {
    fail(scope, 'plannedLimitsFrom', 'must be a month YYYY-MM', "Use the month you deploy, e.g. '2026-12'.", from);
  }
  const now = new Date();
  const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  if (from < thisMonth) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:plannedLimitsInThePast',
      `plannedLimitsFrom ${from} is before the current month ${thisMonth}; AWS requires the planned limits to start with the month of deployment.`);
  }
  const json: Record<string, { Amount: string; Unit: string }> = {};
  const months: Array<{ month: string; limitUsd: string }> = [];
  for (let i = 0; i < 12; i++) {
    const start = Date.UTC(Number(m[1]), Number(m[2]) - 1 + i, 1);
    const label = new Date(start).toISOString().slice(0, 7);
    json[String(start / 1000)] = { Amount: monthly[i].toFixed(2), Unit: 'USD' };
    months.push({ month: label, limitUsd: monthly[i].toFixed(2) });
  }
  return { json, months };
}
