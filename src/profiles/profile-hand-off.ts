import { CfnOutput, Token } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { checkString, fail } from '../core/validation';

// The hand-off: what consumers in other stacks or tools need to call a profile, as SSM
// parameters and stack outputs.

/** What a profile hands off. */
export interface ProfileHandOff {
  readonly profileArn: string;
  readonly profileId: string;
  readonly modelId: string;
  /** The geography prefix; none for a foundation-model source. */
  readonly geoPrefix?: string;
  /** Every Region a request may run in (`*` for a global geography). */
  readonly destinationRegions: string[];
}

/** One published value: construct id, name suffix, SSM type, description of the output. */
interface HandOffValue {
  readonly id: string;
  readonly suffix: string;
  readonly type: 'String' | 'StringList';
  readonly value: string;
  readonly output: string;
}

/**
 * What consumers get: ARN and id to call the profile, the model because SDKs cannot tell it
 * from an opaque ARN, and the geography and Regions for consumers that build their own IAM or
 * routing. A foundation-model source has no geography, so it publishes none.
 */
function handOffValues(handOff: ProfileHandOff): HandOffValue[] {
  return [
    { id: 'ProfileArn', suffix: 'profile-arn', type: 'String', value: handOff.profileArn, output: 'Application inference profile ARN (pass as modelId)' },
    { id: 'ProfileId', suffix: 'profile-id', type: 'String', value: handOff.profileId, output: 'Application inference profile id' },
    { id: 'ModelId', suffix: 'model-id', type: 'String', value: handOff.modelId, output: 'Foundation model behind the profile' },
    ...(handOff.geoPrefix === undefined ? [] : [
      { id: 'Geo', suffix: 'geo', type: 'String' as const, value: handOff.geoPrefix, output: 'Cross-Region geography of the profile' },
    ]),
    {
      id: 'DestinationRegions',
      suffix: 'destination-regions',
      type: 'StringList',
      value: handOff.destinationRegions.join(','),
      output: 'Regions the profile may run requests in (comma-separated; * for any commercial Region)',
    },
  ];
}

const SSM_PREFIX_PATTERN = /^(\/[a-zA-Z0-9_.-]+)+$/;
const SSM_NAME_MAX_LENGTH = 1011;
const SSM_MAX_DEPTH = 15;

export function checkSsmPrefix(scope: IConstruct, prefix: unknown): string {
  const longestSuffix = '/destination-regions';
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

/** SSM parameters `<prefix>/<suffix>` under `scope`, one per hand-off value. */
export function publishToSsm(scope: Construct, prefix: string, handOff: ProfileHandOff): void {
  // L1, at a third of the synthesis cost of ssm.StringParameter (it matters when a platform
  // vends thousands of profiles), under the same construct path: the same logical ids.
  for (const { id, suffix, type, value } of handOffValues(handOff)) {
    new ssm.CfnParameter(new Construct(scope, `${id}Parameter`), 'Resource', {
      name: `${prefix}/${suffix}`,
      type,
      value,
      description: `Bedrock application inference profile ${suffix} (cdk-bedrock-cost-profiles)`,
    });
  }
}

/** A stack output under `scope` per hand-off value. */
export function addStackOutputs(scope: Construct, handOff: ProfileHandOff): void {
  for (const { id, value, output } of handOffValues(handOff)) {
    new CfnOutput(scope, `${id}Output`, { value, description: output });
  }
}
