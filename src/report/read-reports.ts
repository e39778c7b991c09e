import * as fs from 'fs';
import * as path from 'path';
import { REPORT_JSON_SUFFIX, REPORT_SCHEMA_VERSION, StackCostReport } from './report-model';
import reportSchema from './report.schema.json';
import { CostProfilesError } from '../core/errors';
import { isIsoDate } from '../core/iso-date';
import { readTextFile } from '../core/regular-file';
import { checkAgainstSchema } from '../pricing/schema-check';

/**
 * Every stack's cost report in a synthesized cloud assembly (cdk.out), nested stage
 * assemblies included, sorted by stack path.
 */
export function readReports(dir: string): StackCostReport[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new CostProfilesError({ location: dir, field: 'cloud assembly', problem: 'does not exist', fix: 'Give the output directory of cdk synth (usually cdk.out).' });
  }
  if (!stat.isDirectory()) {
    throw new CostProfilesError({ location: dir, field: 'cloud assembly', problem: 'is not a directory', fix: 'Give the output directory of cdk synth (usually cdk.out).' });
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith(REPORT_JSON_SUFFIX)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  if (files.length === 0) {
    throw new CostProfilesError({
      location: dir,
      field: 'cloud assembly',
      problem: 'holds no Bedrock cost report',
      fix: 'Synthesize an app with CostAllocatedProfile, ProfileBudget or ProfileSpendAlarm first (cdk synth); they write <stack>.bedrock-cost.json.',
    });
  }
  return files.map(read).sort((a, b) => a.stack.path.localeCompare(b.stack.path));
}

function read(file: string): StackCostReport {
  const text = readTextFile(file, 'cost report');
  let report: StackCostReport;
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw new CostProfilesError({ location: file, field: '(document)', problem: `is not valid JSON: ${(e as Error).message}`, fix: 'Synthesize again.' });
  }
  if (report === null || typeof report !== 'object' || report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new CostProfilesError({
      location: file,
      field: 'schemaVersion',
      problem: `is not a cost report this version reads (expected version ${REPORT_SCHEMA_VERSION})`,
      value: (report as { schemaVersion?: unknown } | null)?.schemaVersion,
      fix: 'Synthesize again with the same version of cdk-bedrock-cost-profiles as the CLI.',
    });
  }
  // Reports arrive from other branches (diff) and other machines: every field is checked.
  checkAgainstSchema(reportSchema, report, file, 'Synthesize again; a report is written by synthesis, not by hand (report.schema.json says what it holds).');
  const forecastDates = report.profiles.flatMap(p => (p.forecast ? [p.forecast.asOf] : []));
  const dates = [...report.pricesAsOf, ...report.sources.map(s => s.effectiveDate), ...forecastDates];
  const badDate = dates.find(d => !isIsoDate(d));
  if (badDate !== undefined) {
    throw new CostProfilesError({ location: file, field: 'pricesAsOf', problem: 'holds a date that does not exist', value: badDate, fix: 'Synthesize again.' });
  }
  return report;
}
