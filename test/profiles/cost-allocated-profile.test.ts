import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import {
  BedrockModelId,
  CostAllocatedProfile,
  CostProfilesErrors,
  CrossRegionGeo,
  ProfileMetricsDimension,
  ProfileSource,
  ProfileSourceKind,
} from '../../src';
import { CostProfilesError, renderValue } from '../../src/core/errors';
import { listedRegionPartition } from '../../src/profiles/cross-region-geo';
import { COPY_FROM_PATTERN } from '../../src/profiles/profile-rules';
import { expectClean, synthChecked } from '../helpers/synth';

const SONNET_V2 = BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2;
const ENV = { account: '123456789012', region: 'us-west-2' };
const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

function stackIn(region = 'us-west-2', app = new App()): Stack {
  return new Stack(app, 'Svc', { env: { account: ENV.account, region } });
}

/** `{ Fn::GetAtt: [<profile L1 logical id>, attribute] }` */
function getAtt(profile: CostAllocatedProfile, attribute: string) {
  const stack = Stack.of(profile);
  return { 'Fn::GetAtt': [stack.getLogicalId(profile.node.defaultChild as any), attribute] };
}

/** The policy statements attached to the single role in the stack. */
function statements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
}

function fmArn(region: string, model = SONNET_V2.modelId): string {
  return `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

describe('CostAllocatedProfile from a foundation model', () => {
  test('creates the profile copied from the model ARN in the stack Region, with its tags', () => {
    const stack = stackIn();
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      InferenceProfileName: Match.stringLikeRegexp('^Svc-Profile-[0-9a-f]{8}$'),
      ModelSource: { CopyFrom: fmArn('us-west-2') },
      Tags: [{ Key: 'Service', Value: 'service-1' }],
    });
  });

  test('exposes ARN, id, model id, source kind and destination Regions', () => {
    const stack = stackIn();
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
    });
    expect(stack.resolve(profile.profileArn)).toEqual(getAtt(profile, 'InferenceProfileArn'));
    expect(stack.resolve(profile.profileId)).toEqual(getAtt(profile, 'InferenceProfileId'));
    expect(profile.modelId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(profile.sourceKind).toBe(ProfileSourceKind.FOUNDATION_MODEL);
    expect(profile.geoPrefix).toBeUndefined();
    expect(profile.destinationRegions).toEqual(['us-west-2']);
  });

  test('grantInvoke: both invoke actions on the profile, and on the model only through the profile', () => {
    const stack = stackIn();
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
    });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    profile.grantInvoke(role);

    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: INVOKE, Resource: stack.resolve(profile.profileArn) },
      {
        Effect: 'Allow',
        Action: INVOKE,
        Resource: fmArn('us-west-2'),
        Condition: { ArnEquals: { 'bedrock:InferenceProfileArn': stack.resolve(profile.profileArn) } },
      },
    ]);
  });

  test('grantGetProfile adds bedrock:GetInferenceProfile on the profile only', () => {
    const stack = stackIn();
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
    });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    profile.grantGetProfile(role);
    expect(statements(stack)).toEqual([
      { Effect: 'Allow', Action: 'bedrock:GetInferenceProfile', Resource: stack.resolve(profile.profileArn) },
    ]);
  });

  test('an environment-agnostic stack uses the Region and partition tokens', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
    });
    const copyFrom = Template.fromStack(stack).findResources('AWS::Bedrock::ApplicationInferenceProfile');
    expect(JSON.stringify(Object.values<any>(copyFrom)[0].Properties.ModelSource.CopyFrom)).toContain('AWS::Region');
    expect(profile.destinationRegions.length).toBe(1);
  });
});

describe('CostAllocatedProfile from a cross-Region (system) profile', () => {
  const geoCases: Array<[CrossRegionGeo, string, string[]]> = [
    [CrossRegionGeo.US, 'us-east-1', ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']],
    [CrossRegionGeo.EU, 'eu-central-1', ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3']],
    [CrossRegionGeo.APAC, 'ap-northeast-2', ['ap-northeast-2', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'me-central-1']],
    [CrossRegionGeo.JP, 'ap-northeast-1', ['ap-northeast-1', 'ap-northeast-3']],
    [CrossRegionGeo.AU, 'ap-southeast-2', ['ap-southeast-2', 'ap-southeast-4']],
  ];

  test.each(geoCases)('%s: copies the system profile and grants the model in every destination Region', (geo, region, expected) => {
    const app = new App();
    const stack = stackIn(region, app);
    const model = BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU;
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(geo, model),
      costAllocationTags: { Team: 'search' },
    });
    profile.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));

    const systemArn = `arn:aws:bedrock:${region}:123456789012:inference-profile/${geo.prefix}.${model.modelId}`;
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', { ModelSource: { CopyFrom: systemArn } });
    expect(profile.destinationRegions).toEqual(expected);
    expect(profile.geoPrefix).toBe(geo.prefix);
    expect(profile.sourceKind).toBe(ProfileSourceKind.CROSS_REGION);

    const [onProfile, behind] = statements(stack);
    expect(onProfile).toEqual({ Effect: 'Allow', Action: INVOKE, Resource: stack.resolve(profile.profileArn) });
    expect(behind.Action).toEqual(INVOKE);
    expect(behind.Condition).toEqual({ ArnEquals: { 'bedrock:InferenceProfileArn': stack.resolve(profile.profileArn) } });
    expect(behind.Resource).toEqual([...expected.map(r => fmArn(r, model.modelId)), systemArn]);
    expectClean(app);
  });

  test('us-gov: GovCloud Regions and the aws-us-gov partition', () => {
    const stack = stackIn('us-gov-west-1');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US_GOV, SONNET_V2),
      costAllocationTags: { Team: 'gov' },
    });
    profile.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    const behind = statements(stack)[1];
    expect(behind.Resource).toEqual([
      `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${SONNET_V2.modelId}`,
      `arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/${SONNET_V2.modelId}`,
      `arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.${SONNET_V2.modelId}`,
    ]);
  });

  test('global: the model in Region * (and only there), plus the global system profile', () => {
    const app = new App();
    const stack = stackIn('us-east-1', app);
    const model = BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5;
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, model),
      costAllocationTags: { Team: 'search' },
    });
    profile.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    expect(profile.destinationRegions).toEqual(['*']);
    expect(statements(stack)[1].Resource).toEqual([
      `arn:aws:bedrock:*::foundation-model/${model.modelId}`,
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${model.modelId}`,
    ]);
    // cdk-nag's IAM5 finding for Region * is suppressed for exactly this model, with a reason.
    expectClean(app);
    const policy = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    expect(policy.Metadata.cdk_nag.rules_to_suppress).toEqual([{
      id: 'AwsSolutions-IAM5',
      reason: expect.stringContaining('any commercial Region'),
      applies_to: [{ regex: expect.stringContaining('foundation-model\\/anthropic\\.claude-sonnet-4-5-20250929-v1:0$/') }],
    }]);
  });

  test('the suppression does not hide a wildcard the user adds for another model', () => {
    const app = new App();
    const stack = stackIn('us-east-1', app);
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.GLOBAL, BedrockModelId.ANTHROPIC_CLAUDE_SONNET_4_5), costAllocationTags: { Team: 'search' },
    }).grantInvoke(role);
    role.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: ['arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0'] }));
    const findings = synthChecked(app).flatMap(c => c.nagFindings);
    expect(findings).toEqual([expect.stringContaining('AwsSolutions-IAM5')]);
    expect(findings[0]).toContain('amazon.nova-pro');
  });

  test('no grant ever uses Resource "*"', () => {
    const stack = stackIn('us-east-1');
    for (const [i, geo] of [CrossRegionGeo.US, CrossRegionGeo.GLOBAL].entries()) {
      new CostAllocatedProfile(stack, `P${i}`, { source: ProfileSource.crossRegion(geo, SONNET_V2), costAllocationTags: { T: 'x' } })
        .grantInvoke(new iam.Role(stack, `R${i}`, { assumedBy: new iam.AccountRootPrincipal() }));
    }
    const resources = statements(stack).flatMap(s => [s.Resource].flat());
    expect(resources).not.toContain('*');
  });

  test('destinationRegions replaces the table entry; the source Region is always kept', () => {
    const stack = stackIn('us-east-1');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2, { destinationRegions: ['us-east-2'] }),
      costAllocationTags: { T: 'x' },
    });
    expect(profile.destinationRegions).toEqual(['us-east-1', 'us-east-2']);
  });

  test('a custom geography', () => {
    const stack = stackIn('ca-central-1');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.custom('ca', ['ca-central-1', 'ca-west-1']), SONNET_V2),
      costAllocationTags: { T: 'x' },
    });
    expect(profile.destinationRegions).toEqual(['ca-central-1', 'ca-west-1']);
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: `arn:aws:bedrock:ca-central-1:123456789012:inference-profile/ca.${SONNET_V2.modelId}` },
    });
  });

  test('a source Region outside the geography is an error with the fixes', () => {
    expect(() => new CostAllocatedProfile(stackIn('ca-central-1'), 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2), costAllocationTags: { T: 'x' },
    })).toThrow('Svc/Profile: source copies the us. system profile from ca-central-1, which is not one of its geography\'s Regions ' +
      '(us-east-1, us-east-2, us-west-1, us-west-2) (got "ca-central-1"). Deploy the stack to one of those Regions, or, if AWS offers ' +
      'us.<model> in ca-central-1, pass destinationRegions with every Region it routes to (or set allowSourceRegionOutsideGeo: true).');
    expect(() => new CostAllocatedProfile(stackIn('ca-central-1'), 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2, { allowSourceRegionOutsideGeo: 'yes' as any }), costAllocationTags: { T: 'x' },
    })).toThrow('Svc/Profile: source.allowSourceRegionOutsideGeo must be a boolean (got "yes")');
  });

  test.each([
    ['allowSourceRegionOutsideGeo', { allowSourceRegionOutsideGeo: true }, ['ca-central-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']],
    ['destinationRegions', { destinationRegions: ['us-east-1'] }, ['ca-central-1', 'us-east-1']],
  ])('%s acknowledges a source Region outside the geography; the grant covers it', (_option, options, regions) => {
    const app = new App();
    const stack = stackIn('ca-central-1', app);
    const profile = new CostAllocatedProfile(stack, 'Profile', { source: ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2, options), costAllocationTags: { T: 'x' } });
    profile.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    expect(profile.destinationRegions).toEqual(regions);
    expect(statements(stack)[1].Resource).toEqual(expect.arrayContaining(regions.map(r => fmArn(r))));
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    expectClean(app);
  });

  test('India (in.) routes within Mumbai and Hyderabad', () => {
    const stack = stackIn('ap-south-1');
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.IN, BedrockModelId.custom('openai.gpt-5.6-terra')), costAllocationTags: { T: 'x' },
    });
    expect([profile.geoPrefix, profile.destinationRegions]).toEqual(['in', ['ap-south-1', 'ap-south-2']]);
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      ModelSource: { CopyFrom: 'arn:aws:bedrock:ap-south-1:123456789012:inference-profile/in.openai.gpt-5.6-terra' },
    });
    expect(() => new CostAllocatedProfile(stackIn('ap-south-1'), 'Profile', {
      source: ProfileSource.foundationModel(BedrockModelId.custom('in.openai.gpt-5.6-terra')), costAllocationTags: { T: 'x' },
    })).toThrow('source.model carries the cross-Region prefix "in." but the source is a foundation model');
  });
});

describe('prompt routers are not a source', () => {
  // Router ARNs per the IntelligentPromptRouter schema; CopyFrom per the ApplicationInferenceProfile
  // schema (the same pattern as the Bedrock API's InferenceProfileModelSource). If AWS ever widens
  // CopyFrom, this fails and ProfileSource.promptRouter() can be offered.
  const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cfn-schemas', name), 'utf-8'));
  const copyFrom = new RegExp(schema('aws-bedrock-applicationinferenceprofile.json').definitions.InferenceProfileModelSource.oneOf[0].properties.CopyFrom.pattern);
  const routerArn = new RegExp(schema('aws-bedrock-intelligentpromptrouter.json').properties.PromptRouterArn.pattern);

  test.each([
    'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1',
    'arn:aws:bedrock:us-east-1:123456789012:prompt-router/abcd1234efgh',
  ])('CopyFrom refuses the router ARN %s', arn => {
    expect(routerArn.test(arn)).toBe(true);
    expect(copyFrom.test(arn)).toBe(false);
    expect(COPY_FROM_PATTERN.test(arn)).toBe(false);
  });

  test('while the sources we offer pass', () => {
    expect(copyFrom.test(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${SONNET_V2.modelId}`)).toBe(true);
    expect(copyFrom.test(fmArn('us-east-1'))).toBe(true);
  });
});

describe('importing a profile', () => {
  const ARN = 'arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/b1a2c3d4e5f6';

  test('grants are as complete as for a created profile', () => {
    const stack = stackIn('us-east-1');
    const imported = CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', {
      profileArn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/b1a2c3d4e5f6',
      source: ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2),
    });
    imported.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    const [onProfile, behind] = statements(stack);
    expect(onProfile.Resource).toBe('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/b1a2c3d4e5f6');
    expect(behind.Condition.ArnEquals['bedrock:InferenceProfileArn']).toBe(onProfile.Resource);
    expect(behind.Resource).toContain(`arn:aws:bedrock:us-west-1::foundation-model/${SONNET_V2.modelId}`);
    expect(imported.profileId).toBe('b1a2c3d4e5f6');
    expect(imported.env.region).toBe('us-east-1');
  });

  test('an ARN from a parameter (token) is accepted; the id is split out at deploy time', () => {
    const stack = stackIn();
    const arn = new CfnParameter(stack, 'ProfileArn').valueAsString;
    const imported = CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', { profileArn: arn, source: ProfileSource.foundationModel(SONNET_V2) });
    expect(stack.resolve(imported.profileId)).toEqual({ 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'ProfileArn' }] }] });
  });

  test.each([
    ['a system profile ARN', `arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.${SONNET_V2.modelId}`],
    ['a foundation-model ARN', fmArn('us-west-2')],
    ['not an ARN', 'b1a2c3d4e5f6'],
  ])('rejects %s', (_what, arn) => {
    const stack = stackIn();
    expect(() => CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', { profileArn: arn, source: ProfileSource.foundationModel(SONNET_V2) }))
      .toThrow(/^Svc\/Imported: profileArn is not an application inference profile ARN/);
  });

  test('requires a source', () => {
    const stack = stackIn();
    expect(() => CostAllocatedProfile.fromProfileAttributes(stack, 'Imported', { profileArn: ARN } as any))
      .toThrow('Svc/Imported: source is required and must be a ProfileSource');
  });
});

describe('names, descriptions and the create-only warning', () => {
  test('a generated name is valid, at most 64 characters, and unique per stack and path', () => {
    const app = new App();
    const names = ['A', 'B'].flatMap(stackName => {
      const stack = new Stack(app, `${stackName}-${'x'.repeat(80)}`, { env: ENV });
      return ['One', 'Two'].map(id => new CostAllocatedProfile(stack, id, {
        source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' },
      }).profileName);
    });
    expect(new Set(names).size).toBe(4);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^([0-9a-zA-Z][ _-]?)+$/);
    }
  });

  test('the generated name changes with the source and the description, and only with them', () => {
    const nameFor = (model: BedrockModelId, description?: string, tags: Record<string, string> = { T: 'x' }) => {
      const stack = stackIn();
      return new CostAllocatedProfile(stack, 'Profile', { source: ProfileSource.foundationModel(model), description, costAllocationTags: tags }).profileName;
    };
    const base = nameFor(SONNET_V2);
    expect(nameFor(SONNET_V2)).toBe(base);
    expect(nameFor(SONNET_V2, undefined, { T: 'changed', Other: 'tag' })).toBe(base);
    expect(nameFor(BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU)).not.toBe(base);
    expect(nameFor(SONNET_V2, 'Service 1 profile')).not.toBe(base);
  });

  test('a fixed name is used as given, with a warning that explains replacement', () => {
    const stack = stackIn();
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), profileName: 'service1_profile', costAllocationTags: { Service: 'service-1' },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', { InferenceProfileName: 'service1_profile' });
    Annotations.fromStack(stack).hasWarning('/Svc/Profile', Match.stringLikeRegexp('create-only.*replacement fails'));
  });

  test('tokens are accepted for name, description and tags', () => {
    const stack = stackIn();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const description = new CfnParameter(stack, 'Description').valueAsString;
    const value = new CfnParameter(stack, 'Team').valueAsString;
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), profileName: name, description, costAllocationTags: { Team: value },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      InferenceProfileName: { Ref: 'Name' }, Description: { Ref: 'Description' }, Tags: [{ Key: 'Team', Value: { Ref: 'Team' } }],
    });
  });
});

describe('boundaries (the CloudFormation schema rules, exact messages)', () => {
  function make(props: Record<string, unknown>): () => void {
    return () => new CostAllocatedProfile(stackIn(), 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { Service: 'service-1' }, ...props,
    } as any);
  }

  test.each([
    ['a'],
    ['a'.repeat(64)],
    ['service1_profile'],
    ['Service 1 profile'],
    ['a-b_c d'],
    ['1'],
    ['trailing-'],
  ])('profileName %j is accepted', name => {
    expect(make({ profileName: name })).not.toThrow();
  });

  test.each([
    ['', 'must be at least 1 characters long, but has 0'],
    ['a'.repeat(65), 'must be at most 64 characters long, but has 65'],
    ['service1.profile', 'must match ^([0-9a-zA-Z][ _-]?)+$'],
    ['model:profile', 'must match'],
    ['double__underscore', 'must match'],
    ['-leading', 'must match'],
    ['a -b', 'must match'],
    ['ünïcode', 'must match'],
  ])('profileName %j is rejected: %s', (name, message) => {
    expect(make({ profileName: name })).toThrow(`Svc/Profile: profileName ${message}`);
    // Bad values are shown up to 40 characters (then cut, with the length).
    expect(make({ profileName: name })).toThrow(`(got ${renderValue(name)})`);
  });

  test.each([
    ['d'],
    ['d'.repeat(200)],
    ['Profile for service-1 v1.2 owner: team'],
    ['a.b:c'],
  ])('description %j is accepted', description => {
    expect(make({ description })).not.toThrow();
  });

  test.each([
    ['', 'must be at least 1 characters long'],
    ['d'.repeat(201), 'must be at most 200 characters long, but has 201'],
    ['one, two', 'must match ^([0-9a-zA-Z:.][ _-]?)+$'],
    ['profile (v2)', 'must match'],
    ['two  spaces', 'must match'],
  ])('description %j is rejected: %s', (description, message) => {
    expect(make({ description })).toThrow(`Svc/Profile: description ${message}`);
  });

  test.each([
    [{ K: '' }],
    [{ ['k'.repeat(128)]: 'v'.repeat(256) }],
    [{ 'team/name': 'a b.c:d/e=f+g-h@i_j' }],
    [Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v']))],
  ])('costAllocationTags %# is accepted', tags => {
    expect(make({ costAllocationTags: tags })).not.toThrow();
  });

  test.each([
    [{}, 'costAllocationTags must hold at least one tag'],
    [{ ['k'.repeat(129)]: 'v' }, 'costAllocationTags key must be at most 128 characters long, but has 129'],
    [{ K: 'v'.repeat(257) }, 'costAllocationTags["K"] must be at most 256 characters long, but has 257'],
    [{ 'a,b': 'v' }, 'costAllocationTags key must match ^[a-zA-Z0-9\\s._:/=+@-]*$'],
    [{ K: 'a#b' }, 'costAllocationTags["K"] must match'],
    [{ 'aws:cost': 'v' }, 'costAllocationTags key must not start with "aws:" (reserved by AWS)'],
    [{ 'AWS:cost': 'v' }, 'costAllocationTags key must not start with "aws:"'],
    [Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, 'v'])), 'costAllocationTags must hold at most 200 tags, but has 201'],
    ['Service=service-1', 'costAllocationTags must be a map of tag keys to values'],
  ])('costAllocationTags %# is rejected: %s', (tags, message) => {
    expect(make({ costAllocationTags: tags })).toThrow(`Svc/Profile: ${message}`);
  });

  test('missing props, source or tags are named', () => {
    expect(() => new CostAllocatedProfile(stackIn(), 'Profile', undefined as any)).toThrow('Svc/Profile: props is required');
    expect(make({ source: undefined })).toThrow('Svc/Profile: source is required and must be a ProfileSource');
    expect(make({ source: 'anthropic.claude-3-5-sonnet-20241022-v2:0' })).toThrow('source is required and must be a ProfileSource');
    expect(make({ costAllocationTags: undefined })).toThrow('Svc/Profile: costAllocationTags must be a map of tag keys to values (got undefined)');
  });

  test.each([
    [ProfileSource.foundationModel(BedrockModelId.custom('us.anthropic.claude-3-5-haiku-20241022-v1:0')),
      'source.model carries the cross-Region prefix "us." but the source is a foundation model', "CrossRegionGeo.fromPrefix('us')"],
    [ProfileSource.crossRegion(CrossRegionGeo.EU, BedrockModelId.custom('eu.anthropic.claude-3-haiku-20240307-v1:0')),
      'source.model already carries the cross-Region prefix "eu."', "BedrockModelId.custom('anthropic.claude-3-haiku-20240307-v1:0')"],
    [ProfileSource.foundationModel(BedrockModelId.custom(fmArn('us-west-2'))), 'source.model must match', ''],
    [ProfileSource.foundationModel(BedrockModelId.custom('claude')), 'source.model has no provider part', ''],
    [ProfileSource.foundationModel(BedrockModelId.custom('')), 'source.model must be at least 1 characters long', ''],
    [ProfileSource.foundationModel(SONNET_V2, { region: 'us-west2' }), 'source.region is not a Region code', 'us-west-2'],
    [ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2, { destinationRegions: [] }), 'source.destinationRegions must list at least one Region', ''],
    [ProfileSource.crossRegion(CrossRegionGeo.US, SONNET_V2, { destinationRegions: ['mars-1'] }), 'source.destinationRegions is not a Region code', ''],
  ])('bad source %# is rejected with a fix', (source, message, fix) => {
    expect(make({ source })).toThrow(`Svc/Profile: ${message}`);
    expect(make({ source })).toThrow(fix);
  });

  test('a model id that is an ARN gets its own message', () => {
    expect(make({ source: ProfileSource.foundationModel(BedrockModelId.custom('arn:aws:bedrock:us-west-2::foundation-model/a.b')) }))
      .toThrow(/must match|must be a model id, not an ARN/);
  });

  test('errors are CostProfilesError and recognised by the jsii-safe helper', () => {
    let thrown: unknown;
    try {
      make({ profileName: 'bad.name' })();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CostProfilesError);
    expect(CostProfilesErrors.isCostProfilesError(thrown)).toBe(true);
    expect((thrown as CostProfilesError).field).toBe('profileName');
    expect((thrown as CostProfilesError).location).toBe('Svc/Profile');
    expect(CostProfilesErrors.isCostProfilesError(new Error('x'))).toBe(false);
  });
});

describe('tags added later with Tags.of()', () => {
  test('are rendered on the profile', () => {
    const stack = stackIn();
    new CostAllocatedProfile(stack, 'Profile', { source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { Service: 'service-1' } });
    Tags.of(stack).add('CostCenter', 'cc-42');
    Template.fromStack(stack).hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      Tags: Match.arrayWith([{ Key: 'CostCenter', Value: 'cc-42' }, { Key: 'Service', Value: 'service-1' }]),
    });
  });

  test('an invalid one fails synthesis with the profile path and the fix', () => {
    const app = new App();
    const stack = stackIn('us-west-2', app);
    new CostAllocatedProfile(stack, 'Profile', { source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { Service: 'service-1' } });
    Tags.of(stack).add('Owner', 'a#b');
    expect(() => app.synth()).toThrow(/Svc\/Profile: tags \(as rendered, including Tags.of\(\)\)\["Owner"\] must match/);
  });
});

describe('metrics', () => {
  test.each([
    [ProfileMetricsDimension.PROFILE_ARN, 'InferenceProfileArn'],
    [ProfileMetricsDimension.PROFILE_ID, 'InferenceProfileId'],
  ])('%s selects the ModelId dimension value', (metricsDimension, attribute) => {
    const stack = stackIn();
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' }, metricsDimension,
    });
    const metric = profile.metricInputTokenCount();
    expect(metric.namespace).toBe('AWS/Bedrock');
    expect(metric.metricName).toBe('InputTokenCount');
    expect(metric.statistic).toBe('Sum');
    expect(metric.period.toMinutes()).toBe(5);
    expect(stack.resolve(metric.dimensions!.ModelId)).toEqual(getAtt(profile, attribute));
  });

  test('the named helpers map to the AWS/Bedrock metric names', () => {
    const profile = new CostAllocatedProfile(stackIn(), 'Profile', { source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' } });
    expect([
      profile.metricInvocations(), profile.metricInputTokenCount(), profile.metricOutputTokenCount(), profile.metricInvocationLatency(),
      profile.metricInvocationThrottles(), profile.metricInvocationClientErrors(), profile.metricInvocationServerErrors(),
    ].map(m => [m.metricName, m.statistic])).toEqual([
      ['Invocations', 'Sum'], ['InputTokenCount', 'Sum'], ['OutputTokenCount', 'Sum'], ['InvocationLatency', 'Average'],
      ['InvocationThrottles', 'Sum'], ['InvocationClientErrors', 'Sum'], ['InvocationServerErrors', 'Sum'],
    ]);
    expect(profile.metric('OutputImageCount', { statistic: 'Maximum' }).statistic).toBe('Maximum');
  });

  test.each([
    ['PROFILE_ARN', ProfileMetricsDimension.PROFILE_ARN, 'InferenceProfileArn'],
    ['PROFILE_ID', ProfileMetricsDimension.PROFILE_ID, 'InferenceProfileId'],
  ])('cache tokens, time to first token and estimated TPM quota usage, with the %s dimension', (_name, metricsDimension, attribute) => {
    const stack = stackIn();
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' }, metricsDimension,
    });
    const metrics = [
      profile.metricCacheReadInputTokenCount(), profile.metricCacheWriteInputTokenCount(),
      profile.metricTimeToFirstToken(), profile.metricEstimatedTPMQuotaUsage(),
    ];
    expect(metrics.map(m => [m.namespace, m.metricName, m.statistic, m.period.toMinutes()])).toEqual([
      ['AWS/Bedrock', 'CacheReadInputTokenCount', 'Sum', 5],
      ['AWS/Bedrock', 'CacheWriteInputTokenCount', 'Sum', 5],
      ['AWS/Bedrock', 'TimeToFirstToken', 'Average', 5],
      ['AWS/Bedrock', 'EstimatedTPMQuotaUsage', 'Sum', 1], // per minute, as the quota
    ]);
    for (const metric of metrics) {
      expect(stack.resolve(metric.dimensions!.ModelId)).toEqual(getAtt(profile, attribute));
    }
    expect(profile.metricTimeToFirstToken({ statistic: 'p90' }).statistic).toBe('p90');
    expect(profile.metricEstimatedTPMQuotaUsage({ period: Duration.minutes(5) }).period.toMinutes()).toBe(5);
  });
});

describe('hand-off to consumers', () => {
  test('SSM parameters and stack outputs carry the ARN, id and model id', () => {
    const app = new App();
    const stack = stackIn('us-west-2', app);
    const profile = new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
      ssmParameterPrefix: '/bedrock/profiles/service-1',
      stackOutputs: true,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/profile-arn', Value: getAtt(profile, 'InferenceProfileArn') });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/profile-id', Value: getAtt(profile, 'InferenceProfileId') });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/model-id', Value: SONNET_V2.modelId });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/destination-regions', Type: 'StringList', Value: 'us-west-2' });
    // A foundation model has no geography: no geo parameter or output.
    expect(Object.values<any>(template.findResources('AWS::SSM::Parameter')).map(p => p.Properties.Name)).not.toContain('/bedrock/profiles/service-1/geo');
    expect(Object.values<any>(template.findOutputs('*')).map(o => o.Value)).toEqual([
      getAtt(profile, 'InferenceProfileArn'),
      getAtt(profile, 'InferenceProfileId'),
      SONNET_V2.modelId,
      'us-west-2',
    ]);
    expectClean(app);
  });

  test.each([
    ['us', 'us-west-2', CrossRegionGeo.US, 'us-west-2,us-east-1,us-east-2,us-west-1'],
    ['global', 'us-west-2', CrossRegionGeo.GLOBAL, '*'],
    ['in', 'ap-south-1', CrossRegionGeo.IN, 'ap-south-1,ap-south-2'],
  ])('a %s profile also publishes its geography and destination Regions (SSM and outputs)', (geoPrefix, region, geo, regions) => {
    const app = new App();
    const stack = stackIn(region, app);
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(geo, SONNET_V2),
      costAllocationTags: { Service: 'service-1' },
      ssmParameterPrefix: '/bedrock/profiles/service-1',
      stackOutputs: true,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/geo', Type: 'String', Value: geoPrefix });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/bedrock/profiles/service-1/destination-regions', Type: 'StringList', Value: regions });
    template.hasOutput('ProfileGeoOutput059986E9', { Value: geoPrefix });
    template.hasOutput('ProfileDestinationRegionsOutput3DBF29A5', { Value: regions });
    expectClean(app);
  });

  test('in a Region-agnostic stack the destination Regions join the deploy-time Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new CostAllocatedProfile(stack, 'Profile', {
      source: ProfileSource.crossRegion(CrossRegionGeo.JP, SONNET_V2), costAllocationTags: { T: 'x' }, ssmParameterPrefix: '/p',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/p/destination-regions',
      Value: { 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, ',ap-northeast-1,ap-northeast-3']] },
    });
  });

  test('a prefix leaves room for the longest name, <prefix>/destination-regions (SSM names: 1011 characters)', () => {
    const profile = (prefix: string) => new CostAllocatedProfile(stackIn(), 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' }, ssmParameterPrefix: prefix,
    });
    expect(() => profile(`/${'a'.repeat(1011 - '/destination-regions'.length - 1)}`)).not.toThrow();
    expect(() => profile(`/${'a'.repeat(1011 - '/destination-regions'.length)}`)).toThrow('ssmParameterPrefix must be at most 991 characters long');
  });

  test.each([
    ['bedrock/profiles', 'must match'],
    ['/bedrock/profiles/', 'must match'],
    ['/aws/profiles', 'must not start with /aws or /ssm'],
    ['/' + Array.from({ length: 15 }, (_, i) => `l${i}`).join('/'), 'is too deep'],
  ])('ssmParameterPrefix %j is rejected', (prefix, message) => {
    expect(() => new CostAllocatedProfile(stackIn(), 'Profile', {
      source: ProfileSource.foundationModel(SONNET_V2), costAllocationTags: { T: 'x' }, ssmParameterPrefix: prefix,
    })).toThrow(`Svc/Profile: ssmParameterPrefix ${message}`);
  });
});

describe('CrossRegionGeo', () => {
  test('the table lists every documented geography, dated', () => {
    expect(CrossRegionGeo.knownPrefixes().sort()).toEqual(['apac', 'au', 'eu', 'global', 'in', 'jp', 'us', 'us-gov']);
    expect(CrossRegionGeo.TABLE_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(CrossRegionGeo.GLOBAL.routesAnywhere).toBe(true);
    expect(CrossRegionGeo.JP.destinationRegions).toEqual(['ap-northeast-1', 'ap-northeast-3']);
    expect(CrossRegionGeo.fromPrefix('eu')).toEqual(CrossRegionGeo.EU);
  });

  test('the vending schema accepts exactly the table\'s geographies (one definition, checked)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'vending', 'vending.schema.json'), 'utf-8'));
    const geoEnums: string[][] = [];
    JSON.stringify(schema, (key, value) => {
      if (key === 'geo' && Array.isArray(value?.enum)) {
        geoEnums.push(value.enum);
      }
      return value;
    });
    expect(geoEnums.map(e => [...e].sort())).toEqual([CrossRegionGeo.knownPrefixes().sort()]);
  });

  test('every listed Region has the partition aws-cdk-lib gives it (the table is a fast path in front of RegionInfo)', () => {
    const listed = CrossRegionGeo.knownPrefixes().flatMap(p => CrossRegionGeo.fromPrefix(p).destinationRegions).filter(r => r !== '*');
    expect(listed.length).toBeGreaterThan(30);
    for (const region of listed) {
      expect([region, listedRegionPartition(region)]).toEqual([region, RegionInfo.get(region).partition]);
    }
    expect(listedRegionPartition('cn-north-1')).toBeUndefined(); // not listed: RegionInfo answers
  });

  test.each([
    [() => CrossRegionGeo.fromPrefix('mars'), 'CrossRegionGeo.fromPrefix(): prefix is not a known cross-Region geography'],
    [() => CrossRegionGeo.custom('CA.', ['ca-central-1']), 'CrossRegionGeo.custom(): prefix must match'],
    [() => CrossRegionGeo.custom('ca', []), 'CrossRegionGeo.custom(): destinationRegions must list at least one Region'],
    [() => CrossRegionGeo.custom('ca', ['canada']), 'CrossRegionGeo.custom(): destinationRegions contains a value that is not a Region code'],
  ])('bad geography %# is rejected', (fn, message) => {
    expect(fn).toThrow(message);
  });
});
