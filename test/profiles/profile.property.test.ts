import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import {
  BedrockModelId,
  CostAllocatedProfile,
  CrossRegionGeo,
  ProfileMetricsDimension,
  ProfileSource,
  RequiredTagsPolicy,
} from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { anyValue } from '../helpers/arbitraries';
import { propertiesValid } from '../helpers/cfn-schema';

const RUNS = { numRuns: 1000 };
const PROFILE = 'AWS::Bedrock::ApplicationInferenceProfile';
const COPY_FROM = 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0';
const SOURCE = ProfileSource.foundationModel(BedrockModelId.ANTHROPIC_CLAUDE_3_5_SONNET_V2);

/** Strings near the rules: the allowed alphabet plus the characters people get wrong. */
const nearName = fc.stringMatching(/^[0-9a-zA-Z _\-.:,()#é\u00a0]{0,70}$/);
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }), nearName, fc.constant(''));

let counter = 0;
function freshStack(): Stack {
  return new Stack(new App(), 'Svc', { env: { account: '123456789012', region: 'us-west-2' } });
}

/** Runs `build`; returns the CostProfilesError it threw, undefined on success, and fails on any other error. */
function outcome(build: () => unknown): CostProfilesError | undefined {
  try {
    build();
    return undefined;
  } catch (e) {
    if (!(e instanceof CostProfilesError)) {
      throw new Error(`expected a CostProfilesError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
    return e;
  }
}

describe('profile validation is exactly the CloudFormation schema', () => {
  const stack = freshStack();

  test('profileName: accepted if and only if the schema accepts it', () => {
    fc.assert(fc.property(anyText, name => {
      const id = `P${counter++}`;
      // A fresh stack each time: a fixed name is unique per account and Region (app-wide).
      const error = outcome(() => new CostAllocatedProfile(freshStack(), id, { source: SOURCE, costAllocationTags: { T: 'x' }, profileName: name }));
      const schemaOk = propertiesValid(PROFILE, { InferenceProfileName: name, ModelSource: { CopyFrom: COPY_FROM } });
      expect(error === undefined).toBe(schemaOk);
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: profileName `)).toBe(true);
        expect(error.field).toBe('profileName');
      }
    }), RUNS);
  });

  test('description: accepted if and only if the schema accepts it', () => {
    fc.assert(fc.property(anyText, description => {
      const id = `P${counter++}`;
      const error = outcome(() => new CostAllocatedProfile(stack, id, { source: SOURCE, costAllocationTags: { T: 'x' }, description }));
      const schemaOk = propertiesValid(PROFILE, { InferenceProfileName: 'n', Description: description, ModelSource: { CopyFrom: COPY_FROM } });
      expect(error === undefined).toBe(schemaOk);
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: description `)).toBe(true);
      }
    }), RUNS);
  });

  test('costAllocationTags: the schema rules, plus at least one tag and no aws: prefix', () => {
    const tagText = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[a-zA-Z0-9 ._:/=+@\-#,]{0,20}$/), fc.constant('aws:x'));
    const tagMap = fc.dictionary(tagText, tagText, { maxKeys: 4 });
    fc.assert(fc.property(tagMap, tags => {
      const id = `P${counter++}`;
      const error = outcome(() => new CostAllocatedProfile(stack, id, { source: SOURCE, costAllocationTags: tags }));
      const entries = Object.entries(tags);
      const schemaOk = propertiesValid(PROFILE, {
        InferenceProfileName: 'n', ModelSource: { CopyFrom: COPY_FROM }, Tags: entries.map(([Key, Value]) => ({ Key, Value })),
      });
      const ours = entries.length > 0 && !entries.some(([k]) => k.toLowerCase().startsWith('aws:'));
      expect(error === undefined).toBe(schemaOk && ours);
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: costAllocationTags`)).toBe(true);
      }
    }), RUNS);
  });

  test('a custom model id that passes makes a CopyFrom the schema accepts', () => {
    const modelId = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.stringMatching(/^[a-z0-9.:\-]{0,60}$/),
      fc.constantFrom('us.anthropic.x-v1:0', 'arn:aws:bedrock:us-east-1::foundation-model/a.b', 'anthropic'),
    );
    fc.assert(fc.property(modelId, fc.boolean(), (id, crossRegion) => {
      const construct = `P${counter++}`;
      const model = BedrockModelId.custom(id);
      const source = crossRegion ? ProfileSource.crossRegion(CrossRegionGeo.US, model) : ProfileSource.foundationModel(model);
      let created: CostAllocatedProfile | undefined;
      const error = outcome(() => {
        created = new CostAllocatedProfile(stack, construct, { source, costAllocationTags: { T: 'x' } });
      });
      if (error) {
        expect(error.message.startsWith(`Svc/${construct}: source`)).toBe(true);
      } else {
        const copyFrom = stack.resolve((created!.node.defaultChild as any).modelSource.copyFrom);
        expect(propertiesValid(PROFILE, { InferenceProfileName: 'n', ModelSource: { CopyFrom: copyFrom } })).toBe(true);
      }
    }), RUNS);
  });
});

describe('random bad input never escapes as anything but a CostProfilesError', () => {
  test('CostAllocatedProfile props of any shape', () => {
    const stack = freshStack();
    const field = anyValue;
    const props = fc.record({
      source: fc.oneof(field, fc.constant(SOURCE)),
      costAllocationTags: fc.oneof(field, fc.constant({ T: 'x' })),
      profileName: field,
      description: field,
      metricsDimension: fc.oneof(field, fc.constantFrom(...Object.values(ProfileMetricsDimension))),
      ssmParameterPrefix: fc.oneof(field, fc.constant('/p/x')),
      stackOutputs: field,
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(props, anyValue), p => {
      const id = `P${counter++}`;
      const error = outcome(() => new CostAllocatedProfile(stack, id, p as any));
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: `)).toBe(true);
      }
    }), RUNS);
  });

  test('ProfileSource options of any shape', () => {
    const stack = freshStack();
    const options = fc.record({ region: fc.oneof(anyValue, fc.string()), destinationRegions: anyValue }, { requiredKeys: [] });
    fc.assert(fc.property(options, fc.boolean(), (o, crossRegion) => {
      const id = `P${counter++}`;
      const model = BedrockModelId.ANTHROPIC_CLAUDE_3_5_HAIKU;
      const error = outcome(() => new CostAllocatedProfile(stack, id, {
        source: crossRegion ? ProfileSource.crossRegion(CrossRegionGeo.US, model, o as any) : ProfileSource.foundationModel(model, o as any),
        costAllocationTags: { T: 'x' },
      }));
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: source`)).toBe(true);
      }
    }), RUNS);
  });

  test('fromProfileAttributes with any ARN: accepted only for an application profile ARN', () => {
    const stack = freshStack();
    const arn = fc.oneof(
      anyValue,
      fc.string(),
      fc.stringMatching(/^arn:aws(-us-gov)?:bedrock:[a-z0-9-]{0,12}:[0-9]{0,12}:(application-)?inference-profile\/[a-zA-Z0-9:.\-]{0,70}$/),
    );
    fc.assert(fc.property(arn, a => {
      const id = `I${counter++}`;
      const error = outcome(() => CostAllocatedProfile.fromProfileAttributes(stack, id, { profileArn: a as any, source: SOURCE }));
      const valid = typeof a === 'string' && /^arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:[0-9a-z-]{1,20}:[0-9]{12}:application-inference-profile\/[a-zA-Z0-9-:.]{1,64}$/.test(a);
      expect(error === undefined).toBe(valid);
      if (error) {
        expect(error.message.startsWith(`Svc/${id}: profileArn`)).toBe(true);
      }
    }), RUNS);
  });

  test('RequiredTagsPolicy and CrossRegionGeo.custom with any input', () => {
    fc.assert(fc.property(anyValue, anyValue, anyValue, (keys, prefix, regions) => {
      const app = new App();
      const policyError = outcome(() => RequiredTagsPolicy.apply(app, { tagKeys: keys as any }));
      if (policyError) {
        expect(policyError.message.startsWith('<root>: RequiredTagsPolicy.tagKeys')).toBe(true);
      }
      const geoError = outcome(() => CrossRegionGeo.custom(prefix as any, regions as any));
      if (geoError) {
        expect(geoError.message.startsWith('CrossRegionGeo.custom(): ')).toBe(true);
      }
    }), RUNS);
  });
});
