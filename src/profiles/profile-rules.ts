import { StringRule } from '../core/validation';

// Constraints copied from the CloudFormation registry schema of
// AWS::Bedrock::ApplicationInferenceProfile (a copy is in test/cfn-schemas). Tests check that these
// accept exactly what the schema accepts.

/** `InferenceProfileName`: 1–64 chars, `^([0-9a-zA-Z][ _-]?)+$`. */
export const PROFILE_NAME_RULE: StringRule = {
  minLength: 1,
  maxLength: 64,
  pattern: /^([0-9a-zA-Z][ _-]?)+$/,
  patternHelp: "letters and digits, optionally separated by single ' ', '_' or '-'; no '.', ':' or doubled separators",
  fix: 'Use e.g. "service1_profile", or omit profileName to get a generated name that is unique and valid.',
};

/** `Description`: 1–200 chars, `^([0-9a-zA-Z:.][ _-]?)+$`. */
export const DESCRIPTION_RULE: StringRule = {
  minLength: 1,
  maxLength: 200,
  pattern: /^([0-9a-zA-Z:.][ _-]?)+$/,
  patternHelp: "letters, digits, ':' and '.', optionally separated by single ' ', '_' or '-'; no commas or parentheses",
  fix: 'Rewrite the description with letters, digits, spaces and : . _ - only, or omit it.',
};

const TAG_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const TAG_PATTERN_HELP = 'letters, digits, white space and _ . : / = + - @';

/** Tag `Key`: 1–128 chars, `^[a-zA-Z0-9\s._:/=+@-]*$`, and not starting with `aws:`. */
export const TAG_KEY_RULE: StringRule = {
  minLength: 1,
  maxLength: 128,
  pattern: TAG_PATTERN,
  patternHelp: TAG_PATTERN_HELP,
  fix: 'Use a key such as "CostCenter" or "Service".',
};

/** Tag `Value`: 0–256 chars, same character set as keys. */
export const TAG_VALUE_RULE: StringRule = {
  minLength: 0,
  maxLength: 256,
  pattern: TAG_PATTERN,
  patternHelp: TAG_PATTERN_HELP,
  fix: 'Use a value such as "service-1" or "team/search".',
};

/** `Tags`: at most 200 items. */
export const MAX_TAGS = 200;

/** Tag keys starting with this prefix (any case) are reserved by AWS. */
export const RESERVED_TAG_PREFIX = 'aws:';

/** The model-id tail of `ModelSource.CopyFrom`. */
export const MODEL_ID_PATTERN = /^[a-zA-Z0-9-:.]+$/;

/** `ModelSource.CopyFrom`: 1–2048 chars. */
export const COPY_FROM_PATTERN = /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:(|[0-9a-z-]{0,20}):(|[0-9]{12}):(inference-profile|foundation-model)\/[a-zA-Z0-9-:.]+$/;
export const COPY_FROM_MAX_LENGTH = 2048;

/** An application inference profile ARN (what `fromProfileAttributes` accepts). */
export const APPLICATION_PROFILE_ARN_PATTERN = /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:([0-9a-z-]{1,20}):([0-9]{12}):application-inference-profile\/([a-zA-Z0-9-:.]{1,64})$/;
