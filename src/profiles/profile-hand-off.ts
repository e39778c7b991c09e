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
}

const SSM_PREFIX_PATTERN = /^(\/[a-zA-Z0-9_.-]+)+$/;
const SSM_NAME_MAX_LENGTH = 1011;
const SSM_MAX_DEPTH = 15;

export function checkSsmPrefix(scope: IConstruct, prefix: unknown): string {
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

/** SSM String parameters `<prefix>/profile-arn`, `/profile-id` and `/model-id` under `scope`. */
export function publishToSsm(scope: Construct, prefix: string, handOff: ProfileHandOff): void {
  const values: Array<[string, string, string]> = [
    ['ProfileArnParameter', 'profile-arn', handOff.profileArn],
    ['ProfileIdParameter', 'profile-id', handOff.profileId],
    ['ModelIdParameter', 'model-id', handOff.modelId],
  ];
  // L1, at a third of the synthesis cost of ssm.StringParameter (it matters when a platform
  // vends thousands of profiles), under the same construct path: the same logical ids.
  for (const [id, suffix, value] of values) {
    new ssm.CfnParameter(new Construct(scope, id), 'Resource', {
      name: `${prefix}/${suffix}`,
      type: 'String',
      value,
      description: `Bedrock application inference profile ${suffix} (cdk-bedrock-cost-profiles)`,
    });
  }
}

/** Stack outputs with the profile ARN, id and model id under `scope`. */
export function addStackOutputs(scope: Construct, handOff: ProfileHandOff): void {
  new CfnOutput(scope, 'ProfileArnOutput', { value: handOff.profileArn, description: 'Application inference profile ARN (pass as modelId)' });
  new CfnOutput(scope, 'ProfileIdOutput', { value: handOff.profileId, description: 'Application inference profile id' });
  new CfnOutput(scope, 'ModelIdOutput', { value: handOff.modelId, description: 'Foundation model behind the profile' });
}
