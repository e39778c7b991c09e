import * as path from 'path';
import reportSchema from '../../src/report/report.schema.json';
import { interfaceMembers } from '../helpers/interface-members';

// report.schema.json (what the CLI accepts) and the report's TypeScript types (what synthesis
// writes, report-model.ts) are two writings of one format: every object of the schema has
// exactly the properties of its type, and requires exactly the type's non-optional ones.

const types = interfaceMembers(path.join(__dirname, '../../src/report/report-model.ts'));
type SchemaObject = { properties: Record<string, unknown>; required?: string[] };
const defs = reportSchema.definitions as unknown as Record<string, SchemaObject>;

const PAIRS: Array<[string, SchemaObject]> = [
  ['StackCostReport', reportSchema as unknown as SchemaObject],
  ['Band', defs.band],
  ['ReportLine', defs.line],
  ['ProfileEntry', defs.profile],
  ['TagValueEntry', defs.tagValue],
  ['PrincipalDescription', defs.principal],
  ['BudgetDescription', defs.budget],
  ['SpendAlarmDescription', defs.alarm],
  ['ShardDescription', defs.shard],
  ['StalePriceEntry', defs.stalePrice],
];

describe('report.schema.json and report-model.ts agree', () => {
  test.each(PAIRS)('%s', (name, schema) => {
    const members = types.get(name);
    expect(members).toBeDefined();
    expect(Object.keys(schema.properties).sort()).toEqual([...members!.keys()].sort());
    expect([...(schema.required ?? [])].sort()).toEqual([...members!].filter(([, m]) => !m.optional).map(([k]) => k).sort());
  });
});
