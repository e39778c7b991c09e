import { CustomResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ActivateTagsFunction } from './activate-tags-function';
import { handlerProvider } from '../core/handler-provider';
import { checkString, fail } from '../core/validation';
import { RESERVED_TAG_PREFIX, TAG_KEY_RULE } from '../profiles/profile-rules';

/** Properties of a `CostAllocationTagActivation`. */
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
}

/**
 * Activates cost-allocation tag keys, so that Cost Explorer and AWS Budgets can filter and
 * group by them. Deploy it in the **management (payer) account**: only it can activate tags.
 *
 * A key AWS has not yet seen on billed usage (up to 24 hours after tagging) cannot be
 * activated; it is reported as pending (the `pending` attribute) with guidance, and the stack
 * does not fail: deploy again later with a new `retryToken`. Activation is not retroactive (AWS
 * can backfill on request). Deleting the stack never deactivates a tag: other teams' reports
 * may depend on it.
 *
 * @resource Custom::CostAllocationTagActivation
 */
export class CostAllocationTagActivation extends Construct {
  /** Keys activated by the last deployment (comma-separated). */
  public readonly activated: string;
  /** Keys not yet activatable (comma-separated), with guidance in `guidance`. */
  public readonly pending: string;
  /** What to do about pending keys. */
  public readonly guidance: string;

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

    const provider = handlerProvider(this, {
      id: 'BedrockCostTagActivationProvider',
      createHandler: (scope_, id_, options) => new ActivateTagsFunction(scope_, id_, options),
      statements: [new iam.PolicyStatement({ actions: ['ce:UpdateCostAllocationTagsStatus'], resources: ['*'] })],
      wildcardReason: 'ce:UpdateCostAllocationTagsStatus supports no resource-level permissions (the Service Authorization Reference lists none); '
        + 'the role may call this one action only.',
      description: 'cost-allocation tag activation (cdk-bedrock-cost-profiles)',
    });
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CostAllocationTagActivation',
      properties: { TagKeys: [...new Set(keys as string[])].sort(), RetryToken: props.retryToken ?? '' },
    });
    this.activated = resource.getAttString('Activated');
    this.pending = resource.getAttString('Pending');
    this.guidance = resource.getAttString('Guidance');
  }
}
