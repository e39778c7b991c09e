import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { BedrockCostDataExport, CostForecastSource, CurTimeGranularity } from '../../src';
import { CostProfilesError } from '../../src/core/errors';
import { anyValue } from '../helpers/arbitraries';

describe('random BedrockCostDataExport props give a CostProfilesError or a synthesizable export, never a crash', () => {
  test('through synthesis', () => {
    let synthesized = 0;
    // Mostly absent, so that a good share of the runs get all the way through synthesis.
    const rarely = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary, weight: 1 });
    const text = (max: number) => rarely(fc.oneof(fc.string({ maxLength: max }), fc.stringMatching(/^[a-z0-9_-]{1,20}$/), anyValue));
    fc.assert(fc.property(fc.record({
      profileTagKeys: fc.oneof(
        { arbitrary: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.:/=+@-]{0,20}$/), { minLength: 1, maxLength: 3 }), weight: 6 },
        { arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 130 }), anyValue), { maxLength: 3 }), weight: 1 },
        { arbitrary: anyValue, weight: 1 },
      ),
      principalTagKeys: rarely(fc.oneof(fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z]{1,10}$/), anyValue), { maxLength: 2 }), anyValue)),
      iamPrincipalData: rarely(fc.oneof(fc.boolean(), anyValue)),
      timeGranularity: rarely(fc.oneof(fc.constantFrom(...Object.values(CurTimeGranularity)), anyValue)),
      exportName: text(140),
      prefix: text(40),
      databaseName: text(40),
      tableName: text(40),
      workGroupName: text(140),
      billingPeriodsFrom: rarely(fc.oneof(fc.stringMatching(/^\d{4}-\d{2}$/), anyValue)),
      bytesScannedCutoffPerQuery: rarely(fc.oneof(fc.integer(), fc.double(), anyValue)),
      topCallers: rarely(fc.oneof(fc.integer({ min: -5, max: 2000 }), anyValue)),
      forecast: rarely(fc.oneof(fc.constant(CostForecastSource.none()), fc.constant(CostForecastSource.fromApp()), anyValue)),
    }, { requiredKeys: ['profileTagKeys'] }), props => {
      const app = new App();
      const stack = new Stack(app, 'Billing', { env: { account: '111122223333', region: 'us-east-1' } });
      try {
        new BedrockCostDataExport(stack, 'Cur', props as any);
        synthesized++;
        app.synth();
      } catch (e) {
        if (!(e instanceof CostProfilesError)) {
          throw new Error(`expected a CostProfilesError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
        }
        expect(e.message.startsWith('Billing/Cur: ')).toBe(true);
      }
    }), { numRuns: 150 });
    // The property reaches synthesis often enough to mean something.
    expect(synthesized).toBeGreaterThan(10);
  });
});
