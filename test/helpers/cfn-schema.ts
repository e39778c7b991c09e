import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

/**
 * Validates synthesized templates against the CloudFormation registry schemas in
 * test/cfn-schemas (copied unchanged from cfn-lint; see the README there).
 *
 * - `Resources.<id>.Properties` is validated against the whole schema file (draft-07).
 * - Values that are intrinsic functions (Ref, Fn::*) cannot be type-checked: errors at or
 *   below them are skipped, and so is a oneOf/anyOf whose only failures are such errors.
 * - Read-only properties (outputs such as Arn) must not appear in a template.
 * - A resource type without a schema is an error, so a new type cannot slip in unchecked.
 */

const SCHEMA_DIR = path.join(__dirname, '..', 'cfn-schemas');

/** Types that have no registry schema by nature. */
const SCHEMALESS = new Set(['AWS::CDK::Metadata', 'AWS::CloudFormation::CustomResource']);

const INTRINSIC_KEYS = new Set([
  'Ref', 'Condition', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::ImportValue',
  'Fn::FindInMap', 'Fn::Base64', 'Fn::Cidr', 'Fn::GetAZs', 'Fn::Transform', 'Fn::ToJsonString', 'Fn::Length',
  'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not',
]);

interface LoadedSchema {
  readonly validate: ValidateFunction;
  readonly readOnly: string[];
}

/**
 * Patterns are ECMA-262 with the `u` flag (\p{L} classes need it). Two kinds of pattern in the
 * registry schemas are not valid that way: needless escapes such as `\_`
 * (aws-cloudwatch-alarm.json) compile without `u`, where they mean the same; a mid-pattern
 * `(?i)` (aws-budgets-budgetsaction.json, not emitted here) becomes an `i` flag on the whole
 * pattern, a slight widening; the Java/Python anchors `\A` and `\Z` (aws-logs-loggroup.json),
 * which ECMA-262 lacks, become `^` and `$` (no `m` flag, so the same meaning).
 */
function regExp(pattern: string, flags: string): RegExp {
  const caseInsensitive = pattern.includes('(?i)');
  const source = pattern.replace(/\(\?i\)/g, '').replace(/(?<!\\)\\A/g, '^').replace(/(?<!\\)\\Z/g, '$');
  const extra = caseInsensitive ? 'i' : '';
  try {
    return new RegExp(source, flags + extra);
  } catch {
    return new RegExp(source, flags.replace('u', '') + extra);
  }
}
regExp.code = 'regExp';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: true, code: { regExp } });
const cache = new Map<string, LoadedSchema>();

function schemaFor(type: string): LoadedSchema | undefined {
  const cached = cache.get(type);
  if (cached) {
    return cached;
  }
  const file = path.join(SCHEMA_DIR, `${type.toLowerCase().replace(/::/g, '-')}.json`);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const raw = JSON.parse(fs.readFileSync(file, 'utf-8'));
  // aws-iam-role.json points $schema at the CloudFormation provider meta-schema, which ajv
  // cannot load; the content is plain draft-07.
  delete raw.$schema;
  const loaded: LoadedSchema = {
    validate: ajv.compile(raw),
    readOnly: (raw.readOnlyProperties ?? []) as string[],
  };
  cache.set(type, loaded);
  return loaded;
}

export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC_KEYS.has(keys[0]);
}

function valueAt(root: unknown, pointer: string): unknown[] {
  // Returns the chain of values from the root to the pointer's target.
  const chain: unknown[] = [root];
  let current: any = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') {
      break;
    }
    current = current[key];
    chain.push(current);
  }
  return chain;
}

function atOrBelowIntrinsic(props: unknown, error: ErrorObject): boolean {
  return valueAt(props, error.instancePath).some(isIntrinsic);
}

/** The ajv errors that are real problems (not caused by intrinsic functions). */
function realErrors(props: unknown, errors: ErrorObject[]): ErrorObject[] {
  const genuine = errors.filter(e => !atOrBelowIntrinsic(props, e) && e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const combinators = errors.filter(e => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && !atOrBelowIntrinsic(props, e));
  const unexplained = combinators.filter(c => {
    const branchErrors = errors.filter(e => e !== c && e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, '/$1/')));
    // A combinator fails only because of intrinsic values when none of its branch errors is real.
    return branchErrors.length === 0 || branchErrors.some(e => genuine.includes(e));
  });
  return [...genuine, ...unexplained];
}

/** Every schema problem in a synthesized template; empty when it is valid. */
export function schemaProblems(template: any): string[] {
  const problems: string[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
    const type: string = resource.Type;
    if (SCHEMALESS.has(type) || type.startsWith('Custom::')) {
      if (type !== 'AWS::CDK::Metadata' && resource.Properties?.ServiceToken === undefined) {
        problems.push(`${logicalId} (${type}): custom resource without ServiceToken`);
      }
      continue;
    }
    const schema = schemaFor(type);
    if (!schema) {
      problems.push(`${logicalId} (${type}): no schema in test/cfn-schemas; add the registry schema for this type`);
      continue;
    }
    const props = resource.Properties ?? {};
    for (const pointer of schema.readOnly) {
      const name = pointer.replace(/^\/properties\//, '');
      if (!name.includes('/') && name in props) {
        problems.push(`${logicalId} (${type}): read-only property ${name} must not be set`);
      }
    }
    if (!schema.validate(props)) {
      for (const e of realErrors(props, schema.validate.errors ?? [])) {
        problems.push(`${logicalId} (${type}): ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      }
    }
  }
  return problems;
}

/** Validates one resource's Properties object (for property-based tests). */
export function propertiesValid(type: string, props: unknown): boolean {
  const schema = schemaFor(type);
  if (!schema) {
    throw new Error(`no schema for ${type}`);
  }
  return schema.validate(props) as boolean;
}
