import { App, Stack, Stage, Tags } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { BedrockModelId, CostAllocatedProfile, ProfileSource, RequiredTagsPolicy } from '../../src';

const ENV = { account: '123456789012', region: 'us-west-2' };

function profile(stack: Stack, id: string, tags: Record<string, string>): CostAllocatedProfile {
  return new CostAllocatedProfile(stack, id, {
    source: ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2),
    costAllocationTags: tags,
  });
}

describe('RequiredTagsPolicy', () => {
  test('fails synthesis listing every profile and each missing key, once', () => {
    const app = new App();
    RequiredTagsPolicy.apply(app, { tagKeys: ['CostCenter', 'Team'] });
    const a = new Stack(app, 'TeamA', { env: ENV });
    const b = new Stack(app, 'TeamB', { env: ENV });
    profile(a, 'Search', { Service: 'search' });
    profile(a, 'Chat', { Service: 'chat', Team: 'a' });
    profile(b, 'Ok', { Service: 'x', Team: 'b', CostCenter: 'cc-1' });

    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('RequiredTagsPolicy (CostCenter, Team): 2 application inference profile(s) lack required cost-allocation tags');
    expect(message).toContain('  - TeamA/Search: CostCenter, Team');
    expect(message).toContain('  - TeamA/Chat: CostCenter');
    expect(message).not.toContain('TeamB/Ok');
    expect(message).toContain('Fix: add them in costAllocationTags, or with Tags.of(scope).add(key, value)');
  });

  test('sees tags added with Tags.of() and passes when every profile has them', () => {
    const app = new App();
    RequiredTagsPolicy.apply(app, { tagKeys: ['CostCenter'] });
    const stack = new Stack(app, 'Svc', { env: ENV });
    profile(stack, 'One', { Service: 'one' });
    profile(stack, 'Two', { Service: 'two' });
    Tags.of(stack).add('CostCenter', 'cc-42');
    expect(() => app.synth()).not.toThrow();
  });

  test('an empty value counts as missing', () => {
    const app = new App();
    RequiredTagsPolicy.apply(app, { tagKeys: ['Team'] });
    profile(new Stack(app, 'Svc', { env: ENV }), 'One', { Service: 'one', Team: ' ' });
    expect(() => app.synth()).toThrow('  - Svc/One: Team');
  });

  test('covers L1 profiles and profiles inside stages', () => {
    const app = new App();
    RequiredTagsPolicy.apply(app, { tagKeys: ['Team'] });
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Svc', { env: ENV });
    new bedrock.CfnApplicationInferenceProfile(stack, 'Raw', {
      inferenceProfileName: 'raw',
      modelSource: { copyFrom: 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0' },
    });
    expect(() => app.synth()).toThrow('  - Prod/Svc/Raw: Team');
  });

  test('bad policy input is named', () => {
    const app = new App();
    expect(() => RequiredTagsPolicy.apply(app, { tagKeys: [] })).toThrow('<root>: RequiredTagsPolicy.tagKeys must list at least one tag key');
    expect(() => RequiredTagsPolicy.apply(app, { tagKeys: ['bad,key'] })).toThrow('RequiredTagsPolicy.tagKeys must match');
    expect(() => RequiredTagsPolicy.apply(app, undefined as any)).toThrow('RequiredTagsPolicy.tagKeys must list at least one tag key (got undefined)');
  });
});
