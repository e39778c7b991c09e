import { meterFix } from '../catalog';
import { Dec } from '../decimal';
import { DataAutomationSpec, LineItemSpec, Quantity, RerankSpec, WorkloadSpec } from '../usage-document';
import { LineSink } from './line-sink';

const RERANK_DOCUMENTS_PER_QUERY = 100;
const DATA_AUTOMATION_INCLUDED_FIELDS = 30;

/** Rerank requests, in queries of up to 100 documents. */
export function addRerank(b: LineSink, x: RerankSpec, p: string): void {
  const ref = b.model(x.model, x.region, `${p}.model`);
  const perRequest = Math.ceil(x.documentsPerRequest / RERANK_DOCUMENTS_PER_QUERY);
  b.add(ref.item, 'queries', ref, b.q(x.requests, `${p}.requests`).times(Dec.fromBigInt(BigInt(perRequest))),
    `rerank queries (${perRequest} per request of ${x.documentsPerRequest} documents)`, true, p);
}

/** Flows, structured retrieval and human evaluation: one counted quantity each. */
export function addCountedFeatures(b: LineSink, w: WorkloadSpec): void {
  if (w.flows) {
    const p = `${b.at}.flows`;
    b.add('flows', 'node-transitions', b.region(w.flows.region, p, true), b.q(w.flows.nodeTransitions, `${p}.nodeTransitions`), 'flow node transitions', true, p);
  }
  if (w.structuredRetrieval) {
    const p = `${b.at}.structuredRetrieval`;
    b.add('knowledge-bases.structured-retrieval', 'requests', b.region(w.structuredRetrieval.region, p, true), b.q(w.structuredRetrieval.requests, `${p}.requests`), 'structured retrieval requests', true, p);
  }
  if (w.humanEvaluation) {
    const p = `${b.at}.humanEvaluation`;
    b.add('model-evaluation.human', 'human-tasks', b.region(w.humanEvaluation.region, p, true), b.q(w.humanEvaluation.tasks, `${p}.tasks`), 'human evaluation tasks', false, p);
  }
}

/** Data Automation: custom output pages and images (with extra blueprint fields), and standard output. */
export function addDataAutomation(b: LineSink, x: DataAutomationSpec, p: string): void {
  const region = b.region(x.region, p, true);
  const extraFields = Dec.fromBigInt(BigInt(Math.max(0, (x.blueprintFields ?? 0) - DATA_AUTOMATION_INCLUDED_FIELDS)));
  const item = 'data-automation';
  if (x.customDocumentPages !== undefined) {
    const pages = b.q(x.customDocumentPages, `${p}.customDocumentPages`);
    b.add(item, 'custom-document-pages', region, pages, 'custom output document pages', true, p);
    b.add(item, 'custom-document-extra-field-pages', region, pages.times(extraFields), `custom output fields above ${DATA_AUTOMATION_INCLUDED_FIELDS}, per page`, true, p);
  }
  if (x.customImages !== undefined) {
    const images = b.q(x.customImages, `${p}.customImages`);
    b.add(item, 'custom-images', region, images, 'custom output images', true, p);
    b.add(item, 'custom-image-extra-fields', region, images.times(extraFields), `custom output fields above ${DATA_AUTOMATION_INCLUDED_FIELDS}, per image`, true, p);
  }
  const standard: Array<[Quantity | undefined, string, string]> = [
    [x.standardDocumentPages, 'standard-document-pages', 'standardDocumentPages'],
    [x.standardVideoMinutes, 'standard-video-minutes', 'standardVideoMinutes'],
    [x.standardAudioMinutes, 'standard-audio-minutes', 'standardAudioMinutes'],
  ];
  for (const [value, meter, field] of standard) {
    if (value !== undefined) {
      b.add(item, meter, region, b.q(value, `${p}.${field}`), b.catalog.meters.get(meter)!.description.toLowerCase(), true, p);
    }
  }
}

/** Anything else, priced directly by item and meter. */
export function addLineItem(b: LineSink, x: LineItemSpec, p: string): void {
  const feature = b.catalog.items.get(x.item);
  const ref = feature && feature.kind === 'feature'
    ? { item: feature.key, ...b.region(x.region, p, true) }
    : b.model(x.item, x.region, `${p}.item`);
  if (!b.catalog.meters.has(x.meter)) {
    throw b.error(`${p}.meter`, 'is not a known meter', x.meter, meterFix(x.meter, b.catalog.meters));
  }
  b.add(ref.item, x.meter, ref, b.q(x.quantity, `${p}.quantity`), b.catalog.meters.get(x.meter)!.description.toLowerCase(), x.growsWithTraffic ?? true, p);
}
