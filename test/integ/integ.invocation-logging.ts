/**
 * Integration test: model invocation logging takes over an existing configuration and gives it
 * back. A first stack writes "another team's" configuration (refusing if the account already has
 * one, so the test never destroys a real one); BedrockInvocationLogging, told to take over,
 * replaces it with its own; the test then deletes that stack and waits for the other team's
 * configuration to be back. Run against an account: see docs/integration-tests.md.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { assertionStack, INTEG_REGION, isMain } from './integ-helpers';
import { BedrockInvocationLogging } from '../../src';

/** Fixed names: the assertions must not import anything from the stack they delete. */
export const OURS_STACK = 'CostProfilesIntegLoggingOurs';
export const OURS_LOG_GROUP = 'cost-profiles-integ-logging-ours';
export const PREVIOUS_LOG_GROUP = 'cost-profiles-integ-logging-previous';

/**
 * Another team's configuration: written on create only if the account has none, deleted on
 * delete only if it is still this one. PutModelInvocationLoggingConfiguration validates the role,
 * which IAM may not have propagated yet: retried for up to two minutes.
 */
const PREVIOUS_CONFIGURATION_CODE = `
const b = require('@aws-sdk/client-bedrock');
const bedrock = new b.BedrockClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event) => {
  const { LogGroupName, RoleArn } = event.ResourceProperties;
  const current = (await bedrock.send(new b.GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig;
  const currentGroup = current && current.cloudWatchConfig && current.cloudWatchConfig.logGroupName;
  if (event.RequestType === 'Create') {
    if (current && (current.cloudWatchConfig || current.s3Config)) {
      throw new Error('This account already has a Bedrock model invocation logging configuration in this Region; the test would replace it. Run it in an account or Region without one.');
    }
    const loggingConfig = { cloudWatchConfig: { logGroupName: LogGroupName, roleArn: RoleArn }, textDataDelivery: true };
    for (let attempt = 1; ; attempt++) {
      try {
        await bedrock.send(new b.PutModelInvocationLoggingConfigurationCommand({ loggingConfig }));
        break;
      } catch (e) {
        if (e.name !== 'ValidationException' || attempt === 12) throw e;
        await sleep(10000);
      }
    }
  } else if (event.RequestType === 'Delete' && currentGroup === LogGroupName) {
    await bedrock.send(new b.DeleteModelInvocationLoggingConfigurationCommand({}));
  }
  return { PhysicalResourceId: LogGroupName };
};
`;

function previousConfigurationStack(app: App): Stack {
  const stack = new Stack(app, 'CostProfilesIntegLoggingPrevious', { env: { region: INTEG_REGION } });
  const logGroup = new logs.LogGroup(stack, 'Logs', {
    logGroupName: PREVIOUS_LOG_GROUP,
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const deliveryRole = new iam.Role(stack, 'DeliveryRole', {
    assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'bedrock', resource: '*' }) },
      },
    }),
  });
  logGroup.grantWrite(deliveryRole);

  const handlerLogs = new logs.LogGroup(stack, 'HandlerLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
  const handler = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(PREVIOUS_CONFIGURATION_CODE),
    timeout: Duration.minutes(3),
    logGroup: handlerLogs,
  });
  handler.addToRolePolicy(new iam.PolicyStatement({
    actions: ['bedrock:GetModelInvocationLoggingConfiguration', 'bedrock:PutModelInvocationLoggingConfiguration', 'bedrock:DeleteModelInvocationLoggingConfiguration'],
    resources: ['*'],
  }));
  deliveryRole.grantPassRole(handler.grantPrincipal);
  const provider = new cr.Provider(stack, 'Provider', { onEventHandler: handler, logGroup: handlerLogs });
  new CustomResource(stack, 'PreviousConfiguration', {
    serviceToken: provider.serviceToken,
    properties: { LogGroupName: logGroup.logGroupName, RoleArn: deliveryRole.roleArn },
  });

  const fixture = 'A test fixture standing in for another team\'s logging configuration';
  NagSuppressions.addStackSuppressions(stack, [
    { id: 'AwsSolutions-IAM4', reason: `${fixture}: the custom-resource framework's Lambda uses AWSLambdaBasicExecutionRole.` },
    { id: 'AwsSolutions-IAM5', reason: `${fixture}: the three logging actions have no resource-level permissions, and the framework may invoke any version of its handler.` },
    { id: 'AwsSolutions-L1', reason: `${fixture}: aws-cdk-lib chooses the custom-resource framework's runtime.` },
  ], true);
  return stack;
}

export function buildInvocationLoggingInteg(): { app: App; previous: Stack; ours: Stack; integ: IntegTest } {
  const app = new App();
  const previous = previousConfigurationStack(app);
  const ours = new Stack(app, OURS_STACK, { env: { region: INTEG_REGION } });
  ours.addDependency(previous);
  new BedrockInvocationLogging(ours, 'InvocationLogging', {
    takeOverExistingConfiguration: true,
    logGroupName: OURS_LOG_GROUP,
    retention: logs.RetentionDays.ONE_DAY,
    logGroupRemovalPolicy: RemovalPolicy.DESTROY,
  });

  // Taking over means restoring the replaced configuration later, whose delivery role is not known
  // at synthesis: the handler may pass any role of the account, to Bedrock only. The construct
  // does not record this finding itself (yet).
  NagSuppressions.addStackSuppressions(ours, [{
    id: 'AwsSolutions-IAM5',
    reason: 'takeOverExistingConfiguration: restoring the replaced configuration passes its delivery role, unknown at synthesis, to Bedrock only',
    appliesTo: ['Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/*'],
  }]);

  // The update workflow (deploy the committed snapshot, then this) does not apply: the test
  // deletes one of its stacks.
  const integ = new IntegTest(app, 'InvocationLogging', { testCases: [previous, ours], regions: [INTEG_REGION], assertionStack: assertionStack(app, 'InvocationLogging'), stackUpdateWorkflow: false });
  const replaced = integ.assertions.awsApiCall('Bedrock', 'getModelInvocationLoggingConfiguration', {});
  replaced.expect(ExpectedResult.objectLike({ loggingConfig: { cloudWatchConfig: { logGroupName: OURS_LOG_GROUP } } }));
  const deleteOurs = integ.assertions.awsApiCall('CloudFormation', 'deleteStack', { StackName: OURS_STACK });
  // CloudFormation deletes the stack with the role CDK deployed it with.
  deleteOurs.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: [previous.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'cdk-*-cfn-exec-role-*' })],
    Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
  });
  const restored = integ.assertions.awsApiCall('Bedrock', 'getModelInvocationLoggingConfiguration', {});
  restored.expect(ExpectedResult.objectLike({ loggingConfig: { cloudWatchConfig: { logGroupName: PREVIOUS_LOG_GROUP } } }));
  replaced.next(deleteOurs).next(restored.waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) }));

  return { app, previous, ours, integ };
}

if (isMain(module)) {
  buildInvocationLoggingInteg().app.synth();
}
