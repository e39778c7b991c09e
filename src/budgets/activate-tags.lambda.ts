/**
 * Custom-resource handler (behind custom_resources.Provider): activates cost-allocation tag
 * keys with Cost Explorer's UpdateCostAllocationTagsStatus.
 *
 * - Create/Update: activate every key, 20 per call (the API's limit). A key AWS has not yet
 *   seen on billed usage cannot be activated (up to 24 h after tagging): it is reported as
 *   pending with guidance, and the stack does not fail.
 * - Delete: nothing. Deactivating would hide past spend from every report using the tag, for
 *   every team; a stack going away is no reason to do that.
 */
import { CostExplorerClient, UpdateCostAllocationTagsStatusCommand } from '@aws-sdk/client-cost-explorer';

export const PHYSICAL_ID = 'cost-allocation-tags';
const BATCH = 20;

export interface TagActivationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly TagKeys?: unknown };
}

export interface TagActivationResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Activated: string; readonly Pending: string; readonly Guidance: string };
}

/** Cost Explorer's API is served from us-east-1 only. */
let client = new CostExplorerClient({ region: 'us-east-1', maxAttempts: 8 });

/** For tests: use another client (a local endpoint or a mock). */
export function setClient(replacement: CostExplorerClient): void {
  client = replacement;
}

export async function handler(event: TagActivationEvent): Promise<TagActivationResponse> {
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_ID };
  }
  const keys = tagKeys(event.ResourceProperties.TagKeys);
  const activated: string[] = [];
  const pending: string[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const result = await activate(batch);
    activated.push(...result.activated);
    pending.push(...result.pending);
  }
  const guidance = pending.length === 0
    ? 'All tag keys are active.'
    : `Not yet activatable: ${pending.join(', ')}. AWS activates a tag key only after it has appeared on billed usage (up to 24 hours after `
      + 'resources are tagged). Redeploy later with a new retryToken, or activate them in the Billing console under Cost allocation tags.';
  console.log(JSON.stringify({ activated, pending, guidance }));
  // Keep the response small (under CloudFormation's 4 KB).
  return {
    PhysicalResourceId: PHYSICAL_ID,
    Data: { Activated: truncate(activated.join(',')), Pending: truncate(pending.join(',')), Guidance: truncate(guidance) },
  };
}

function tagKeys(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.some(k => typeof k !== 'string' || k.length === 0)) {
    throw new Error(`TagKeys must be a non-empty list of tag keys, got ${JSON.stringify(raw)}`);
  }
  return [...new Set(raw as string[])];
}

async function activate(keys: string[]): Promise<{ activated: string[]; pending: string[] }> {
  try {
    const response = await client.send(new UpdateCostAllocationTagsStatusCommand({
      CostAllocationTagsStatus: keys.map(TagKey => ({ TagKey, Status: 'Active' })),
    }));
    const errors = response.Errors ?? [];
    const failed = errors.filter(e => !notSeenYet(e.Code, e.Message));
    if (failed.length > 0) {
      throw new Error(`Cost Explorer refused to activate ${failed.map(e => `${e.TagKey} (${e.Code}: ${e.Message})`).join('; ')}`);
    }
    const pending = errors.map(e => e.TagKey!).filter(Boolean);
    return { activated: keys.filter(k => !pending.includes(k)), pending };
  } catch (e) {
    const error = e as Error & { name?: string };
    if (notSeenYet(error.name, error.message)) {
      // The whole call failed because of some key; find out which, one at a time.
      if (keys.length === 1) {
        return { activated: [], pending: keys };
      }
      const results = await Promise.all(keys.map(k => activate([k])));
      return { activated: results.flatMap(r => r.activated), pending: results.flatMap(r => r.pending) };
    }
    if (error.name === 'AccessDeniedException' || /linked account|management account|payer/i.test(error.message ?? '')) {
      throw new Error('Cost allocation tags can be activated only from the management (payer) account of the organization, with '
        + `ce:UpdateCostAllocationTagsStatus. Deploy CostAllocationTagActivation there. (${error.name}: ${error.message})`);
    }
    throw e;
  }
}

function notSeenYet(code: string | undefined, message: string | undefined): boolean {
  return /TagKeysNotFound|TagKeyNotFound|NotFound/i.test(code ?? '') || /not (been )?found|does not exist|no usage/i.test(message ?? '');
}

function truncate(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
