import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CostProfilesError } from './errors';

/** A string constraint as CloudFormation states it, plus the words a user needs to fix it. */
export interface StringRule {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** Plain words for the pattern, e.g. "letters, digits, and single ' ', '_' or '-' between them". */
  readonly patternHelp?: string;
  /** How to fix a bad value. */
  readonly fix: string;
}

/** Throws a `CostProfilesError` located at the construct's path. */
export function fail(scope: IConstruct, field: string, problem: string, fix: string, value: unknown): never {
  throw new CostProfilesError({ location: scope.node.path || '<root>', field, problem, fix, value });
}

/**
 * Checks a string the way the CloudFormation schema does (length in code points, ECMA-262
 * pattern). Unresolved tokens pass: CloudFormation checks them at deploy time.
 */
export function checkString(scope: IConstruct, field: string, value: unknown, rule: StringRule): void {
  if (typeof value !== 'string') {
    fail(scope, field, 'must be a string', rule.fix, value);
  }
  if (Token.isUnresolved(value)) {
    return;
  }
  const length = codePointLength(value);
  if (rule.minLength !== undefined && length < rule.minLength) {
    fail(scope, field, `must be at least ${rule.minLength} characters long, but has ${length}`, rule.fix, value);
  }
  if (rule.maxLength !== undefined && length > rule.maxLength) {
    fail(scope, field, `must be at most ${rule.maxLength} characters long, but has ${length}`, rule.fix, value);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    const help = rule.patternHelp ? ` (${rule.patternHelp})` : '';
    fail(scope, field, `must match ${rule.pattern.source}${help}`, rule.fix, value);
  }
}

/** JSON Schema counts string length in Unicode code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
      }
    }
    count++;
  }
  return count;
}

/** A concrete (resolved, at synth time) string, or undefined when it is a token. */
export function concreteOrUndefined(value: string | undefined): string | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** Fails unless `grantee` can be granted to (an iam.IGrantable: a role, user, group or function). */
export function checkGrantee(scope: IConstruct, method: string, grantee: unknown): void {
  const principal = grantee !== null && typeof grantee === 'object' ? (grantee as { grantPrincipal?: unknown }).grantPrincipal : undefined;
  if (principal === null || typeof principal !== 'object') {
    fail(scope, `${method}(grantee)`, 'must be an IAM principal to grant to (iam.IGrantable)', 'Pass a role, user, group or function, e.g. grantInvoke(myRole).', grantee);
  }
}

/** Fails unless `value` (when given) is a KMS key (kms.IKey). */
export function checkKey(scope: IConstruct, field: string, value: unknown): void {
  const key = value as { keyArn?: unknown; addToResourcePolicy?: unknown } | null | undefined;
  if (value !== undefined && (key === null || typeof key !== 'object' || typeof key.keyArn !== 'string' || typeof key.addToResourcePolicy !== 'function')) {
    fail(scope, field, 'must be a KMS key', "Pass a kms.IKey, e.g. new kms.Key(this, 'Key', { enableKeyRotation: true }).", value);
  }
}

/** A boolean prop: `fallback` when absent. */
export function checkFlag(scope: IConstruct, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    fail(scope, field, 'must be true or false', `Write ${field}: ${fallback}.`, value);
  }
  return value;
}

/**
 * An enum prop (`typeName` names the enum in the error): `fallback` when absent, an error unless
 * it is one of the enum's values.
 */
export function checkEnum<T extends string>(
  scope: IConstruct, field: string, value: unknown, values: Record<string, T>, typeName: string, fallback: T, fix: string,
): T {
  if (value === undefined) {
    return fallback;
  }
  if (!Object.values(values).includes(value as T)) {
    fail(scope, field, `must be a ${typeName}`, fix, value);
  }
  return value as T;
}
