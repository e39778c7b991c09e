/**
 * Every example in one CDK app, for the cdk CLI (examples/cdk.json):
 *
 *   cd examples
 *   npx cdk synth                               # all stacks, offline, into examples/cdk.out
 *   npx cdk ls                                  # the stacks and their paths
 *   npx cdk deploy BedrockPerServiceProfiles    # the per-service profiles, budgets and alarm
 *   npx cdk deploy BedrockInvocationLogging     # invocation logging and the dashboard
 *   npx cdk deploy BedrockAttributionWorkloads  # a profile and principal tags for one team
 *   npx cdk deploy BedrockAttributionBilling    # payer account: tag activation, CUR 2.0 on Athena
 *   npx cdk deploy 'Vending/prod-us/*'          # the vended shards of one target
 *
 * The vending targets name example accounts: put yours in teams.yaml before deploying them.
 */
import { addAttributionStacks } from './attribution-stack';
import { buildInvocationLoggingApp } from './invocation-logging-stack';
import { addPlatformVending } from './platform-vending';

const { app } = buildInvocationLoggingApp();
addAttributionStacks(app);
addPlatformVending(app);
app.synth();
