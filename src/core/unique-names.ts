import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from './validation';

/**
 * Names AWS keeps unique per account (and Region), claimed app-wide at construction: a second
 * claim of the same name is an error at synthesis instead of one deployment replacing (or
 * failing on) the other's resources. Stacks in different stages of one app are the common way to
 * get there: two `PlatformVending` with the default prefix name their stacks alike.
 *
 * An environment-agnostic stack may deploy to any account or Region, so its claim overlaps all.
 */
export type UniqueNameKind = 'stack name' | 'inference profile name' | 'budget name';

interface Claim {
  readonly kind: UniqueNameKind;
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly path: string;
}

const claims = new WeakMap<IConstruct, Claim[]>();

/**
 * Claims `name` for `scope`'s stack environment (`perRegion: false` for names unique per
 * account, like budget names). A name that is a token cannot be checked and is not claimed.
 */
export function claimUniqueName(scope: IConstruct, kind: UniqueNameKind, name: string, field: string, fix: string, perRegion = true): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const stack = Stack.of(scope);
  const part = (value: string) => (Token.isUnresolved(value) ? '*' : value);
  const mine: Claim = { kind, account: part(stack.account), region: perRegion ? part(stack.region) : '-', name, path: scope.node.path };
  const root = scope.node.root;
  const taken = claims.get(root) ?? [];
  const overlaps = (a: string, b: string) => a === '*' || b === '*' || a === b;
  const clash = taken.find(o => o.kind === kind && o.name === name && overlaps(o.account, mine.account) && overlaps(o.region, mine.region));
  if (clash !== undefined) {
    const where = [mine.account, mine.region, clash.account, clash.region].includes('*')
      ? 'possibly the same account' + (perRegion ? ' and Region (a stack is environment-agnostic)' : ' (a stack is environment-agnostic)')
      : `account ${mine.account}${perRegion ? ` and Region ${mine.region}` : ''}`;
    fail(scope, field, `repeats the ${kind} "${name}" of ${clash.path} in ${where}: the second deployment would replace or fail on the first's`, fix, name);
  }
  taken.push(mine);
  claims.set(root, taken);
}
