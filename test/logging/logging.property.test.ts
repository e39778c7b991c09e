import { App, Duration, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { AlertTarget, BedrockInvocationLogging, InvocationLoggingRemoval, LargePayloadStorage } from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { anyValue } from '../helpers/arbitraries';

const flag = fc.oneof(fc.boolean(), anyValue);

describe('random BedrockInvocationLogging props give a CostProfilesError or a construct, never a crash', () => {
  test('BedrockInvocationLogging', () => {
    fc.assert(fc.property(fc.record({
      retention: fc.oneof(fc.constantFrom(...Object.values(logs.RetentionDays).filter(v => typeof v === 'number')), fc.integer(), anyValue),
      logGroupName: fc.oneof(fc.string({ maxLength: 600 }), fc.stringMatching(/^[a-z/._-]{1,40}$/), anyValue),
      textDataDelivery: flag,
      imageDataDelivery: flag,
      embeddingDataDelivery: flag,
      videoDataDelivery: flag,
      audioDataDelivery: flag,
      takeOverExistingConfiguration: flag,
      deliveryFailureAlarms: flag,
      queryDefinitions: flag,
      onDelete: fc.oneof(fc.constantFrom(...Object.values(InvocationLoggingRemoval)), fc.string(), anyValue),
      largePayloads: fc.oneof(
        fc.record({
          keyPrefix: fc.oneof(fc.string({ maxLength: 30 }), anyValue),
          expiration: fc.oneof(
            fc.integer({ min: 0, max: 4000 }).map(d => Duration.hours(d)),
            fc.integer({ min: 1, max: 400 }).map(d => Duration.days(d)),
            anyValue,
          ),
        }, { requiredKeys: [] }).map(o => LargePayloadStorage.newBucket(o as any)),
        fc.oneof(fc.string({ maxLength: 20 }), anyValue).map(prefix => ({ prefix })),
        anyValue,
      ),
      alertTargets: fc.oneof(fc.array(fc.oneof(fc.constant(AlertTarget.email('a@example.com')), anyValue), { maxLength: 2 }), anyValue),
    }, { requiredKeys: [] }), raw => {
      const stack = new Stack(new App(), 'Svc', { env: { account: '111111111111', region: 'us-west-2' } });
      // Existing-bucket storage needs a bucket in the stack under test.
      const props: any = { ...raw };
      if (raw.largePayloads && typeof raw.largePayloads === 'object' && 'prefix' in (raw.largePayloads as object)) {
        props.largePayloads = LargePayloadStorage.existingBucket(s3.Bucket.fromBucketName(stack, 'B', 'payloads'), (raw.largePayloads as any).prefix);
      }
      try {
        new BedrockInvocationLogging(stack, 'Logging', props);
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        expect(e.message.startsWith('Svc/Logging: ')).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
