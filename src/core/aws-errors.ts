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
  return error;
}
