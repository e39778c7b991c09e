/**
 * Model invocation logging for the account and Region of the per-service example, in a
 * platform stack of its own (there is one logging configuration per account and Region), with
 * a dashboard of the service profiles: estimated spend per profile, traffic, latency,
 * throttles, and the top callers from the logs.
 *
 * Synthesize offline:   npx ts-node --project examples/tsconfig.json examples/invocation-logging-stack.ts
 * Deploy:               cd examples && npx cdk deploy BedrockInvocationLogging
 * Chargeback from logs: npx bedrock-cost chargeback <log files> --report examples/cdk.out --profiles <list>
 */
import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildPerServiceApp, PerServiceProfilesStack } from './per-service-stack';
import { BedrockInvocationLogging, CostAlertTopic, LargePayloadStorage, ProfileDashboard } from '../src';

/** Properties of the example logging stack. */
export interface InvocationLoggingStackProps extends StackProps {
  /** The stack whose profiles the dashboard shows. */
  readonly services: PerServiceProfilesStack;
}

export class InvocationLoggingStack extends Stack {
  public readonly logging: BedrockInvocationLogging;
  public readonly dashboard: ProfileDashboard;

  constructor(scope: Construct, id: string, props: InvocationLoggingStackProps) {
    super(scope, id, props);
    const alerts = new CostAlertTopic(this, 'LoggingAlerts', { emails: ['platform-oncall@example.com'] });

    this.logging = new BedrockInvocationLogging(this, 'InvocationLogging', {
      // Records hold prompts and completions: keep them a month, payloads over 100 KB in S3.
      retention: logs.RetentionDays.ONE_MONTH,
      largePayloads: LargePayloadStorage.newBucket(),
      alertTargets: [alerts.asAlertTarget()],
    });

    const { service1, service2, batchSummaries } = props.services;
    this.dashboard = new ProfileDashboard(this, 'ServicesDashboard', {
      title: 'Per-service Bedrock profiles',
      profiles: [service1, service2, batchSummaries],
      invocationLogging: this.logging,
    });
  }
}

/** The per-service app plus the logging stack, in the same account and Region. */
export function buildInvocationLoggingApp(outdir?: string) {
  const built = buildPerServiceApp(outdir);
  const logging = new InvocationLoggingStack(built.app, 'BedrockInvocationLogging', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
    services: built.stack,
  });
  return { ...built, logging };
}

if (require.main === module) {
  const { app, logging } = buildInvocationLoggingApp(process.env.CDK_OUTDIR ?? path.join(__dirname, 'cdk.out'));
  const assembly = app.synth();
  console.log(`Synthesized ${logging.stackName} to ${path.relative(process.cwd(), assembly.getStackByName(logging.stackName).templateFullPath)}`);
}
