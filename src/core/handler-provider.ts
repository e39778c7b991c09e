import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { HANDLER_TIMEOUT_SECONDS } from './handler-budget';
import { addNagSuppression, NagAppliesTo } from './nag';

/** How to build one of this library's custom-resource providers. */
export interface HandlerProviderOptions {
  /** Id of the provider, unique per stack (the provider is a stack-level singleton). */
  readonly id: string;
  /** Creates the handler function (the class projen generated for a `*.lambda.ts`). */
  readonly createHandler: (scope: Construct, id: string, options: lambda.FunctionOptions) => lambda.Function;
  /** What the handler may do, besides writing its logs. */
  readonly statements: iam.PolicyStatement[];
  /** Why a statement needs `Resource: *`, if one does (the API has no resource-level permissions). */
  readonly wildcardReason?: string;
  /** The wildcard findings `wildcardReason` explains (default: just `Resource::*`). */
  readonly wildcardFindings?: NagAppliesTo[];
  /** What the handler does, for its description. */
  readonly description: string;
}

/**
 * A `custom_resources.Provider` with this library's handler, once per stack: its own roles
 * (no managed policies), log groups with retention, bounded timeouts, and cdk-nag suppressions
 * (each with its reason) for the framework's unavoidable findings.
 */
export function handlerProvider(scope: IConstruct, options: HandlerProviderOptions): cr.Provider {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(options.id);
  if (existing) {
    return (existing as HandlerProvider).provider;
  }
  return new HandlerProvider(stack, options.id, options).provider;
}

class HandlerProvider extends Construct {
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, options: HandlerProviderOptions) {
    super(scope, id);
    const handlerLogs = new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${options.description}`,
    });
    handlerLogs.grantWrite(handlerRole);
    for (const statement of options.statements) {
      handlerRole.addToPrincipalPolicy(statement);
    }
    const handler = options.createHandler(this, 'Handler', {
      role: handlerRole,
      logGroup: handlerLogs,
      description: options.description,
      timeout: Duration.seconds(HANDLER_TIMEOUT_SECONDS),
      memorySize: 256,
    });

    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `custom_resources.Provider framework for ${options.description}`,
    });
    frameworkLogs.grantWrite(frameworkRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });

    this.suppressFrameworkFindings(handlerRole, frameworkRole, options.wildcardReason, options.wildcardFindings ?? ['Resource::*']);
    const framework = this.provider.node.tryFindChild('framework-onEvent')?.node.defaultChild as CfnResource | undefined;
    if (framework) {
      addNagSuppression(framework, 'AwsSolutions-L1',
        'The custom_resources.Provider framework function is aws-cdk-lib\'s own: aws-cdk-lib picks its runtime (the newest it has vetted '
        + 'for the Region, or a per-Region mapping in a Region-agnostic stack) and offers no option to set it. Our handler runs on the newest runtime.', []);
    }
  }

  /** The two findings the provider pattern causes by design, each suppressed with its reason. */
  private suppressFrameworkFindings(
    handlerRole: iam.Role, frameworkRole: iam.Role, wildcardReason: string | undefined, wildcards: NagAppliesTo[],
  ): void {
    const policyOf = (role: iam.Role) => role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined;
    const handlerPolicy = policyOf(handlerRole);
    const frameworkPolicy = policyOf(frameworkRole);
    if (handlerPolicy && wildcardReason) {
      addNagSuppression(handlerPolicy, 'AwsSolutions-IAM5', wildcardReason, wildcards);
    }
    if (frameworkPolicy) {
      addNagSuppression(frameworkPolicy, 'AwsSolutions-IAM5',
        'The custom_resources.Provider framework invokes the handler by ARN and by any version or alias (:*); only this handler.',
        [{ regex: '/^Resource::<.*Handler[0-9A-F]+\\.Arn>:\\*$/' }]);
    }
  }
}
