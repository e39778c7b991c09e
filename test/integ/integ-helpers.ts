import { App, Stack } from 'aws-cdk-lib';

/**
 * The Region every integration test deploys to: Amazon Nova Micro is served there in-Region and
 * through the US cross-Region profile, and the embedded catalog prices it there.
 */
export const INTEG_REGION = 'us-east-1';

/**
 * The stack the assertions deploy in: in the test's Region like the stacks under test (pricing
 * and grants need a concrete Region), so that they can refer to each other. (integ-tests-alpha
 * writes its provider as plain CfnResources, which cdk-nag's rules do not inspect.)
 */
export function assertionStack(app: App, testName: string): Stack {
  return new Stack(app, `${testName}Assertions`, { env: { region: INTEG_REGION } });
}

/** True when the file runs as a program (integ-runner, or a person), not when a test imports it. */
export function isMain(mod: NodeModule): boolean {
  return require.main === mod;
}
