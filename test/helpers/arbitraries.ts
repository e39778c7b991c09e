import * as fc from 'fast-check';

/**
 * Objects that break careless code: string conversion throws (`${x}`, `<`, `String(x)` on them
 * all fail), or they lie about their shape. fast-check found the first of these by chance in CI.
 */
const hostileObjects = fc.constantFrom<unknown>(
  { toString: 0 },
  { toString: 0, valueOf: 0 },
  Object.create(null),
  { length: -1 },
  { [Symbol.toPrimitive]: () => { throw new Error('no primitive'); } },
  Symbol('s'),
  10n,
  Number.NaN,
  [[]],
);

/** Any JavaScript value, `undefined` and hostile objects included, for "never a crash" properties. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.anything(), fc.constant(undefined), hostileObjects);
