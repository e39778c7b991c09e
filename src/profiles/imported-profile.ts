import { Construct } from 'constructs';
import { CostAllocatedProfileBase, ProfileMetricsDimension } from './cost-allocated-profile-base';
import { checkMetricsDimension, checkSource, importedProfileId, parsableArn } from './profile-checks';
import { BoundProfileSource, ProfileSource } from './profile-source';
import { fail } from '../core/validation';

/**
 * What `CostAllocatedProfile.fromProfileAttributes` needs to grant invoke correctly.
 *
 * @example
 * const shared = CostAllocatedProfile.fromProfileAttributes(this, 'Shared', {
 *   profileArn: 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6',
 *   source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5),
 * });
 * shared.grantInvoke(myRole);
 */
export interface CostAllocatedProfileAttributes {
  /**
   * The application inference profile ARN
   * (`arn:<partition>:bedrock:<region>:<account>:application-inference-profile/<id>`).
   */
  readonly profileArn: string;

  /**
   * What the profile was copied from. Needed because the grant must name the model in every
   * destination Region, and the ARN does not say which.
   */
  readonly source: ProfileSource;

  /**
   * Which value the `ModelId` dimension of the metric helpers carries.
   *
   * @default ProfileMetricsDimension.PROFILE_ARN
   */
  readonly metricsDimension?: ProfileMetricsDimension;
}

/** An existing application inference profile (`CostAllocatedProfile.fromProfileAttributes`). */
export class ImportedProfile extends CostAllocatedProfileBase {
  public readonly profileArn: string;
  public readonly profileId: string;
  public readonly source: ProfileSource;
  protected readonly metricsDimension: ProfileMetricsDimension;
  /** @internal */
  protected readonly _bound: BoundProfileSource;

  constructor(scope: Construct, id: string, attrs: CostAllocatedProfileAttributes) {
    super(scope, id, { environmentFromArn: parsableArn(attrs?.profileArn) });
    if (attrs === undefined || attrs === null || typeof attrs !== 'object') {
      fail(this, 'attrs', 'is required', 'Pass { profileArn, source }.', attrs);
    }
    this.profileArn = attrs.profileArn;
    this.profileId = importedProfileId(this, attrs.profileArn);
    this.source = checkSource(this, attrs.source);
    this.metricsDimension = checkMetricsDimension(this, attrs.metricsDimension);
    this._bound = this.source._bind(this, 'source');
  }
}
