/**
 * The interop recipe of docs/profiles.md ("Agents and prompts of @aws-cdk/aws-bedrock-alpha"),
 * run for real: an alpha Agent and an alpha Prompt run through one of our profiles, and the
 * agent's role gets our conditioned grant. The library itself does not depend on the alpha
 * package (a dev dependency here): a profile has the shape of its IBedrockInvokable.
 */
import * as bedrockAlpha from '@aws-cdk/aws-bedrock-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { BedrockModelId, CostAllocatedProfile, CrossRegionGeo, ICostAllocatedProfile, ProfileSource } from '../../src';
import { expectClean } from '../helpers/synth';

const HAIKU = BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU;
const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Agents', { env: { account: '123456789012', region: 'us-west-2' } });
  const profile = new CostAllocatedProfile(stack, 'SupportAgentModel', {
    source: ProfileSource.crossRegion(CrossRegionGeo.US, HAIKU),
    costAllocationTags: { Service: 'support-agent' },
  });
  return { app, stack, profile };
}

/** The statements of the policies attached to a role. */
function statementsOf(stack: Stack, role: iam.IRole): any[] {
  const roleId = stack.resolve((role.node.defaultChild as iam.CfnRole).logicalId);
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(p => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(p => p.Properties.PolicyDocument.Statement);
}

/** Our grant, as `grantInvoke` writes it for a us. profile in us-west-2. */
function ourGrant(stack: Stack, profile: ICostAllocatedProfile): any[] {
  const arn = stack.resolve(profile.profileArn);
  return [
    { Effect: 'Allow', Action: INVOKE, Resource: arn },
    {
      Effect: 'Allow',
      Action: INVOKE,
      Resource: [
        ...['us-west-2', 'us-east-1', 'us-east-2', 'us-west-1'].map(r => `arn:aws:bedrock:${r}::foundation-model/${HAIKU.modelId}`),
        `arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.${HAIKU.modelId}`,
      ],
      Condition: { ArnEquals: { 'bedrock:InferenceProfileArn': arn } },
    },
  ];
}

describe('@aws-cdk/aws-bedrock-alpha interop', () => {
  test('an Agent runs on the profile: its foundation model is the profile ARN, and its role gets our grant, nothing wider', () => {
    const { app, stack, profile } = setup();
    const agent = new bedrockAlpha.Agent(stack, 'SupportAgent', {
      foundationModel: profile, // a profile has the shape of IBedrockInvokable
      instruction: 'You answer questions about orders and returns, politely and briefly.',
    });
    expectClean(app);

    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::Agent', { FoundationModel: stack.resolve(profile.profileArn) });
    const bedrockStatements = statementsOf(stack, agent.role).filter(s => JSON.stringify(s.Action).includes('bedrock:'));
    expect(bedrockStatements).toEqual(ourGrant(stack, profile));
  });

  test('a Prompt variant runs on the profile; the caller gets our grant and reads the prompt', () => {
    const { app, stack, profile } = setup();
    const prompt = new bedrockAlpha.Prompt(stack, 'ReplyPrompt', {
      promptName: 'support-reply',
      variants: [bedrockAlpha.PromptVariant.text({
        variantName: 'default',
        model: profile,
        promptText: 'Write a short reply to: {{question}}',
        promptVariables: ['question'],
      })],
    });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    profile.grantInvoke(caller);
    prompt.grantGet(caller);
    expectClean(app);

    const variants = Object.values<any>(Template.fromStack(stack).findResources('AWS::Bedrock::Prompt'))[0].Properties.Variants;
    expect(variants.map((v: any) => v.ModelId)).toEqual([stack.resolve(profile.profileArn)]);
    const statements = statementsOf(stack, caller);
    expect(statements.filter(s => JSON.stringify(s.Action).includes('bedrock:Invoke'))).toEqual(ourGrant(stack, profile));
    expect(statements.filter(s => !JSON.stringify(s.Action).includes('bedrock:Invoke')).map(s => s.Action)).toEqual(['bedrock:GetPrompt']);
  });

  test('an imported profile works the same way', () => {
    const { app, stack } = setup();
    const shared = CostAllocatedProfile.fromProfileAttributes(stack, 'Shared', {
      profileArn: 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123def456',
      source: ProfileSource.crossRegion(CrossRegionGeo.US, HAIKU),
    });
    const agent = new bedrockAlpha.Agent(stack, 'Agent', { foundationModel: shared, instruction: 'You summarise support tickets in two sentences.' });
    expectClean(app);
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::Agent', { FoundationModel: shared.profileArn });
    expect(statementsOf(stack, agent.role).filter(s => JSON.stringify(s.Action).includes('bedrock:'))).toEqual(ourGrant(stack, shared));
  });

  test('the profile is an IBedrockInvokable by shape: the same ARN, the same grant', () => {
    const { stack, profile } = setup();
    const invokable: bedrockAlpha.IBedrockInvokable = profile;
    expect(stack.resolve(invokable.invokableArn)).toEqual(stack.resolve(profile.profileArn));
  });
});
