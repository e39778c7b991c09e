import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { sha256Hex } from '../core/sha256';

const NAME_MAX = 64;
const HASH_LENGTH = 8;

/**
 * A valid, account-unique name that changes whenever a create-only property changes, so that
 * CloudFormation can create the replacement before it deletes the old profile.
 */
export function generatedProfileName(scope: IConstruct, copyFrom: string, description: string | undefined): string {
  const stack = Stack.of(scope);
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
  const pathInStack = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  const createOnly = resolvedCreateOnly(stack, copyFrom, description);
  const hash = sha256Hex(`${stackName}\n${scope.node.path}\n${createOnly}`).slice(0, HASH_LENGTH);
  const readable = [stackName, ...pathInStack].join('-').replace(/[^0-9a-zA-Z]+/g, '-').replace(/^-+|-+$/g, '');
  const head = readable.slice(0, NAME_MAX - HASH_LENGTH - 1).replace(/-+$/, '');
  return head ? `${head}-${hash}` : hash;
}

/**
 * The create-only properties, resolved: once per stack and distinct value (resolving tokens is
 * most of the cost of a name, and a platform vends thousands of profiles of a few models).
 */
const resolvedByStack = new WeakMap<Stack, Map<string, string>>();

function resolvedCreateOnly(stack: Stack, copyFrom: string, description: string | undefined): string {
  const cache = resolvedByStack.get(stack) ?? new Map<string, string>();
  resolvedByStack.set(stack, cache);
  const key = `${copyFrom}\u0000${description ?? '\u0001'}`;
  let resolved = cache.get(key);
  if (resolved === undefined) {
    resolved = JSON.stringify(stack.resolve([copyFrom, description ?? null]));
    cache.set(key, resolved);
  }
  return resolved;
}

