/**
 * Custom-resource handler (behind custom_resources.Provider): activates cost-allocation tag
 * keys with Cost Explorer's UpdateCostAllocationTagsStatus, and optionally requests a backfill.
 *
 * - Create/Update: activate every key, 20 per call (the API's limit). A key AWS has not yet
 *   seen on billed usage cannot be activated (up to 24 h after tagging): it is reported as
 *   pending with guidance, and the stack does not fail.
 * - Backfill (with BackfillFrom): once per set of active keys, request
 *   StartCostAllocationTagBackfill (see tag-backfill.ts).
 * - Delete: nothing. Deactivating would hide past spend from every report using the tag, for
 *   every team; a stack going away is no reason to do that.
 */
import { CostExplorerClient, UpdateCostAllocationTagsStatusCommand } from '@aws-sdk/client-cost-explorer';
import { BackfillOutcome, checkBackfillMonth, PHYSICAL_ID, requestBackfill } from './tag-backfill';

export { PHYSICAL_ID };
const BATCH = 20;

/**
 * The per-key error code of a key AWS has not seen on a bill yet (AWS API reference,
 * UpdateCostAllocationTagsStatus, example 2). Only this code means "pending": any other code,
 * whatever its message says, is a failure.
 */
const NOT_SEEN_YET = 'TagKeysNotFoundException';

export interface TagActivationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly TagKeys?: unknown; readonly BackfillFrom?: unknown };
}

export interface TagActivationResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Activated: string; readonly Pending: string; readonly Guidance: string; readonly Backfill: string };
}

/**
 * A Cost Explorer client for the function's own Region. Cost Explorer has one endpoint per
 * partition; the SDK resolves it from any Region of the partition (us-east-1 for aws,
 * cn-northwest-1 for aws-cn, us-gov-west-1 for aws-us-gov), so nothing is pinned here.
 */
export function costExplorerClient(region: string | undefined = process.env.AWS_REGION): CostExplorerClient {
  return new CostExplorerClient({ region, maxAttempts: 8 });
}

let client: CostExplorerClient | undefined;
let now = () => new Date();

/** For tests: use another client (a local endpoint or a mock). */
export function setClient(replacement: CostExplorerClient): void {
  client = replacement;
}

/** For tests: the time the handler runs at. */
export function setClock(clock: () => Date): void {
  now = clock;
}

export async function handler(event: TagActivationEvent): Promise<TagActivationResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_ID };
  }
  const startedAt = now();
  const ce = client ??= costExplorerClient();
  const keys = tagKeys(event.ResourceProperties.TagKeys);
  const backfillFrom = event.ResourceProperties.BackfillFrom === undefined ? undefined : checkBackfillMonth(event.ResourceProperties.BackfillFrom);
  const activated: string[] = [];
  const pending: string[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    const result = await activate(ce, keys.slice(i, i + BATCH));
    activated.push(...result.activated);
    pending.push(...result.pending);
  }
  const guidance = pending.length === 0
    ? 'All tag keys are active.'
    : `Not yet activatable: ${pending.join(', ')}. AWS activates a tag key only after it has appeared on billed usage (up to 24 hours after `
      + 'resources are tagged). Redeploy later with a new retryToken, or activate them in the Billing console under Cost allocation tags.';
  const backfill: BackfillOutcome = backfillFrom === undefined
    ? { physicalResourceId: PHYSICAL_ID, summary: 'Not requested (no backfillFrom).' }
    : await requestBackfill(ce, { month: backfillFrom, activeKeys: activated, previousPhysicalId: event.PhysicalResourceId, startedAt });
  console.log(JSON.stringify({ activated, pending, guidance, backfill: backfill.summary }));
  // Keep the response small (under CloudFormation's 4 KB).
  return {
    PhysicalResourceId: backfill.physicalResourceId,
    Data: {
      Activated: truncate(activated.join(',')),
      Pending: truncate(pending.join(',')),
      Guidance: truncate(guidance),
      Backfill: truncate(backfill.summary),
    },
  };
}

function tagKeys(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.some(k => typeof k !== 'string' || k.length === 0)) {
    throw new Error(`TagKeys must be a non-empty list of tag keys, got ${JSON.stringify(raw)}`);
  }
  return [...new Set(raw as string[])];
}

async function activate(ce: CostExplorerClient, keys: string[]): Promise<{ activated: string[]; pending: string[] }> {
  try {
    const response = await ce.send(new UpdateCostAllocationTagsStatusCommand({
      CostAllocationTagsStatus: keys.map(TagKey => ({ TagKey, Status: 'Active' })),
    }));
    const errors = response.Errors ?? [];
    const failed = errors.filter(e => e.Code !== NOT_SEEN_YET);
    if (failed.length > 0) {
      throw new Error(`Cost Explorer refused to activate ${failed.map(e => `${e.TagKey} (${e.Code}: ${e.Message})`).join('; ')}`);
    }
    const pending = errors.map(e => e.TagKey!).filter(Boolean);
    return { activated: keys.filter(k => !pending.includes(k)), pending };
  } catch (e) {
    const error = e as Error;
    if (error.name === NOT_SEEN_YET) {
      // The whole call failed because of some key; find out which, one at a time.
      if (keys.length === 1) {
        return { activated: [], pending: keys };
      }
      const results = await Promise.all(keys.map(k => activate(ce, [k])));
      return { activated: results.flatMap(r => r.activated), pending: results.flatMap(r => r.pending) };
    }
    if (error.name === 'AccessDeniedException') {
      throw new Error('Cost allocation tags can be activated only from the management (payer) account of the organization, with '
        + `ce:UpdateCostAllocationTagsStatus. Deploy CostAllocationTagActivation there. (${error.name}: ${error.message})`);
    }
    throw e;
  }
}

function truncate(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
