/**
 * The month a cost-allocation tag backfill starts from, shared by the construct (checked at
 * synth) and the handler (checked again, and clamped, at deploy time). No SDK here: the
 * construct must not load one.
 *
 * Cost Explorer takes the first day of a month, at most twelve months back and never in the
 * future (API reference, StartCostAllocationTagBackfill: "The date can only be a first day of
 * the month (a billing start date). Dates can't precede the previous twelve months, or in the
 * future.").
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** How far back a backfill may start, in months before the current one. */
export const BACKFILL_MONTHS_BACK = 12;

/** True for a month written `YYYY-MM`. */
export function isBackfillMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** `YYYY-MM` of the month `offset` months after the month of `date` (UTC). */
export function monthOf(date: Date, offset = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

/** The window Cost Explorer accepts at `date`: from twelve months back to the current month. */
export function backfillWindow(date: Date): { earliest: string; latest: string } {
  return { earliest: monthOf(date, -BACKFILL_MONTHS_BACK), latest: monthOf(date) };
}

/** `month` moved into the window, and why, if it had to be. */
export function clampBackfillMonth(month: string, date: Date): { month: string; note?: string } {
  const { earliest, latest } = backfillWindow(date);
  if (month < earliest) {
    return { month: earliest, note: `${month} is more than ${BACKFILL_MONTHS_BACK} months back; Cost Explorer backfills from ${earliest} at the earliest` };
  }
  if (month > latest) {
    return { month: latest, note: `${month} is in the future; backfilled from the current month` };
  }
  return { month };
}

/** The `BackfillFrom` timestamp of a month: its first day, midnight UTC. */
export function backfillTimestamp(month: string): string {
  return `${month}-01T00:00:00Z`;
}
