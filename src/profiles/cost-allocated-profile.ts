import { createHash } from 'crypto';
import { Annotations, CfnOutput, Duration, Fn, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import {
  APPLICATION_PROFILE_ARN_PATTERN,
  DESCRIPTION_RULE,
  MAX_TAGS,
  PROFILE_NAME_RULE,
  RESERVED_TAG_PREFIX,
  TAG_KEY_RULE,
  TAG_VALUE_RULE,
} from './profile-rules';
import { BoundProfileSource, ProfileSource, ProfileSourceKind } from './profile-source';
import { CostProfilesError } from '../core/errors';
import { addNagSuppression, escapeRegExp, policyResourcesOf } from '../core/nag';
import { checkString, fail } from '../core/validation';
import { CostForecast, PriceCatalog, ProfileUsage } from '../pricing/cost-forecast';
import { contributeToCostReport } from '../report/cost-report';

/** The actions that run inference; `...WithResponseStream` is what ConverseStream needs. */
const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/**
 * Which value Bedrock's CloudWatch metrics carry in the `ModelId` dimension for traffic through
 * an application inference profile.
 *
 * AWS sources disagree on this (it is unverified), so it is one switch: if the profile's metric
 * helpers show no data, flip it.
 */
export enum ProfileMetricsDimension {
  /** `ModelId` = the application inference profile ARN. */
  PROFILE_ARN = 'PROFILE_ARN',
  /** `ModelId` = the application inference profile id (the last part of the ARN). */
  PROFILE_ID = 'PROFILE_ID',
}

/** An application inference profile whose traffic is billed to its cost-allocation tags. */
export interface ICostAllocatedProfile extends IResource {
  /**
   * The profile ARN: pass it as `modelId` to InvokeModel, Converse and their streaming forms.
   * @attribute
   */
  readonly profileArn: string;
  /**
   * The profile id (the last part of the ARN).
   * @attribute
   */
  readonly profileId: string;
  /** The bare foundation-model id behind the profile. */
  readonly modelId: string;
  /** What the profile was copied from. */
  readonly source: ProfileSource;
  /** Foundation model or cross-Region profile. */
  readonly sourceKind: ProfileSourceKind;
  /**
   * The geography prefix (`us`, `eu`, `global`, ...) of a cross-Region source.
   *
   * @default - none for a foundation-model source
   */
  readonly geoPrefix?: string;
  /** Every Region a request may run in (`['*']` for a global geography). */
  readonly destinationRegions: string[];
  /** The Region requests are made from: the profile's own Region (a token in a Region-agnostic stack). */
  readonly sourceRegion: string;

  /**
   * Allows `grantee` to run inference through this profile, streaming included, in every
   * destination Region, without being able to call the model directly.
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;

  /** Allows `grantee` to read the profile (SDKs use it to find the model behind the ARN). */
  grantGetProfile(grantee: iam.IGrantable): iam.Grant;

  /** A Bedrock runtime metric of this profile (namespace `AWS/Bedrock`, dimension `ModelId`). */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Successful requests (sum over 5 minutes). */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Input tokens (sum over 5 minutes). */
  metricInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Output tokens (sum over 5 minutes). */
  metricOutputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time to the last token, in milliseconds (average over 5 minutes). */
  metricInvocationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Throttled requests (sum over 5 minutes). */
  metricInvocationThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests that failed with a client error (sum over 5 minutes). */
  metricInvocationClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests that failed with a server error (sum over 5 minutes). */
  metricInvocationServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Grants and metrics shared by created and imported profiles.
 */
export abstract class CostAllocatedProfileBase extends Resource implements ICostAllocatedProfile {
  public abstract readonly profileArn: string;
  public abstract readonly profileId: string;
  public abstract readonly source: ProfileSource;
  /** Which value the `ModelId` metric dimension carries. */
  protected abstract readonly metricsDimension: ProfileMetricsDimension;
  /** @internal */
  protected abstract readonly _bound: BoundProfileSource;

  public get modelId(): string {
    return this.source.model.modelId;
  }

  public get sourceKind(): ProfileSourceKind {
    return this.source.kind;
  }

  public get geoPrefix(): string | undefined {
    return this.source.geo?.prefix;
  }

  public get destinationRegions(): string[] {
    return [...this._bound.destinationRegions];
  }

  public get sourceRegion(): string {
    return this._bound.sourceRegion;
  }

  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const throughProfile = iam.Grant.addToPrincipal({ grantee, actions: INVOKE_ACTIONS, resourceArns: [this.profileArn] });
    // The model (and the system profile) must be allowed too, in every Region the request may
    // run in; the condition keeps callers from invoking them directly, around the tagged profile.
    const routedTo = [...this._bound.foundationModelArns];
    if (this._bound.systemProfileArn !== undefined) {
      routedTo.push(this._bound.systemProfileArn);
    }
    const behindProfile = iam.Grant.addToPrincipal({
      grantee,
      actions: INVOKE_ACTIONS,
      resourceArns: routedTo,
      conditions: { ArnEquals: { 'bedrock:InferenceProfileArn': this.profileArn } },
    });
    if (this._bound.destinationRegions.includes('*')) {
      acknowledgeAnyRegion(grantee, this.modelId);
    }
    return throughProfile.combine(behindProfile);
  }

  public grantGetProfile(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['bedrock:GetInferenceProfile'], resourceArns: [this.profileArn] });
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimension = this.metricsDimension === ProfileMetricsDimension.PROFILE_ID ? this.profileId : this.profileArn;
    return new cloudwatch.Metric({
      namespace: 'AWS/Bedrock',
      metricName,
      dimensionsMap: { ModelId: dimension },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Invocations', props);
  }

  public metricInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InputTokenCount', props);
  }

  public metricOutputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('OutputTokenCount', props);
  }

  public metricInvocationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationLatency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  public metricInvocationThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationThrottles', props);
  }

  public metricInvocationClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationClientErrors', props);
  }

  public metricInvocationServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('InvocationServerErrors', props);
  }
}

/** Properties of a `CostAllocatedProfile`. */
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
   * Cost-allocation tags billed for the profile's traffic, e.g. `{ Service: 'service-1' }`.
   * At least one. Keys 1–128 and values 0–256 characters of letters, digits, white space and
   * `_ . : / = + - @`; keys may not start with `aws:`. Activate the keys in the Billing console
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
   * Publish the profile ARN, id and model id as SSM String parameters under this path, as
   * `<prefix>/profile-arn`, `<prefix>/profile-id` and `<prefix>/model-id`, for consumers in
   * other stacks or tools. Consumers need the model id too: SDKs cannot tell the model from an
   * opaque profile ARN.
   *
   * @default - no parameters
   */
  readonly ssmParameterPrefix?: string;

  /**
   * Add stack outputs with the profile ARN, id and model id.
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

/** What `CostAllocatedProfile.fromProfileAttributes` needs to grant invoke correctly. */
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

/**
 * An Amazon Bedrock application inference profile with cost-allocation tags: traffic through
 * its ARN is billed to those tags, so Cost Explorer and Budgets can split Bedrock spend per
 * service or team.
 *
 * `grantInvoke()` allows inference (streaming included) through the profile in every Region it
 * routes to, and nothing around it.
 *
 * @resource AWS::Bedrock::ApplicationInferenceProfile
 */
export class CostAllocatedProfile extends CostAllocatedProfileBase {
  /**
   * Imports an existing application inference profile. Its source is required: the grant must
   * name the model in every Region the profile routes to.
   */
  public static fromProfileAttributes(scope: Construct, id: string, attrs: CostAllocatedProfileAttributes): ICostAllocatedProfile {
    class Import extends CostAllocatedProfileBase {
      public readonly profileArn: string;
      public readonly profileId: string;
      public readonly source: ProfileSource;
      protected readonly metricsDimension: ProfileMetricsDimension;
      /** @internal */
      protected readonly _bound: BoundProfileSource;

      constructor() {
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
    return new Import();
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
  private readonly resource: bedrock.CfnApplicationInferenceProfile;

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
      Annotations.of(this).addWarningV2('cdk-bedrock-cost-profiles:fixedProfileName',
        `profileName "${props.profileName}" is fixed. Name, description and source are create-only: changing the description ` +
        'or source replaces the profile, and the replacement fails while the old profile holds the name. Consumers also get a new ARN. ' +
        'Omit profileName to get a generated name that changes with them.');
    }
    this.profileName = props.profileName ?? generatedProfileName(this, this._bound.copyFromArn, props.description);

    this.resource = new bedrock.CfnApplicationInferenceProfile(this, 'Resource', {
      inferenceProfileName: this.profileName,
      description: props.description,
      modelSource: { copyFrom: this._bound.copyFromArn },
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    this.profileArn = this.resource.attrInferenceProfileArn;
    this.profileId = this.resource.attrInferenceProfileId;
    if (props.expectedUsage !== undefined) {
      this.costForecast = this.forecast(props);
    }

    // Tags added later with Tags.of() reach the resource through an aspect; check what is
    // actually rendered, after aspects ran.
    this.node.addValidation({ validate: () => renderedTagProblems(this, this.resource) });
    contributeToCostReport(this, { profile: () => this.reportEntry() });

    if (props.ssmParameterPrefix !== undefined) {
      this.publishToSsm(checkSsmPrefix(this, props.ssmParameterPrefix));
    }
    if (props.stackOutputs === true) {
      new CfnOutput(this, 'ProfileArnOutput', { value: this.profileArn, description: 'Application inference profile ARN (pass as modelId)' });
      new CfnOutput(this, 'ProfileIdOutput', { value: this.profileId, description: 'Application inference profile id' });
      new CfnOutput(this, 'ModelIdOutput', { value: this.modelId, description: 'Foundation model behind the profile' });
    }
  }

  /** This profile in the stack's cost report (evaluated at synthesis, after aspects). */
  private reportEntry() {
    const stack = Stack.of(this);
    const concrete = (value: string) => (Token.isUnresolved(value) ? '(deploy-time)' : value);
    const tags = Object.fromEntries(Object.entries(this.resource.cdkTagManager.tagValues()).map(([k, v]) => [concrete(k), concrete(v)]));
    return {
      entry: {
        path: this.node.path,
        logicalId: stack.resolve(this.resource.logicalId) as string,
        profileName: concrete(this.profileName),
        modelId: concrete(this.modelId),
        geo: this.geoPrefix,
        sourceKind: this.sourceKind,
        region: concrete(this.sourceRegion),
        destinationRegions: this.destinationRegions.map(concrete),
        tags,
      },
      forecast: this.costForecast?._forecast,
    };
  }

  private forecast(props: CostAllocatedProfileProps): CostForecast {
    const usage = props.expectedUsage!;
    const region = this._bound.sourceRegion;
    if (Token.isUnresolved(region)) {
      fail(this, 'expectedUsage', 'needs a concrete Region to price the traffic, but the stack is Region-agnostic',
        "Give the stack an env with a region (env: { region: 'us-west-2' }), or the source a region option.", region);
    }
    if (Token.isUnresolved(this.modelId)) {
      fail(this, 'expectedUsage', 'needs a concrete model id to price the traffic', 'Use a BedrockModelId constant or a literal id.', this.modelId);
    }
    const geo = this.source.geo?.prefix;
    try {
      return CostForecast._forInference({
        ...usage,
        model: geo ? `${geo}.${this.modelId}` : this.modelId,
        region,
        name: this.node.path,
        tags: this.costAllocationTags,
        months: 12,
        catalog: props.priceCatalog,
        asOf: props.pricesAsOf,
      }, this.node.path);
    } catch (e) {
      if (e instanceof CostProfilesError && e.location === this.node.path) {
        // Re-point the pricing engine's field (workloads[0].inference.x) at the prop.
        const field = e.field === 'workloads[0].inference' || e.field === 'model' || e.field === 'region'
          ? 'source' // a missing price is about the model and Region
          : e.field.replace(/^workloads\[0\]\.(inference\.)?/, 'expectedUsage.');
        throw e.relocated(e.location, field);
      }
      throw e;
    }
  }

  private publishToSsm(prefix: string): void {
    const values: Array<[string, string, string]> = [
      ['ProfileArnParameter', 'profile-arn', this.profileArn],
      ['ProfileIdParameter', 'profile-id', this.profileId],
      ['ModelIdParameter', 'model-id', this.modelId],
    ];
    // L1, at a third of the synthesis cost of ssm.StringParameter (it matters when a platform
    // vends thousands of profiles), under the same construct path: the same logical ids.
    for (const [id, suffix, value] of values) {
      new ssm.CfnParameter(new Construct(this, id), 'Resource', {
        name: `${prefix}/${suffix}`,
        type: 'String',
        value,
        description: `Bedrock application inference profile ${suffix} (cdk-bedrock-cost-profiles)`,
      });
    }
  }
}

/**
 * A global profile routes to any commercial Region, so the model ARN needs Region `*`, which
 * cdk-nag reports as IAM5. Suppress exactly that finding, with the reason, on the grantee's
 * policies (a principal that is not a construct keeps the finding for its owner to judge).
 */
function acknowledgeAnyRegion(grantee: iam.IGrantable, modelId: string): void {
  if (Token.isUnresolved(modelId)) {
    return;
  }
  const finding = `/^Resource::arn:(aws[a-z-]*|<AWS::Partition>):bedrock:\\*::foundation-model\\/${escapeRegExp(modelId)}$/`;
  const reason = 'Global cross-Region inference may run in any commercial Region, so the foundation-model ARN needs Region *. ' +
    'The statement names a single model and is conditioned on bedrock:InferenceProfileArn, so it only allows calls through the tagged profile.';
  for (const policy of policyResourcesOf(grantee)) {
    addNagSuppression(policy, 'AwsSolutions-IAM5', reason, [{ regex: finding }]);
  }
}

function checkSource(scope: IConstruct, source: unknown): ProfileSource {
  if (!(source instanceof ProfileSource)) {
    fail(scope, 'source', 'is required and must be a ProfileSource',
      'Use ProfileSource.foundationModel(BedrockModelId...) or ProfileSource.crossRegion(CrossRegionGeo..., BedrockModelId...).', source);
  }
  return source;
}

function checkMetricsDimension(scope: IConstruct, value: unknown): ProfileMetricsDimension {
  if (value === undefined) {
    return ProfileMetricsDimension.PROFILE_ARN;
  }
  if (!Object.values(ProfileMetricsDimension).includes(value as ProfileMetricsDimension)) {
    fail(scope, 'metricsDimension', 'must be a ProfileMetricsDimension', 'Use ProfileMetricsDimension.PROFILE_ARN or PROFILE_ID.', value);
  }
  return value as ProfileMetricsDimension;
}

/** Checks a tag map the way the CloudFormation schema does; returns it unchanged. */
export function checkTags(scope: IConstruct, field: string, tags: unknown): Record<string, string> {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    fail(scope, field, 'must be a map of tag keys to values', "Pass e.g. { Service: 'service-1' }.", tags);
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length === 0) {
    fail(scope, field, 'must hold at least one tag (a profile without a cost-allocation tag attributes no cost)',
      "Pass e.g. { Service: 'service-1' }.", tags);
  }
  if (entries.length > MAX_TAGS) {
    fail(scope, field, `must hold at most ${MAX_TAGS} tags, but has ${entries.length}`, 'Remove tags.', `${entries.length} tags`);
  }
  for (const [key, value] of entries) {
    checkString(scope, `${field} key`, key, TAG_KEY_RULE);
    if (!Token.isUnresolved(key) && key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) {
      fail(scope, `${field} key`, `must not start with "${RESERVED_TAG_PREFIX}" (reserved by AWS)`, 'Use a key without the aws: prefix.', key);
    }
    checkString(scope, `${field}["${key}"]`, value, TAG_VALUE_RULE);
  }
  return tags as Record<string, string>;
}

function renderedTagProblems(scope: IConstruct, resource: bedrock.CfnApplicationInferenceProfile): string[] {
  const problems: string[] = [];
  try {
    checkTags(scope, 'tags (as rendered, including Tags.of())', resource.cdkTagManager.tagValues());
  } catch (e) {
    if (!(e instanceof CostProfilesError)) {
      throw e;
    }
    problems.push(e.message);
  }
  return problems;
}

/** The ARN when the Resource base class can parse it; bad ARNs are reported by importedProfileId. */
function parsableArn(arn: unknown): string | undefined {
  return typeof arn === 'string' && (Token.isUnresolved(arn) || APPLICATION_PROFILE_ARN_PATTERN.test(arn)) ? arn : undefined;
}

function importedProfileId(scope: IConstruct, arn: unknown): string {
  if (typeof arn !== 'string') {
    fail(scope, 'profileArn', 'is required and must be a string', 'Pass the application inference profile ARN.', arn);
  }
  if (Token.isUnresolved(arn)) {
    return Fn.select(1, Fn.split('/', arn));
  }
  const match = APPLICATION_PROFILE_ARN_PATTERN.exec(arn);
  if (!match) {
    fail(scope, 'profileArn', 'is not an application inference profile ARN',
      'Pass arn:<partition>:bedrock:<region>:<account>:application-inference-profile/<id>; system profiles and foundation models are sources, not profiles to import.', arn);
  }
  return match[4];
}

const SSM_PREFIX_PATTERN = /^(\/[a-zA-Z0-9_.-]+)+$/;
const SSM_NAME_MAX_LENGTH = 1011;
const SSM_MAX_DEPTH = 15;

function checkSsmPrefix(scope: IConstruct, prefix: unknown): string {
  const longestSuffix = '/profile-arn';
  checkString(scope, 'ssmParameterPrefix', prefix, {
    minLength: 2,
    maxLength: SSM_NAME_MAX_LENGTH - longestSuffix.length,
    pattern: SSM_PREFIX_PATTERN,
    patternHelp: "a path such as /bedrock/service-1: '/'-separated segments of letters, digits, '_', '.' and '-', no trailing '/'",
    fix: 'Use e.g. /bedrock/profiles/service-1.',
  });
  const value = prefix as string;
  if (!Token.isUnresolved(value)) {
    if (/^\/(aws|ssm)/i.test(value)) {
      fail(scope, 'ssmParameterPrefix', 'must not start with /aws or /ssm (reserved by AWS)', 'Use e.g. /bedrock/profiles/service-1.', value);
    }
    if (value.split('/').length > SSM_MAX_DEPTH) {
      fail(scope, 'ssmParameterPrefix', `is too deep: SSM allows ${SSM_MAX_DEPTH} levels including the parameter name`, 'Use a shorter path.', value);
    }
  }
  return value;
}

const NAME_MAX = 64;
const HASH_LENGTH = 8;

/**
 * A valid, account-unique name that changes whenever a create-only property changes, so that
 * CloudFormation can create the replacement before it deletes the old profile.
 */
function generatedProfileName(scope: IConstruct, copyFrom: string, description: string | undefined): string {
  const stack = Stack.of(scope);
  const stackName = Token.isUnresolved(stack.stackName) ? stack.node.id : stack.stackName;
  const pathInStack = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map(c => c.node.id);
  const createOnly = JSON.stringify(stack.resolve([copyFrom, description ?? null]));
  const hash = createHash('sha256').update(`${stackName}\n${scope.node.path}\n${createOnly}`).digest('hex').slice(0, HASH_LENGTH);
  const readable = [stackName, ...pathInStack].join('-').replace(/[^0-9a-zA-Z]+/g, '-').replace(/^-+|-+$/g, '');
  const head = readable.slice(0, NAME_MAX - HASH_LENGTH - 1).replace(/-+$/, '');
  return head ? `${head}-${hash}` : hash;
}
