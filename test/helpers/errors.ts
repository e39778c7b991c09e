import { CostProfilesErrors } from '../../src';
import { CostProfilesError } from '../../src/core/errors';

/** The CostProfilesError `fn` throws; fails the test when it throws nothing or something else. */
export function errorOf(fn: () => unknown): CostProfilesError {
  try {
    fn();
  } catch (e) {
    expect(CostProfilesErrors.isCostProfilesError(e)).toBe(true);
    return e as CostProfilesError;
  }
  throw new Error('expected an error');
}
