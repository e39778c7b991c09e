/**
 * The backfill half of the tag-activation handler: activation is not retroactive, so without a
 * backfill the spend before activation never shows under the tag. StartCostAllocationTagBackfill
 * applies every key's current status to the spend since a month, account-wide.
 *
 * Once per set of active keys: the physical resource id records which set (and month) the last
 * requested backfill covered, so a redeploy, a retried event or a second activation with the
 * same keys requests nothing, while a newly active key (a pending one, activated on a later
 * deploy) requests a new one. Cost Explorer runs one backfill at a time and takes one request per
 * 24 hours; a refusal for that reason does not fail the stack, and keeps the old id, so that the
 * next deploy asks again.
 */
import { createHash } from 'crypto';
import {
  CostAllocationTagBackfillRequest,
  CostExplorerClient,
  ListCostAllocationTagBackfillHistoryCommand,
  StartCostAllocationTagBackfillCommand,
} from '@aws-sdk/client-cost-explorer';
import { backfillTimestamp, clampBackfillMonth, isBackfillMonth } from './backfill-month';

export const PHYSICAL_ID = 'cost-allocation-tags';

/** Refusals that mean "not now": one backfill at a time, one request per 24 hours, rate limits. */
const TRY_LATER = new Set(['BackfillLimitExceededException', 'LimitExceededException']);
/** Refusals of the request itself (e.g. a month Cost Explorer does not accept): reported, not fatal. */
const REFUSED = new Set(['ValidationException', 'InvalidParameterException']);
/** Backfill history pages read to find one that already covers the keys. */
const HISTORY_PAGES = 5;

export interface BackfillRequest {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The keys active after this deployment's activation. */
  readonly activeKeys: string[];
  readonly previousPhysicalId?: string;
  /** When this deployment's activation started. */
  readonly startedAt: Date;
}

export interface BackfillOutcome {
  readonly physicalResourceId: string;
  /** What happened, for the `Backfill` attribute and the log. */
  readonly summary: string;
}

/** Checks the BackfillFrom property (the construct checked it too; tokens reach here unchecked). */
export function checkBackfillMonth(value: unknown): string {
  if (!isBackfillMonth(value)) {
    throw new Error(`BackfillFrom must be a month written YYYY-MM, got ${JSON.stringify(value)}`);
  }
  return value;
}

export async function requestBackfill(ce: CostExplorerClient, request: BackfillRequest): Promise<BackfillOutcome> {
  const keep = request.previousPhysicalId ?? PHYSICAL_ID;
  if (request.activeKeys.length === 0) {
    return { physicalResourceId: keep, summary: 'Not requested: no key is active yet. Redeploy with a new retryToken once they are.' };
  }
  const { month, note } = clampBackfillMonth(request.month, request.startedAt);
  const physicalResourceId = coveredId(month, request.activeKeys);
  if (request.previousPhysicalId === physicalResourceId) {
    return { physicalResourceId, summary: `Already requested from ${month} for these keys.` };
  }
  const from = backfillTimestamp(month);
  const clamped = note ? ` (${note})` : '';
  try {
    const response = await ce.send(new StartCostAllocationTagBackfillCommand({ BackfillFrom: from }));
    const status = response.BackfillRequest?.BackfillStatus ?? 'PROCESSING';
    return {
      physicalResourceId,
      summary: `Requested from ${month}${clamped}: ${status}. Cost Explorer applies the keys' status to the spend since then, asynchronously.`,
    };
  } catch (e) {
    const error = e as Error;
    if (TRY_LATER.has(error.name)) {
      const covering = await coveringBackfill(ce, from, request.startedAt);
      if (covering) {
        return {
          physicalResourceId,
          summary: `Covered by the backfill from ${covering.BackfillFrom} requested at ${covering.RequestedAt} (${covering.BackfillStatus}).`,
        };
      }
      return {
        physicalResourceId: keep,
        summary: `Not requested: Cost Explorer refused (${error.name}: ${error.message}). It runs one backfill at a time and takes one request `
          + 'per 24 hours. Redeploy with a new retryToken once the running one has finished, or request it in the Billing and Cost Management console.',
      };
    }
    if (REFUSED.has(error.name)) {
      return { physicalResourceId: keep, summary: `Not requested: Cost Explorer refused BackfillFrom ${from}${clamped} (${error.name}: ${error.message}).` };
    }
    const where = error.name === 'AccessDeniedException'
      ? ' A backfill can be requested only from the management (payer) account, with ce:StartCostAllocationTagBackfill.'
      : '';
    throw new Error(`The tag backfill from ${from} failed (${error.name}: ${error.message}); the keys themselves are activated.${where}`);
  }
}

/** The id that says: a backfill from `month` was requested with exactly these keys active. */
function coveredId(month: string, keys: string[]): string {
  const hash = createHash('sha256').update(JSON.stringify([month, [...keys].sort()])).digest('hex').slice(0, 16);
  return `${PHYSICAL_ID}/backfill-${month}-${hash}`;
}

/**
 * A backfill requested after this deployment began, from `from` or earlier, and not failed:
 * it saw these keys active, so it covers them (another stack, or this event retried).
 */
async function coveringBackfill(ce: CostExplorerClient, from: string, startedAt: Date): Promise<CostAllocationTagBackfillRequest | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const history = await ce.send(new ListCostAllocationTagBackfillHistoryCommand({ NextToken: nextToken }));
    const covering = (history.BackfillRequests ?? []).find(r => r.BackfillStatus !== 'FAILED'
      && Date.parse(r.BackfillFrom ?? '') <= Date.parse(from)
      && Date.parse(r.RequestedAt ?? '') >= startedAt.getTime());
    if (covering || history.NextToken === undefined) {
      return covering;
    }
    nextToken = history.NextToken;
  }
  return undefined;
}
