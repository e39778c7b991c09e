import * as path from 'path';
import usageSchema from '../../src/pricing/usage.schema.json';
import { inlineMembers, interfaceMembers } from '../helpers/interface-members';

// usage.schema.json and the TypeScript types of the usage document (usage-document.ts) are two
// writings of one format: every object of the schema has exactly the properties of its type, and
// the schema requires exactly the type's non-optional ones.

const types = interfaceMembers(path.join(__dirname, '../../src/pricing/usage-document.ts'));
const typeFile = path.join(__dirname, '../../src/pricing/usage-document.ts');
type SchemaObject = { properties: Record<string, any>; required?: string[] };
const defs = usageSchema.definitions as unknown as Record<string, SchemaObject>;
const workload = (usageSchema.properties.workloads.items as unknown as SchemaObject);
const arrayItems = (name: string) => workload.properties[name].items as SchemaObject;

const PAIRS: Array<[string, SchemaObject, Map<string, { optional: boolean }> | undefined]> = [
  ['UsageDocument', usageSchema as unknown as SchemaObject, types.get('UsageDocument')],
  ['WorkloadSpec', workload, types.get('WorkloadSpec')],
  ['BandSpec', defs.band, types.get('BandSpec')],
  ['InferenceSpec', defs.inference, types.get('InferenceSpec')],
  ['ServiceTierSpec', defs.inference.properties.serviceTier, types.get('ServiceTierSpec')],
  ['ReservedSpec', defs.inference.properties.reserved, types.get('ReservedSpec')],
  ['InferenceSpec.provisionedThroughput', defs.inference.properties.provisionedThroughput, inlineMembers(typeFile, 'InferenceSpec', 'provisionedThroughput')],
  ['ImageSpec', arrayItems('images'), types.get('ImageSpec')],
  ['VideoSpec', arrayItems('video'), types.get('VideoSpec')],
  ['GuardrailSpec', arrayItems('guardrails'), types.get('GuardrailSpec')],
  ['ProvisionedSpec', arrayItems('provisioned'), types.get('ProvisionedSpec')],
  ['CustomizationSpec', arrayItems('customization'), types.get('CustomizationSpec')],
  ['CustomModelImportSpec', arrayItems('customModelImport'), types.get('CustomModelImportSpec')],
  ['RerankSpec', arrayItems('rerank'), types.get('RerankSpec')],
  ['DataAutomationSpec', workload.properties.dataAutomation, types.get('DataAutomationSpec')],
  ['LineItemSpec', arrayItems('lineItems'), types.get('LineItemSpec')],
  ['WorkloadSpec.flows', workload.properties.flows, inlineMembers(typeFile, 'WorkloadSpec', 'flows')],
  ['WorkloadSpec.structuredRetrieval', workload.properties.structuredRetrieval, inlineMembers(typeFile, 'WorkloadSpec', 'structuredRetrieval')],
  ['WorkloadSpec.humanEvaluation', workload.properties.humanEvaluation, inlineMembers(typeFile, 'WorkloadSpec', 'humanEvaluation')],
];

describe('usage.schema.json and the usage document types agree', () => {
  test.each(PAIRS)('%s', (_name, schema, members) => {
    expect(members).toBeDefined();
    expect(Object.keys(schema.properties).sort()).toEqual([...members!.keys()].sort());
    expect([...(schema.required ?? [])].sort()).toEqual([...members!].filter(([, m]) => !m.optional).map(([k]) => k).sort());
  });
});
