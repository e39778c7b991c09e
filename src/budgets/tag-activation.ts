import { Annotations, CustomResource, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ActivateTagsFunction } from './activate-tags-function';
import { BACKFILL_MONTHS_BACK, backfillWindow, isBackfillMonth } from './backfill-month';
import { handlerProvider } from '../core/handler-provider';
import { checkString, fail } from '../core/validation';
import { RESERVED_TAG_PREFIX, TAG_KEY_RULE } from '../profiles/profile-rules';

/**
 * Properties of a `CostAllocationTagActivation`.
 *
 * @example
 * new CostAllocationTagActivation(this, 'CostTags', {
 *   tagKeys: ['Team', 'iamPrincipal/Team'],
 *   retryToken: '2026-12-02', // change it to retry the keys reported as pending
 * });
 */
export interface CostAllocationTagActivationProps {
  /** The cost-allocation tag keys to activate, e.g. `['Service', 'Team']`. */
  readonly tagKeys: string[];

  /**
   * Change this to try again to activate keys that were still pending (not yet seen on billed
   * usage) at the last deployment.
   *
   * @default - none
   */
  readonly retryToken?: string;

  /**
   * Request a backfill from this month (`YYYY-MM`), so that spend since then shows under the
   * keys too (activation alone is not retroactive).
   *
   * Requested once per set of active keys: again when a pending key becomes active on a later
   * deployment, never on a redeploy that changes nothing. Cost Explorer backfills at most the
   * previous twelve months and runs one backfill at a time (one request per 24 hours); a month
   * further back is moved forward, and a request refused for now is reported in `backfill` (the
   * stack does not fail) and asked for again on the next deployment.
   *
   * @default - no backfill
   */
  readonly backfillFrom?: string;
}

/**
 * Activates cost-allocation tag keys, so that Cost Explorer and AWS Budgets can filter and
 * group by them. Deploy it in the **management (payer) account**: only it can activate tags.
 *
 * A key AWS has not yet seen on billed usage (up to 24 hours after tagging) cannot be
 * activated; it is reported as pending (the `pending` attribute) with guidance, and the stack
 * does not fail: deploy again later with a new `retryToken`. Activation is not retroactive:
 * `backfillFrom` requests a backfill. Deleting the stack never deactivates a tag: other teams'
 * reports may depend on it.
 *
 * @resource Custom::CostAllocationTagActivation
 *
 * @example
 * // In the payer account: activate the keys, and backfill the months since June.
 * new CostAllocationTagActivation(this, 'CostTags', { tagKeys: ['Service', 'Team'], backfillFrom: '2026-06' });
 */
export class CostAllocationTagActivation extends Construct {
  /** Keys activated by the last deployment (comma-separated). */
  public readonly activated: string;
  /** Keys not yet activatable (comma-separated), with guidance in `guidance`. */
  public readonly pending: string;
  /** What to do about pending keys. */
  public readonly guidance: string;
  /** What happened to the backfill (requested, already requested, or why not). */
  public readonly backfill: string;

  constructor(scope: Construct, id: string, props: CostAllocationTagActivationProps) {
    super(scope, id);
    const keys: unknown = props?.tagKeys;
    if (!Array.isArray(keys) || keys.length === 0) {
      fail(this, 'tagKeys', 'must list at least one tag key', "Pass e.g. { tagKeys: ['Service', 'Team'] }.", keys);
    }
    keys.forEach((key, i) => {
      checkString(this, `tagKeys[${i}]`, key, TAG_KEY_RULE);
      if ((key as string).toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
        fail(this, `tagKeys[${i}]`, 'is an AWS-generated tag (aws:…), activated in the Billing console, not here', 'List your own tag keys.', key);
      }
    });
    if (props.retryToken !== undefined && typeof props.retryToken !== 'string') {
      fail(this, 'retryToken', 'must be a string', "Use e.g. retryToken: '2026-11-24'.", props.retryToken);
    }
    const backfillFrom = this.checkBackfillFrom(props.backfillFrom);

    const provider = handlerProvider(this, {
      id: 'BedrockCostTagActivationProvider',
      createHandler: (scope_, id_, options) => new ActivateTagsFunction(scope_, id_, options),
      statements: [new iam.PolicyStatement({ actions: ['ce:UpdateCostAllocationTagsStatus'], resources: ['*'] })],
      wildcardReason: 'Cost Explorer\'s tag actions (ce:UpdateCostAllocationTagsStatus, and for a backfill ce:StartCostAllocationTagBackfill '
        + 'and ce:ListCostAllocationTagBackfillHistory) support no resource-level permissions (the Service Authorization Reference lists none); '
        + 'the role may call these actions only.',
      description: 'cost-allocation tag activation (cdk-bedrock-cost-profiles)',
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CostAllocationTagActivation',
      properties: {
        TagKeys: [...new Set(keys as string[])].sort(),
        RetryToken: props.retryToken ?? '',
        ...(backfillFrom === undefined ? {} : { BackfillFrom: backfillFrom }),
      },
    });
    if (backfillFrom !== undefined) {
      // The provider is shared by the stack's activations: only the ones that backfill add this.
      provider.onEventHandler.addToRolePolicy(new iam.PolicyStatement({
        actions: ['ce:StartCostAllocationTagBackfill', 'ce:ListCostAllocationTagBackfillHistory'],
        resources: ['*'],
      }));
    }
    this.activated = resource.getAttString('Activated');
    this.pending = resource.getAttString('Pending');
    this.guidance = resource.getAttString('Guidance');
    this.backfill = resource.getAttString('Backfill');
  }

  private checkBackfillFrom(value: unknown): string | undefined {
    if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) {
      return value;
    }
    if (!isBackfillMonth(value)) {
      fail(this, 'backfillFrom', 'must be a month written YYYY-MM', "Use e.g. backfillFrom: '2026-11'.", value);
    }
    const { earliest, latest } = backfillWindow(new Date());
    if (value > latest) {
      fail(this, 'backfillFrom', `is in the future (this month is ${latest})`, `Use ${latest} or an earlier month, back to ${earliest}.`, value);
    }
    if (value < earliest) {
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:backfillFromTooEarly',
        `backfillFrom ${value} is more than ${BACKFILL_MONTHS_BACK} months back: Cost Explorer backfills at most the previous ${BACKFILL_MONTHS_BACK} `
        + `months, so the backfill will start from ${earliest} (or the earliest month allowed on the day of deployment).`);
    }
    return value;
  }
}
