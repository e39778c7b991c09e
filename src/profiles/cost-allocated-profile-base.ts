import { Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BoundProfileSource, ProfileSource, ProfileSourceKind } from './profile-source';
import { addNagSuppression, escapeRegExp, policyResourcesOf } from '../core/nag';
import { checkGrantee } from '../core/validation';
import { tagGrantee } from '../principals/grantee-tags';

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

/**
 * Options of `grantInvoke`.
 *
 * @example
 * // Also tag the role with the profile's tags, so that its calls carry them as iamPrincipal/<key> too.
 * const searchRole = new iam.Role(this, 'SearchRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
 * service1.grantInvoke(searchRole, { tagGrantee: true });
 */
export interface GrantInvokeOptions {
  /**
   * Also tag the grantee's IAM role or user with the profile's cost-allocation tags (through
   * `PrincipalCostTags`): what Bedrock bills to the caller (`iamPrincipal/<key>`, once activated)
   * then agrees with the profile's tags, also for calls made without the profile. A role of this
   * app is tagged in its template; an imported role by a custom resource. A principal granted
   * several profiles is tagged once per key; two different values for one key are an error.
   * Needs a profile created in this app (an imported profile's tags are unknown).
   *
   * @default false
   */
  readonly tagGrantee?: boolean;
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
   * The profile ARN again, under the name other Bedrock constructs look for: with it and
   * `grantInvoke`, a profile has the shape of `@aws-cdk/aws-bedrock-alpha`'s `IBedrockInvokable`,
   * so TypeScript code can pass it as an Agent's `foundationModel` or a prompt variant's `model`
   * (the agent's role then gets this profile's grant). Other languages wrap it in a small class
   * implementing that interface (see docs/profiles.md).
   */
  readonly invokableArn: string;

  /**
   * Allows `grantee` to run inference through this profile, streaming included, in every
   * destination Region, without being able to call the model directly.
   *
   * With `tagGrantee`, the grantee's role or user also gets the profile's cost-allocation tags
   * (see `GrantInvokeOptions`).
   */
  grantInvoke(grantee: iam.IGrantable, options?: GrantInvokeOptions): iam.Grant;

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
  /**
   * Input tokens read from the prompt cache (sum over 5 minutes); they are billed at the cache-read
   * rate, not the input rate. No data for models or requests without prompt caching.
   */
  metricCacheReadInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Input tokens written to the prompt cache (sum over 5 minutes), billed at the cache-write rate.
   */
  metricCacheWriteInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Time from the request to the first token, in milliseconds (average over 5 minutes). Bedrock
   * emits it for streaming requests only (ConverseStream, InvokeModelWithResponseStream).
   */
  metricTimeToFirstToken(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * The tokens-per-minute quota the requests used, as Bedrock estimates it (input and cache-write
   * tokens plus output tokens times the model's burndown rate): sum over 1 minute, the quota's own
   * period, so it compares directly with the TPM quota. Emitted for successful requests.
   */
  metricEstimatedTPMQuotaUsage(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
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

  public get invokableArn(): string {
    return this.profileArn;
  }

  public grantInvoke(grantee: iam.IGrantable, options?: GrantInvokeOptions): iam.Grant {
    checkGrantee(this, 'grantInvoke', grantee);
    if (options?.tagGrantee === true) {
      tagGrantee(this, grantee, this._grantCostAllocationTags());
    }
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

  /**
   * The tags `grantInvoke` gives its grantee with `tagGrantee`: unknown for an imported profile.
   * @internal
   */
  protected _grantCostAllocationTags(): { [key: string]: string } | undefined {
    return undefined;
  }

  public grantGetProfile(grantee: iam.IGrantable): iam.Grant {
    checkGrantee(this, 'grantGetProfile', grantee);
    return iam.Grant.addToPrincipal({ grantee, actions: ['bedrock:GetInferenceProfile'], resourceArns: [this.profileArn] });
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Bedrock',
      metricName,
      dimensionsMap: { ModelId: this._metricsDimensionValue() },
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /**
   * The value of the `ModelId` dimension of this profile's metrics (its ARN or its id), for
   * callers that render metrics as L1 without building `Metric` objects.
   * @internal
   */
  public _metricsDimensionValue(): string {
    return this.metricsDimension === ProfileMetricsDimension.PROFILE_ID ? this.profileId : this.profileArn;
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

  public metricCacheReadInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheReadInputTokenCount', props);
  }

  public metricCacheWriteInputTokenCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheWriteInputTokenCount', props);
  }

  public metricTimeToFirstToken(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TimeToFirstToken', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  public metricEstimatedTPMQuotaUsage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('EstimatedTPMQuotaUsage', { period: Duration.minutes(1), ...props });
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
