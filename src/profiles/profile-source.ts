import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { BedrockModelId } from './bedrock-model-id';
import { CrossRegionGeo, isRegionCode, listedRegionPartition } from './cross-region-geo';
import { COPY_FROM_MAX_LENGTH, COPY_FROM_PATTERN, MODEL_ID_PATTERN } from './profile-rules';
import { checkString, fail } from '../core/validation';

/** What an application inference profile copies. */
export enum ProfileSourceKind {
  /** A foundation model in one Region. */
  FOUNDATION_MODEL = 'FOUNDATION_MODEL',
  /** A system (cross-Region) inference profile such as `us.anthropic...`. */
  CROSS_REGION = 'CROSS_REGION',
}

/** Options shared by every profile source. */
export interface ProfileSourceOptions {
  /**
   * The Region of the source (the profile's own Region).
   *
   * @default - the stack's Region (a token for environment-agnostic stacks)
   */
  readonly region?: string;
}

/** Options for a cross-Region source. */
export interface CrossRegionSourceOptions extends ProfileSourceOptions {
  /**
   * Every Region the system profile may route to, replacing the geography's table entry.
   * The source Region is always added. Use it for a model whose routing is narrower than its
   * geography, or for a Region AWS added after this library's table (`CrossRegionGeo.TABLE_AS_OF`).
   *
   * @default - the geography's destination Regions from the data table
   */
  readonly destinationRegions?: string[];

  /**
   * Allow a source Region that is not one of the geography's destination Regions.
   *
   * Bedrock offers a system profile only in the Regions of its geography, so such a source is
   * an error: CloudFormation would fail to create the profile. Set this only when AWS offers
   * `<geo>.<model>` in that Region and this library's table (`CrossRegionGeo.TABLE_AS_OF`) is
   * behind. Passing `destinationRegions` (every Region the system profile routes to) is the
   * better fix: the grant then names them, and the source Region is always added.
   *
   * @default false
   */
  readonly allowSourceRegionOutsideGeo?: boolean;
}

/**
 * What an application inference profile is copied from: a foundation model, or a system
 * cross-Region inference profile. This is create-only: changing it replaces the profile and
 * gives it a new ARN.
 *
 * A prompt router cannot be a source: `ModelSource.CopyFrom` accepts only foundation-model and
 * `inference-profile` ARNs (Bedrock API `InferenceProfileModelSource`, CloudFormation
 * `AWS::Bedrock::ApplicationInferenceProfile`), and router ARNs are `prompt-router/...` or
 * `default-prompt-router/...`.
 *
 * @example
 * // In-Region on-demand inference of a model:
 * const inRegion = ProfileSource.foundationModel(BedrockModelId.AMAZON_NOVA_PRO);
 * // A copy of the system profile global.anthropic.claude-sonnet-4-6: any commercial Region, the global rate.
 * const global = ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_6);
 */
export abstract class ProfileSource {
  /**
   * Copy a foundation model in a single Region, e.g. `anthropic.claude-3-5-sonnet-20241022-v2:0`.
   */
  public static foundationModel(model: BedrockModelId, options: ProfileSourceOptions = {}): ProfileSource {
    return new FoundationModelSource(model, options);
  }

  /**
   * Copy a system cross-Region inference profile, e.g. geography `us` + model
   * `anthropic.claude-3-5-haiku-20241022-v1:0` = `us.anthropic.claude-3-5-haiku-20241022-v1:0`.
   */
  public static crossRegion(geo: CrossRegionGeo, model: BedrockModelId, options: CrossRegionSourceOptions = {}): ProfileSource {
    return new CrossRegionSource(geo, model, options);
  }

  /** Foundation model or cross-Region profile. */
  public abstract readonly kind: ProfileSourceKind;
  /** The bare foundation-model id. */
  public abstract readonly model: BedrockModelId;
  /**
   * The geography of a cross-Region source.
   *
   * @default - none for a foundation-model source
   */
  public abstract readonly geo?: CrossRegionGeo;

  /**
   * Validates the source for a construct and resolves its ARNs in the construct's stack.
   * @internal
   */
  public abstract _bind(scope: IConstruct, field: string): BoundProfileSource;
}

/**
 * A source resolved in a stack.
 * @internal
 */
export interface BoundProfileSource {
  /** `ModelSource.CopyFrom`. */
  readonly copyFromArn: string;
  /** The source Region (may be a token). */
  readonly sourceRegion: string;
  /** Every Region a request may run in; `['*']` for a global geography. */
  readonly destinationRegions: string[];
  /** The foundation model in every destination Region. */
  readonly foundationModelArns: string[];
  /** The system profile, for a cross-Region source. */
  readonly systemProfileArn?: string;
}

const KNOWN_GEO_PREFIXES = CrossRegionGeo.knownPrefixes();

class FoundationModelSource extends ProfileSource {
  public readonly kind = ProfileSourceKind.FOUNDATION_MODEL;
  public readonly geo?: CrossRegionGeo = undefined;

  constructor(public readonly model: BedrockModelId, private readonly options: ProfileSourceOptions) {
    super();
  }

  public _bind(scope: IConstruct, field: string): BoundProfileSource {
    const modelId = checkModelId(scope, field, this.model, undefined);
    const region = sourceRegion(scope, field, this.options);
    const partition = partitionOf(scope, region);
    const modelArn = foundationModelArn(partition, region, modelId);
    checkCopyFrom(scope, field, modelArn);
    return {
      copyFromArn: modelArn,
      sourceRegion: region,
      destinationRegions: [region],
      foundationModelArns: [modelArn],
    };
  }
}

class CrossRegionSource extends ProfileSource {
  public readonly kind = ProfileSourceKind.CROSS_REGION;

  constructor(
    public readonly geo: CrossRegionGeo,
    public readonly model: BedrockModelId,
    private readonly options: CrossRegionSourceOptions,
  ) {
    super();
  }

  public _bind(scope: IConstruct, field: string): BoundProfileSource {
    if (!(this.geo instanceof CrossRegionGeo)) {
      fail(scope, `${field}.geo`, 'must be a CrossRegionGeo', 'Use e.g. CrossRegionGeo.US or CrossRegionGeo.custom(prefix, regions).', this.geo);
    }
    const modelId = checkModelId(scope, field, this.model, this.geo);
    const region = sourceRegion(scope, field, this.options);
    const partition = partitionOf(scope, region);
    const routed = this.options.destinationRegions === undefined
      ? this.geo.destinationRegions
      : checkDestinationRegions(scope, `${field}.destinationRegions`, this.options.destinationRegions);
    const allowOutside = this.options.allowSourceRegionOutsideGeo;
    if (allowOutside !== undefined && typeof allowOutside !== 'boolean') {
      fail(scope, `${field}.allowSourceRegionOutsideGeo`, 'must be a boolean', 'Pass true or false, or leave it out.', allowOutside);
    }
    // Explicit destination Regions replace the table, and the source Region is always added.
    if (this.options.destinationRegions === undefined && allowOutside !== true) {
      checkSourceRegionInGeo(scope, field, region, this.geo, routed);
    }

    const destinationRegions = routed.includes('*') ? ['*'] : unique([region, ...routed]);
    const profileId = `${this.geo.prefix}.${modelId}`;
    const systemProfileArn = `arn:${partition}:bedrock:${region}:${Stack.of(scope).account}:inference-profile/${profileId}`;
    checkCopyFrom(scope, field, systemProfileArn);
    return {
      copyFromArn: systemProfileArn,
      sourceRegion: region,
      destinationRegions,
      foundationModelArns: destinationRegions.map(r => foundationModelArn(partition, r, modelId)),
      systemProfileArn,
    };
  }
}

/**
 * The partition of a concrete, known Region (readable templates, and CopyFrom can be checked at
 * synth time); otherwise the stack's partition token.
 */
function partitionOf(scope: IConstruct, region: string): string {
  const known = Token.isUnresolved(region) ? undefined : listedRegionPartition(region) ?? RegionInfo.get(region).partition;
  return known ?? Stack.of(scope).partition;
}

function foundationModelArn(partition: string, region: string, modelId: string): string {
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;
}

function checkModelId(scope: IConstruct, field: string, model: BedrockModelId, geo: CrossRegionGeo | undefined): string {
  const modelField = `${field}.model`;
  if (!(model instanceof BedrockModelId)) {
    fail(scope, modelField, 'must be a BedrockModelId', "Use a constant such as BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2 or BedrockModelId.custom('provider.model-id').", model);
  }
  const modelId = model.modelId;
  checkString(scope, modelField, modelId, {
    minLength: 1,
    pattern: MODEL_ID_PATTERN,
    patternHelp: "letters, digits, '-', ':' and '.'",
    fix: 'Pass a bare foundation-model id such as anthropic.claude-3-5-sonnet-20241022-v2:0.',
  });
  if (Token.isUnresolved(modelId)) {
    return modelId;
  }
  if (modelId.startsWith('arn:')) {
    fail(scope, modelField, 'must be a model id, not an ARN', 'Pass the part after "foundation-model/", e.g. anthropic.claude-3-5-sonnet-20241022-v2:0.', modelId);
  }
  const prefix = KNOWN_GEO_PREFIXES.find(p => modelId.startsWith(`${p}.`));
  if (prefix !== undefined) {
    const bare = modelId.slice(prefix.length + 1);
    if (geo === undefined) {
      fail(scope, modelField, `carries the cross-Region prefix "${prefix}." but the source is a foundation model`,
        `Use ProfileSource.crossRegion(CrossRegionGeo.fromPrefix('${prefix}'), BedrockModelId.custom('${bare}')).`, modelId);
    }
    fail(scope, modelField, `already carries the cross-Region prefix "${prefix}."`,
      `Pass the bare model id BedrockModelId.custom('${bare}'); the prefix comes from the geography.`, modelId);
  }
  if (!modelId.includes('.')) {
    fail(scope, modelField, 'has no provider part (Bedrock model ids look like provider.model)', 'Use e.g. anthropic.claude-3-5-sonnet-20241022-v2:0 or amazon.nova-pro-v1:0.', modelId);
  }
  return modelId;
}

function sourceRegion(scope: IConstruct, field: string, options: ProfileSourceOptions): string {
  const stackRegion = Stack.of(scope).region;
  if (options.region === undefined) {
    return stackRegion;
  }
  const region = options.region;
  checkRegion(scope, `${field}.region`, region);
  if (!Token.isUnresolved(region) && !Token.isUnresolved(stackRegion) && region !== stackRegion) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:sourceRegionMismatch',
      `The source Region ${region} differs from the stack's Region ${stackRegion}. The profile is created in ${stackRegion}; ` +
      'Bedrock expects the source in the same Region. Remove the region option or deploy the stack to that Region.');
  }
  return region;
}

function checkRegion(scope: IConstruct, field: string, region: unknown): void {
  if (typeof region !== 'string' || (!Token.isUnresolved(region) && !isRegionCode(region))) {
    fail(scope, field, 'is not a Region code', 'Use a Region code such as us-west-2.', region);
  }
}

function checkDestinationRegions(scope: IConstruct, field: string, regions: unknown): string[] {
  if (!Array.isArray(regions) || regions.length === 0) {
    fail(scope, field, 'must list at least one Region', "List every Region the profile may route to, e.g. ['us-east-1', 'us-west-2'].", regions);
  }
  for (const region of regions) {
    if (region !== '*') {
      checkRegion(scope, field, region);
    }
  }
  return unique(regions as string[]);
}

function checkCopyFrom(scope: IConstruct, field: string, arn: string): void {
  // Only a fully concrete ARN can be checked against the schema pattern; parts that are
  // tokens (Region, account, partition) are checked by CloudFormation at deploy time.
  if (!Token.isUnresolved(arn)) {
    checkString(scope, `${field} (ModelSource.CopyFrom)`, arn, {
      minLength: 1,
      maxLength: COPY_FROM_MAX_LENGTH,
      pattern: COPY_FROM_PATTERN,
      fix: 'Check the model id and Region.',
    });
  } else if (arn.length > COPY_FROM_MAX_LENGTH) {
    fail(scope, `${field} (ModelSource.CopyFrom)`, `must be at most ${COPY_FROM_MAX_LENGTH} characters long`, 'Use a shorter model id.', arn);
  }
}

function checkSourceRegionInGeo(scope: IConstruct, field: string, region: string, geo: CrossRegionGeo, routed: string[]): void {
  if (Token.isUnresolved(region) || routed.includes('*') || routed.includes(region)) {
    return;
  }
  fail(scope, field, `copies the ${geo.prefix}. system profile from ${region}, which is not one of its geography's Regions (${routed.join(', ')})`,
    `Deploy the stack to one of those Regions, or, if AWS offers ${geo.prefix}.<model> in ${region}, pass destinationRegions with ` +
    'every Region it routes to (or set allowSourceRegionOutsideGeo: true).', region);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
