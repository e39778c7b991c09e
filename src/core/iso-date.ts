/**
 * The one check for calendar dates written YYYY-MM-DD (and months YYYY-MM), used for every
 * date a user gives: `pricesAsOf`, `--as-of`, a usage file's `asOf`, the days of invocation
 * records. A date passes only if it exists and reads back the same: `Date.parse` would roll
 * 2026-02-30 over to March and accept 9999-99-99 in some engines.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** True for an existing calendar date YYYY-MM-DD, years 1000 to 9999. */
export function isIsoDate(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (m === null) {
    return false;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for a month YYYY-MM, years 1000 to 9999. */
export function isIsoMonth(value: unknown): value is string {
  const m = typeof value === 'string' ? MONTH.exec(value) : null;
  return m !== null && Number(m[1]) >= 1000 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
