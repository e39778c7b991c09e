import { Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * An existing role (by name) as a grantee whose grants land in one inline policy: the same
 * `AWS::IAM::Policy` (logical id, name and document) that `iam.Role.fromRoleName(...)` plus its
 * default policy render, without the imported-role and L2 policy machinery, which a platform
 * vending thousands of grants pays for in synthesis time.
 */
export class ConsumerRolePolicy extends Construct implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly assumeRoleAction = 'sts:AssumeRole';
  public readonly principalAccount: string;
  private readonly document = new iam.PolicyDocument();
  private readonly roleName: string;
  private readonly policy: iam.CfnPolicy;

  constructor(scope: Construct, id: string, roleName: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.principalAccount = stack.account;
    this.roleName = roleName;
    // Under Policy/Resource, the path of the L2 policy: the same logical id, which is also its name.
    const policy: iam.CfnPolicy = new iam.CfnPolicy(new Construct(this, 'Policy'), 'Resource', {
      policyDocument: this.document,
      roles: [roleName],
      policyName: Lazy.string({ produce: () => policy.logicalId }),
    });
    this.policy = policy;
  }

  /** The role as a principal in other policies (a trust policy, say). */
  public get policyFragment(): iam.PrincipalPolicyFragment {
    const arn = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: this.roleName });
    return new iam.ArnPrincipal(arn).policyFragment;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.document.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }
}
