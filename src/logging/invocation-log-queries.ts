import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Logs Insights queries over Bedrock model invocation records. `modelId` is what the caller
 * invoked: an application inference profile's ARN for traffic through a profile, so grouping
 * by it splits usage by profile.
 */
export interface InvocationLogQuery {
  readonly id: string;
  readonly title: string;
  readonly parts: logs.QueryStringProps;
}

export const INVOCATION_LOG_QUERIES: readonly InvocationLogQuery[] = [
  {
    id: 'TokensByModel',
    title: 'Tokens and calls by profile or model',
    parts: {
      statsStatements: ['count(*) as calls, sum(input.inputTokenCount) as inputTokens, sum(input.cacheReadInputTokenCount) as cacheReadTokens, '
        + 'sum(input.cacheWriteInputTokenCount) as cacheWriteTokens, sum(output.outputTokenCount) as outputTokens by modelId'],
      sort: 'outputTokens desc',
    },
  },
  {
    id: 'TopCallers',
    title: 'Top callers by tokens',
    parts: {
      fields: ['input.inputTokenCount + output.outputTokenCount as tokens'],
      statsStatements: ['count(*) as calls, sum(tokens) as totalTokens by identity.arn, modelId'],
      sort: 'totalTokens desc',
      limit: 50,
    },
  },
  {
    id: 'CallsPerHour',
    title: 'Calls and tokens per hour by profile or model',
    parts: {
      statsStatements: ['count(*) as calls, sum(input.inputTokenCount) as inputTokens, sum(output.outputTokenCount) as outputTokens by bin(1h), modelId'],
    },
  },
];

/** Top callers of the given profiles (ARNs may be tokens). */
export function topCallersOf(profileArns: string[]): string {
  return new logs.QueryString({
    fields: ['input.inputTokenCount + output.outputTokenCount as tokens'],
    filterStatements: [`modelId in [${profileArns.map(arn => `"${arn}"`).join(', ')}]`],
    statsStatements: ['count(*) as calls, sum(tokens) as totalTokens by identity.arn, modelId'],
    sort: 'totalTokens desc',
    limit: 20,
  }).toString();
}
