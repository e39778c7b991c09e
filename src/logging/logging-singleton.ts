import { Names, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/validation';

// Model invocation logging is one configuration per account and Region: the checks that keep it so.

const LEGACY_STATE_PARAMETER_PREFIX = '/cdk-bedrock-cost-profiles/invocation-logging';

/** The per-stack parameter an earlier version kept the replaced configuration in. */
export function legacyStateParameterName(stack: Stack): string {
  const key = Token.isUnresolved(stack.stackName) ? Names.uniqueId(stack) : stack.stackName;
  return `${LEGACY_STATE_PARAMETER_PREFIX}/${key}/replaced-configuration`;
}

const claims = new WeakMap<IConstruct, Array<{ account: string; region: string; path: string }>>();

/**
 * One configuration per account and Region: a second instance in the same app would overwrite
 * the first at deploy time. Region-agnostic stacks may deploy anywhere, so they clash with all.
 */
export function claimAccountRegion(logging: Construct): void {
  const stack = Stack.of(logging);
  const part = (value: string) => (Token.isUnresolved(value) ? '*' : value);
  const mine = { account: part(stack.account), region: part(stack.region), path: logging.node.path };
  const root = logging.node.root;
  const taken = claims.get(root) ?? [];
  const overlaps = (a: string, b: string) => a === '*' || b === '*' || a === b;
  const clash = taken.find(other => overlaps(other.account, mine.account) && overlaps(other.region, mine.region));
  if (clash) {
    const where = mine.account === '*' || mine.region === '*' || clash.account === '*' || clash.region === '*'
      ? 'possibly the same account and Region (at least one stack is environment-agnostic)'
      : `account ${mine.account} and Region ${mine.region}`;
    fail(logging, '(construct)', `is a second Bedrock invocation logging configuration for ${where}; the first is ${clash.path}. `
      + 'There is one configuration per account and Region: the second deployment would overwrite the first',
    'Keep one BedrockInvocationLogging per account and Region (in a shared stack), or give the stacks explicit env accounts and Regions that differ.',
    mine.path);
  }
  claims.set(root, [...taken, mine]);
}
