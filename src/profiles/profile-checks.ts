import { Fn, Token } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { IConstruct } from 'constructs';
import { ProfileMetricsDimension } from './cost-allocated-profile-base';
import { APPLICATION_PROFILE_ARN_PATTERN, MAX_TAGS, RESERVED_TAG_PREFIX, TAG_KEY_RULE, TAG_VALUE_RULE } from './profile-rules';
import { ProfileSource } from './profile-source';
import { CostProfilesError } from '../core/errors';
import { checkEnum, checkString, fail } from '../core/validation';

// Checks of the props of created and imported profiles, with the CloudFormation schema's rules.

export function checkSource(scope: IConstruct, source: unknown): ProfileSource {
  if (!(source instanceof ProfileSource)) {
    fail(scope, 'source', 'is required and must be a ProfileSource',
      'Use ProfileSource.foundationModel(BedrockModelId...) or ProfileSource.crossRegion(CrossRegionGeo..., BedrockModelId...).', source);
  }
  return source;
}

export function checkMetricsDimension(scope: IConstruct, value: unknown): ProfileMetricsDimension {
  return checkEnum(scope, 'metricsDimension', value, ProfileMetricsDimension, 'ProfileMetricsDimension', ProfileMetricsDimension.PROFILE_ARN,
    'Use ProfileMetricsDimension.PROFILE_ARN or PROFILE_ID.');
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

/**
 * Tags added later with Tags.of() reach the resource through an aspect; check what is actually
 * rendered, after aspects ran.
 */
export function checkRenderedTags(scope: IConstruct, resource: bedrock.CfnApplicationInferenceProfile): void {
  scope.node.addValidation({ validate: () => renderedTagProblems(scope, resource) });
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
export function parsableArn(arn: unknown): string | undefined {
  return typeof arn === 'string' && (Token.isUnresolved(arn) || APPLICATION_PROFILE_ARN_PATTERN.test(arn)) ? arn : undefined;
}

export function importedProfileId(scope: IConstruct, arn: unknown): string {
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
