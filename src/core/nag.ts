import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** One entry of cdk-nag's `applies_to`: an exact finding or a `/regex/` string. */
export type NagAppliesTo = string | { readonly regex: string };

/**
 * Records a cdk-nag suppression on a resource as `cdk_nag` metadata, the format cdk-nag reads,
 * so the library needs no runtime dependency on cdk-nag. Only for findings the library causes
 * by design; each carries its reason and is scoped with `appliesTo` to the exact finding.
 */
export function addNagSuppression(resource: CfnResource, id: string, reason: string, appliesTo: NagAppliesTo[]): void {
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  // An empty applies_to would match no finding; a rule that is not granular has none.
  const rule = appliesTo.length > 0 ? { id, reason, applies_to: appliesTo } : { id, reason };
  const serialized = new Set(existing.map((r: unknown) => JSON.stringify(r)));
  if (!serialized.has(JSON.stringify(rule))) {
    resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, rule] });
  }
}

/**
 * The IAM policy resources of a grantee's principal (a role's DefaultPolicy, say). Empty when
 * the principal is not a construct, e.g. an imported principal without policy updates.
 */
export function policyResourcesOf(grantee: iam.IGrantable): CfnResource[] {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) {
    return [];
  }
  return principal.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Policy');
}

/** Escapes a literal for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
