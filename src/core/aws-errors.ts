import { CostProfilesError } from './errors';

/** What a CLI command calling AWS tells the user when the call fails. */
export interface AwsCallContext {
  /** The service, as a user reads it: "AWS Budgets", "Cost Explorer". */
  readonly service: string;
  /** Why the command needs AWS, e.g. "budgets status reads your budgets from AWS". */
  readonly purpose: string;
  /** The IAM actions it needs, e.g. "budgets:ViewBudget". */
  readonly permission: string;
  /** Where those credentials must be from, e.g. "in the account that owns the budgets". */
  readonly where: string;
}

/** SDK errors a user can act on, as one clear CostProfilesError; anything else unchanged. */
export function explainAwsError(error: Error, context: AwsCallContext): Error {
  const name = error.name;
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(error.message ?? '')) {
    return new CostProfilesError({
      location: 'AWS credentials',
      field: 'credentials',
      problem: `were not found: ${context.purpose}`,
      fix: `Configure credentials allowed ${context.permission} (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or SSO) and run it again.`,
    });
  }
  if (name === 'AccessDeniedException') {
    return new CostProfilesError({
      location: context.service,
      field: 'access',
      problem: `was denied (${error.message})`,
      fix: `Use credentials allowed ${context.permission} ${context.where}.`,
    });
  }
  // The SDK retries these with backoff before they reach us (LimitExceededException is Cost Explorer's).
  if (name === 'ThrottlingException' || name === 'LimitExceededException') {
    return new CostProfilesError({ location: context.service, field: 'request rate', problem: 'stayed throttled after retries', fix: 'Run it again in a minute.' });
  }
  const code = networkCode(error);
  if (code !== undefined) {
    return new CostProfilesError({
      location: context.service,
      field: 'endpoint',
      problem: `could not be reached (${code})`,
      fix: 'Check the network, the proxy and --endpoint-url (if you gave one), and run it again.',
    });
  }
  // Any other answer of the service (after the SDK's retries), or one the SDK could not read: a
  // problem with AWS or the endpoint, not with this program.
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  if (metadata !== undefined) {
    const status = metadata.httpStatusCode === undefined ? '' : `HTTP ${metadata.httpStatusCode}, `;
    return new CostProfilesError({
      location: context.service,
      field: 'response',
      problem: `was an error (${status}${name})`,
      value: error.message,
      fix: `Run it again; check --endpoint-url if you gave one. ${context.purpose[0].toUpperCase()}${context.purpose.slice(1)}.`,
    });
  }
  return error;
}

const NETWORK_CODES = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE)\b/;

/**
 * The system error code of a failed connection, on the error or its cause, or in the message of
 * the SDK's wrapper (it wraps errors of another realm as "AWS SDK error wrapper for ...").
 */
function networkCode(error: Error): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 3 && typeof e === 'object' && e !== null; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const found = (typeof code === 'string' ? NETWORK_CODES.exec(code) : null) ?? (typeof message === 'string' ? NETWORK_CODES.exec(message) : null);
    if (found) {
      return found[1];
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
