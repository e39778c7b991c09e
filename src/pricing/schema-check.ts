import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { CostProfilesError, renderValue } from '../core/errors';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<object, ValidateFunction>();

/** `/workloads/0/inference/model` → `workloads[0].inference.model` */
export function jsonPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) {
    path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  }
  return path || '(document)';
}

function valueAt(root: unknown, pointer: string): unknown {
  let current: any = root;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is missing the required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `has an unknown property "${String(p.additionalProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Validates a document against a JSON Schema and throws one `CostProfilesError` for the most
 * specific problem (the deepest path; combinator summaries are skipped when a branch explains them).
 */
export function checkAgainstSchema(schema: object, document: unknown, location: string, fix: string): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(document)) {
    return;
  }
  const errors = (validate.errors ?? []).filter(e => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const all = errors.length > 0 ? errors : validate.errors ?? [];
  const chosen = [...all].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
  const more = all.length > 1 ? ` (and ${all.length - 1} more problem${all.length > 2 ? 's' : ''})` : '';
  const details = { location, field: jsonPath(chosen.instancePath), problem: `${describe(chosen)}${more}`, fix };
  const aboutAKey = chosen.keyword === 'required' || chosen.keyword === 'additionalProperties';
  if (aboutAKey) {
    throw new CostProfilesError(details);
  }
  // A whole document of the wrong kind (a .env given as a price file, say) is named by its kind, never shown.
  throw new CostProfilesError(chosen.instancePath === ''
    ? { ...details, renderedValue: kindOf(document) }
    : { ...details, value: valueAt(document, chosen.instancePath) });
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? `a string of ${value.length} characters` : `a ${typeof value}`;
}

/** Every problem of a document against a schema, as `path: problem`, for aggregated reports. */
export function allSchemaProblems(schema: object, document: unknown): Array<{ path: string; problem: string }> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(document)) {
    return [];
  }
  const all = validate.errors ?? [];
  // A combinator's own error only when none of its branches explains it (e.g. both of a oneOf).
  const combinator = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if';
  const explained = (e: ErrorObject) => all.some(other => !combinator(other) && other.instancePath.startsWith(e.instancePath));
  const errors = all.filter(e => !combinator(e) || !explained(e));
  const seen = new Set<string>();
  return errors.flatMap(e => {
    const aboutAKey = e.keyword === 'required' || e.keyword === 'additionalProperties';
    const value = aboutAKey ? '' : ` (got ${renderValue(valueAt(document, e.instancePath))})`;
    const line = { path: jsonPath(e.instancePath), problem: `${describe(e)}${value}` };
    const key = `${line.path}\u0000${line.problem}`;
    return seen.has(key) ? [] : (seen.add(key), [line]);
  });
}
