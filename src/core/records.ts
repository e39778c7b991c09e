/**
 * Reading user-keyed records safely: a key like `constructor`, `toString` or `__proto__` names
 * a property every plain object inherits, so `record[key]` would return a function, not the
 * user's value (and `record[key] = v` with `__proto__` would change the prototype).
 */

/** The record's own value for `key`, never an inherited one. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && record !== null && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** An empty record with no prototype, safe to fill with any key. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
