import * as fs from 'fs';
import { buildStabilityApps, FIXTURE, onRecordedDay, recordStability, StabilityRecording } from './template-stability';
import { expectClean } from '../helpers/synth';

// Moving the profile's code around must not change what it synthesizes. The fixture was
// recorded from the code before the split of cost-allocated-profile.ts; a fresh recording must
// match it byte for byte. When a template change is intended, re-record (see
// template-stability.ts) and review the fixture's diff like code.
const recorded: StabilityRecording = JSON.parse(fs.readFileSync(FIXTURE, 'utf-8'));
const built = onRecordedDay(() => buildStabilityApps());
const fresh = onRecordedDay(() => recordStability(built));

describe('what the examples and the profile apps synthesize is unchanged (re-record only for an intended change)', () => {
  test('the same apps and error cases', () => {
    expect(Object.keys(fresh.apps)).toEqual(Object.keys(recorded.apps));
    expect(Object.keys(fresh.errors)).toEqual(Object.keys(recorded.errors));
  });

  test.each(Object.keys(recorded.apps))('%s: the same files, the same content, byte for byte, the same messages', name => {
    const app = fresh.apps[name];
    // Content first, for a readable diff; the hashes then catch formatting and key order.
    if (recorded.apps[name].files !== undefined) {
      expect(app.files).toEqual(recorded.apps[name].files);
    }
    expect(app.sha256).toEqual(recorded.apps[name].sha256);
    expect(app.messages).toEqual(recorded.apps[name].messages);
  });

  test('bad props give the same errors, all of them CostProfilesErrors', () => {
    expect(fresh.errors).toEqual(recorded.errors);
    expect(Object.values(fresh.errors).filter(message => !/^(CostProfilesError|ValidationFailedWithErrors): /.test(message))).toEqual([]);
  });

  test.each(built.filter(b => b.profileApp).map(b => [b.name, b.app] as const))(
    '%s: schema-valid, cdk-nag clean, every alert deliverable (the examples are checked by their own tests)', (_name, app) => {
      expect(expectClean(app).length).toBeGreaterThan(0);
    });
});
