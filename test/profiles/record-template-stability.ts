/**
 * Records test/profiles/fixtures/template-stability.json from the current code (see
 * template-stability.ts). Run it deliberately, never from a test:
 *   npx ts-node --transpile-only --project test/tsconfig.json test/profiles/record-template-stability.ts
 */
import * as fs from 'fs';
import { FIXTURE, forFixture, onRecordedDay, recordStability } from './template-stability';

fs.writeFileSync(FIXTURE, `${JSON.stringify(forFixture(onRecordedDay(() => recordStability())), null, 1)}\n`);
console.log(`Recorded ${FIXTURE}`);
