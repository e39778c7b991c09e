import { Annotations } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { Construct } from 'constructs';
import { CostAllocatedProfileBase, ICostAllocatedProfile, ProfileMetricsDimension } from './cost-allocated-profile-base';
import { CostAllocatedProfileAttributes, ImportedProfile } from './imported-profile';
import { checkMetricsDimension, checkRenderedTags, checkSource, checkTags } from './profile-checks';
import { profileForecast, reportProfileCost } from './profile-cost';
import { addStackOutputs, checkSsmPrefix, publishToSsm } from './profile-hand-off';
import { generatedProfileName } from './profile-name';
import { DESCRIPTION_RULE, PROFILE_NAME_RULE } from './profile-rules';
import { BoundProfileSource, ProfileSource } from './profile-source';
import { claimUniqueName } from '../core/unique-names';
import { checkString, fail } from '../core/validation';
import { CostForecast, PriceCatalog, ProfileUsage } from '../pricing/cost-forecast';

/**
 * Properties of a `CostAllocatedProfile`.
 *
 * @example
 * new CostAllocatedProfile(this, 'Summaries', {
 *   source: ProfileSource.crossRegion(CrossRegionGeo.US, BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5),
 *   costAllocationTags: { Service: 'summaries', CostCenter: 'CC-1000' },
 *   description: 'Nightly summaries. Owner: search team',
 *   ssmParameterPrefix: '/bedrock/profiles/summaries', // profile-arn, profile-id and model-id for consumers
 *   metricsDimension: ProfileMetricsDimension.PROFILE_ID,
 *   expectedUsage: { daysPerMonth: 30, requestsPerDay: 50000, inputTokensPerRequest: 3000, outputTokensPerRequest: 300, cacheReadShare: 0.5 },
 *   pricesAsOf: '2026-12-01',
 * });
 */
export interface CostAllocatedProfileProps {
  /**
   * What the profile copies: `ProfileSource.foundationModel(...)` or
   * `ProfileSource.crossRegion(...)`.
   *
   * Create-only: changing it replaces the profile, which gets a new ARN.
   * @see http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-bedrock-applicationinferenceprofile.html#cfn-bedrock-applicationinferenceprofile-modelsource
   */
  readonly source: ProfileSource;

  /**
   * Cost-allocation tags billed for the profile's traffic, for example `{ Service: 'service-1' }`.
   * At least one. Keys 1–128 and values 0–256 characters of letters, digits, white space and
   * `_.:/=+-@`; keys may not start with `aws:`. Activate the keys in the Billing console
   * (payer account) before Cost Explorer or Budgets can see them.
   *
   * Tags are the only property that updates in place.
   */
  readonly costAllocationTags: { [key: string]: string };

  /**
   * The profile name: 1–64 characters, letters and digits optionally separated by single
   * `' '`, `_` or `-` (`^([0-9a-zA-Z][ _-]?)+$`).
   *
   * Create-only. With a fixed name, changing `description` or `source` fails: CloudFormation
   * creates the replacement before deleting the old profile, and the name is taken.
   *
   * @default - a name generated from the stack and construct path plus a hash of `source`
   * and `description`, so that a replacement gets a new name and succeeds
   * @see http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-bedrock-applicationinferenceprofile.html#cfn-bedrock-applicationinferenceprofile-inferenceprofilename
   */
  readonly profileName?: string;

  /**
   * A description: 1–200 characters, letters, digits, `:` and `.`, optionally separated by
   * single `' '`, `_` or `-` (`^([0-9a-zA-Z:.][ _-]?)+$`; no commas or parentheses).
   *
   * Create-only: changing it replaces the profile, which gets a new ARN.
   *
   * @default - no description
   * @see http://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-bedrock-applicationinferenceprofile.html#cfn-bedrock-applicationinferenceprofile-description
   */
  readonly description?: string;

  /**
   * Which value the `ModelId` dimension of the metric helpers carries.
   *
   * @default ProfileMetricsDimension.PROFILE_ARN
   */
  readonly metricsDimension?: ProfileMetricsDimension;

  /**
   * Publish the profile as SSM parameters under this path, for consumers in other stacks or
   * tools: `<prefix>/profile-arn`, `<prefix>/profile-id`, `<prefix>/model-id` (SDKs cannot tell
   * the model from an opaque profile ARN), `<prefix>/destination-regions` (a StringList of every
   * Region requests may run in, `*` for a global geography) and, for a cross-Region source,
   * `<prefix>/geo` (the geography prefix, e.g. `us`).
   *
   * @default - no parameters
   */
  readonly ssmParameterPrefix?: string;

  /**
   * Add stack outputs with the profile ARN, id, model id, destination Regions (comma-separated)
   * and, for a cross-Region source, geography.
   *
   * @default false
   */
  readonly stackOutputs?: boolean;

  /**
   * The traffic you expect through the profile. With it the profile gets a cost forecast
   * (`costForecast`), which budgets and spend alarms derive their numbers from and the cost
   * report writes into the cloud assembly. Pricing needs a concrete Region: give the stack an
   * `env.region` (or the source a `region`).
   *
   * @default - no forecast
   */
  readonly expectedUsage?: ProfileUsage;

  /**
   * The price catalog for the forecast, e.g. `PriceCatalog.embedded().withPriceFile('prices.yaml')`.
   *
   * @default PriceCatalog.embedded()
   */
  readonly priceCatalog?: PriceCatalog;

  /**
   * Price the forecast with the prices in effect on this date (YYYY-MM-DD).
   *
   * @default - the date of synthesis
   */
  readonly pricesAsOf?: string;
}

/**
 * An Amazon Bedrock application inference profile with cost-allocation tags: traffic through
 * its ARN is billed to those tags, so Cost Explorer and Budgets can split Bedrock spend per
 * service or team.
 *
 * `grantInvoke()` allows inference (streaming included) through the profile in every Region it
 * routes to, and nothing around it.
 *
 * @resource AWS::Bedrock::ApplicationInferenceProfile
 *
 * @example
 * const search = new CostAllocatedProfile(this, 'Search', {
 *   source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_6),
 *   costAllocationTags: { Service: 'search', Team: 'commerce' },
 *   expectedUsage: { daysPerMonth: 30, requestsPerDay: 20000, inputTokensPerRequest: 1200, outputTokensPerRequest: 250 },
 * });
 * search.grantInvoke(myRole); // Converse and ConverseStream through this profile only
 */
export class CostAllocatedProfile extends CostAllocatedProfileBase {
  /**
   * Imports an existing application inference profile. Its source is required: the grant must
   * name the model in every Region the profile routes to.
   */
  public static fromProfileAttributes(scope: Construct, id: string, attrs: CostAllocatedProfileAttributes): ICostAllocatedProfile {
    return new ImportedProfile(scope, id, attrs);
  }

  public readonly profileArn: string;
  public readonly profileId: string;
  public readonly source: ProfileSource;
  /** The profile name (given or generated). */
  public readonly profileName: string;
  /** The cost-allocation tags given in props (tags added with `Tags.of()` are not included). */
  public readonly costAllocationTags: { [key: string]: string };
  /**
   * The monthly cost forecast from `expectedUsage`, with 12 months of projection.
   *
   * @default - none without expectedUsage
   */
  public readonly costForecast?: CostForecast;
  protected readonly metricsDimension: ProfileMetricsDimension;
  /** @internal */
  protected readonly _bound: BoundProfileSource;

  constructor(scope: Construct, id: string, props: CostAllocatedProfileProps) {
    super(scope, id);
    if (props === undefined || props === null || typeof props !== 'object') {
      fail(this, 'props', 'is required', 'Pass at least { source, costAllocationTags }.', props);
    }
    this.source = checkSource(this, props.source);
    this.metricsDimension = checkMetricsDimension(this, props.metricsDimension);
    const tags = checkTags(this, 'costAllocationTags', props.costAllocationTags);
    this.costAllocationTags = { ...tags };
    if (props.description !== undefined) {
      checkString(this, 'description', props.description, DESCRIPTION_RULE);
    }
    this._bound = this.source._bind(this, 'source');

    if (props.profileName !== undefined) {
      checkString(this, 'profileName', props.profileName, PROFILE_NAME_RULE);
      claimUniqueName(this, 'inference profile name', props.profileName, 'profileName', 'Give each profile its own name, or omit profileName.');
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:fixedProfileName',
        `profileName "${props.profileName}" is fixed. Name, description and source are create-only: changing the description ` +
        'or source replaces the profile, and the replacement fails while the old profile holds the name. Consumers also get a new ARN. ' +
        'Omit profileName to get a generated name that changes with them.');
    }
    this.profileName = props.profileName ?? generatedProfileName(this, this._bound.copyFromArn, props.description);

    const resource = new bedrock.CfnApplicationInferenceProfile(this, 'Resource', {
      inferenceProfileName: this.profileName,
      description: props.description,
      modelSource: { copyFrom: this._bound.copyFromArn },
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    this.profileArn = resource.attrInferenceProfileArn;
    this.profileId = resource.attrInferenceProfileId;
    if (props.expectedUsage !== undefined) {
      this.costForecast = profileForecast(this, {
        source: this.source,
        sourceRegion: this.sourceRegion,
        costAllocationTags: this.costAllocationTags,
        expectedUsage: props.expectedUsage,
        priceCatalog: props.priceCatalog,
        pricesAsOf: props.pricesAsOf,
      });
    }

    checkRenderedTags(this, resource);
    reportProfileCost(this, resource);

    if (props.ssmParameterPrefix !== undefined) {
      publishToSsm(this, checkSsmPrefix(this, props.ssmParameterPrefix), this);
    }
    if (props.stackOutputs === true) {
      addStackOutputs(this, this);
    }
  }

  /** @internal */
  protected _grantCostAllocationTags(): { [key: string]: string } | undefined {
    return { ...this.costAllocationTags };
  }
}
