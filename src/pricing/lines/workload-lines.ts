import { Catalog } from '../catalog';
import { Dec } from '../decimal';
import { LineItem } from '../line-items';
import { UsageContext, WorkloadSpec } from '../usage-document';
import { addCountedFeatures, addDataAutomation, addLineItem, addRerank } from './feature-lines';
import { addGuardrails } from './guardrail-lines';
import { addInference, InferencePlan } from './inference-lines';
import { LineSink } from './line-sink';
import { addImages, addVideo } from './media-lines';
import { addCustomization, addCustomModelImport, addProvisioned } from './model-hosting-lines';

/** One workload's line items (per month), and its inference blocks for the comparisons after pricing. */
export interface WorkloadLines {
  readonly sink: LineSink;
  readonly lines: LineItem[];
  readonly plans: InferencePlan[];
}

/** Turns one workload's usage into line items, product family by product family. */
export function workloadLines(catalog: Catalog, w: WorkloadSpec, ctx: UsageContext, at: string, days: Dec): WorkloadLines {
  const b = new LineSink(catalog, w, ctx, at, days);
  const inference = w.inference === undefined ? [] : Array.isArray(w.inference) ? w.inference : [w.inference];
  const plans = inference.map((spec, i) => addInference(b, spec, ctx.names.inference(at, Array.isArray(w.inference) ? i : undefined)));
  (w.images ?? []).forEach((x, i) => addImages(b, x, `${at}.images[${i}]`));
  (w.video ?? []).forEach((x, i) => addVideo(b, x, `${at}.video[${i}]`));
  (w.guardrails ?? []).forEach((x, i) => addGuardrails(b, x, `${at}.guardrails[${i}]`));
  (w.provisioned ?? []).forEach((x, i) => addProvisioned(b, x, `${at}.provisioned[${i}]`));
  (w.customization ?? []).forEach((x, i) => addCustomization(b, x, `${at}.customization[${i}]`));
  (w.customModelImport ?? []).forEach((x, i) => addCustomModelImport(b, x, `${at}.customModelImport[${i}]`));
  (w.rerank ?? []).forEach((x, i) => addRerank(b, x, `${at}.rerank[${i}]`));
  addCountedFeatures(b, w);
  if (w.dataAutomation) {
    addDataAutomation(b, w.dataAutomation, `${at}.dataAutomation`);
  }
  (w.lineItems ?? []).forEach((x, i) => addLineItem(b, x, `${at}.lineItems[${i}]`));
  return { sink: b, lines: b.lines, plans };
}
