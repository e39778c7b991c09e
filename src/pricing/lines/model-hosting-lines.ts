import { Dec } from '../decimal';
import { CustomizationSpec, CustomModelImportSpec, ProvisionedSpec } from '../usage-document';
import { LineSink } from './line-sink';

const MINUTES_PER_IMPORT_WINDOW = 5;

/** Provisioned throughput bought for a model: model units × hours. */
export function addProvisioned(b: LineSink, x: ProvisionedSpec, p: string): void {
  const ref = b.model(x.model, x.region, `${p}.model`);
  const hours = x.hours === undefined ? b.days.times(Dec.parse('24')) : b.q(x.hours, `${p}.hours`);
  const units = b.q(x.modelUnits, `${p}.modelUnits`);
  const meter = `${x.customModel ? 'custom-' : ''}provisioned-${x.commitment}`;
  b.add(ref.item, meter, ref, units.times(hours), `${x.customModel ? 'custom model ' : ''}provisioned throughput, ${x.commitment} (${units} MU × ${hours} h)`, false, p);
}

/** Fine-tuning or continued pre-training, and storing the custom model. */
export function addCustomization(b: LineSink, x: CustomizationSpec, p: string): void {
  const ref = b.model(x.model, x.region, `${p}.model`);
  if (x.trainingTokens !== undefined) {
    const epochs = x.epochs === undefined ? Dec.ONE : b.q(x.epochs, `${p}.epochs`);
    b.add(ref.item, 'training-tokens', ref, b.q(x.trainingTokens, `${p}.trainingTokens`).times(epochs), `training tokens (× ${epochs} epochs)`, false, p);
  }
  if (x.trainingImages !== undefined) {
    b.add(ref.item, 'training-images', ref, b.q(x.trainingImages, `${p}.trainingImages`), 'training images seen', false, p);
  }
  if (x.storedModels !== undefined) {
    b.add(ref.item, 'custom-model-storage', ref, b.q(x.storedModels, `${p}.storedModels`), 'custom model storage (models × months)', false, p);
  }
}

/** Imported custom models: custom model units per minute in active 5-minute windows, and storage. */
export function addCustomModelImport(b: LineSink, x: CustomModelImportSpec, p: string): void {
  const region = b.region(x.region, p);
  const cmus = b.q(x.customModelUnits, `${p}.customModelUnits`);
  let windows: Dec | undefined;
  if (x.activeWindows !== undefined) {
    windows = b.q(x.activeWindows, `${p}.activeWindows`);
  } else if (x.activeMinutes !== undefined) {
    // Billed in whole 5-minute windows.
    windows = Dec.fromBigInt(b.q(x.activeMinutes, `${p}.activeMinutes`).divide(Dec.parse(String(MINUTES_PER_IMPORT_WINDOW)), 0, 'ceil').n);
  }
  if (windows !== undefined) {
    b.add('custom-model-import', 'cmu-minutes', region, cmus.times(windows).times(Dec.parse(String(MINUTES_PER_IMPORT_WINDOW))),
      `custom model units × active 5-minute windows (${cmus} CMU × ${windows} windows × 5 min)`, true, p);
  }
  const stored = x.storedCustomModelUnits === undefined ? cmus : b.q(x.storedCustomModelUnits, `${p}.storedCustomModelUnits`);
  b.add('custom-model-import', 'cmu-storage', region, stored, 'custom model unit storage', false, p);
}
