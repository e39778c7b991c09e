import { CfnElement, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * A vending shard stack: a `Stack` that computes each element's logical id once. CloudFormation
 * elements ask their stack for it on every reference (`Ref`, `Fn::GetAtt`) and every rendering,
 * and the stack hashes the whole construct path each time; a vended profile is referenced from
 * its hand-off parameters, grant and alarm, so at thousands of profiles the hashing is a tenth
 * of synthesis. The ids are the ones `Stack` gives (the path does not change once constructed);
 * a rename forgets them all.
 */
export class ShardStack extends Stack {
  private readonly logicalIds = new Map<CfnElement, string>();

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
  }

  public getLogicalId(element: CfnElement): string {
    let logicalId = this.logicalIds.get(element);
    if (logicalId === undefined) {
      logicalId = super.getLogicalId(element);
      this.logicalIds.set(element, logicalId);
    }
    return logicalId;
  }

  public renameLogicalId(oldId: string, newId: string): void {
    super.renameLogicalId(oldId, newId);
    this.logicalIds.clear();
  }
}
