import { CfnResource, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TAG_KEY_RULE } from './profile-rules';
import { ownValue } from '../core/records';
import { checkString, fail } from '../core/validation';

const PROFILE_TYPE = 'AWS::Bedrock::ApplicationInferenceProfile';

/**
 * Properties of a `RequiredTagsPolicy`.
 *
 * @example
 * RequiredTagsPolicy.apply(this, { tagKeys: ['Service'] }); // every profile in this stack
 */
export interface RequiredTagsPolicyProps {
  /**
   * Tag keys every application inference profile must carry with a non-empty value,
   * e.g. `['CostCenter', 'Team']`.
   */
  readonly tagKeys: string[];
}

/**
 * A rule a platform team attaches once, to an App, Stage or Stack: every application inference
 * profile below it must carry these cost-allocation tags. Synthesis then fails with one message
 * that lists every profile and each key it lacks.
 *
 * It checks the tags as rendered, after `Tags.of()` and other aspects, and it covers profiles
 * made with the L1 `CfnApplicationInferenceProfile` too.
 *
 * @example
 * // Synthesis fails, listing each profile and the keys it lacks, unless every profile in the app carries both.
 * RequiredTagsPolicy.apply(app, { tagKeys: ['CostCenter', 'Team'] });
 */
export class RequiredTagsPolicy {
  /**
   * Requires `props.tagKeys` on every profile under `scope`.
   */
  public static apply(scope: IConstruct, props: RequiredTagsPolicyProps): RequiredTagsPolicy {
    return new RequiredTagsPolicy(scope, props);
  }

  /** The required tag keys. */
  public readonly tagKeys: string[];

  private constructor(private readonly scope: IConstruct, props: RequiredTagsPolicyProps) {
    const keys: unknown = props?.tagKeys;
    if (!Array.isArray(keys) || keys.length === 0) {
      fail(scope, 'RequiredTagsPolicy.tagKeys', 'must list at least one tag key', "Pass e.g. { tagKeys: ['CostCenter', 'Team'] }.", keys);
    }
    for (const key of keys) {
      checkString(scope, 'RequiredTagsPolicy.tagKeys', key, TAG_KEY_RULE);
    }
    this.tagKeys = [...new Set(keys as string[])];
    scope.node.addValidation({ validate: () => this.violations() });
  }

  private violations(): string[] {
    const lines: string[] = [];
    for (const node of this.scope.node.findAll()) {
      const tagManager = TagManager.of(node);
      if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== PROFILE_TYPE || tagManager === undefined) {
        continue;
      }
      const tags = tagManager.tagValues();
      const missing = this.tagKeys.filter(key => String(ownValue(tags, key) ?? '').trim() === '');
      if (missing.length > 0) {
        // Report the L2's path when the L1 is its 'Resource' child: that is what users named.
        const owner = node.node.id === 'Resource' && node.node.scope ? node.node.scope : node;
        lines.push(`  - ${owner.node.path}: ${missing.join(', ')}`);
      }
    }
    if (lines.length === 0) {
      return [];
    }
    return [
      `RequiredTagsPolicy (${this.tagKeys.join(', ')}): ${lines.length} application inference profile(s) lack required cost-allocation tags ` +
      '(missing or empty):\n' + lines.join('\n') +
      '\nFix: add them in costAllocationTags, or with Tags.of(scope).add(key, value) on a common parent.',
    ];
  }
}
