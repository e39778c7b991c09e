import { CostProfilesError } from '../../core/errors';
import { readTextFile } from '../../core/regular-file';
import { parseDocument } from '../catalog';
import { checkAgainstSchema } from '../schema-check';
import shippedNames from './data/model-names.json';
import { ModelName, FeatureName, ModelNamesFile } from './model-names-format';
import modelNamesSchema from './model-names.schema.json';

/** How names are compared: case, repeated spaces and the Marketplace suffix do not matter. */
export function normalizeName(name: string): string {
  return name.replace(/\s*\(Amazon Bedrock Edition\)\s*$/i, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The Price List's names of models and features, looked up without regard to case. */
export class ModelNames {
  /** The table shipped with the package. */
  public static shipped(): ModelNames {
    return new ModelNames([shippedNames as ModelNamesFile]);
  }

  /** The shipped table with the user's files added; the user's entries win (a later file over an earlier one). */
  public static withFiles(files: readonly string[]): ModelNames {
    return ModelNames.withTables(files.map(file => [parseDocument(readTextFile(file, 'model names file'), file), file]));
  }

  /** The shipped table with tables already parsed, each checked against the format first. */
  public static withTables(tables: ReadonlyArray<[document: unknown, location: string]>): ModelNames {
    const checked = tables.map(([document, location]) => {
      checkAgainstSchema(modelNamesSchema, document, location, 'See model-names.schema.json (shipped with the package) and docs/prices.md.');
      checkNamesTable(document as ModelNamesFile, location);
      return document as ModelNamesFile;
    });
    return new ModelNames([...checked.reverse(), shippedNames as ModelNamesFile]);
  }

  private readonly models = new Map<string, ModelName>();
  private readonly features = new Map<string, FeatureName>();

  /** Tables in order of precedence: an earlier table's entry wins. */
  private constructor(tables: readonly ModelNamesFile[]) {
    for (const table of [...tables].reverse()) {
      for (const model of table.models ?? []) {
        for (const name of model.names) {
          this.models.set(normalizeName(name), model);
        }
      }
      for (const feature of table.features ?? []) {
        this.features.set(feature.usagetype.toLowerCase(), feature);
      }
    }
  }

  /** The model a Price List name stands for. */
  public model(name: string): ModelName | undefined {
    return this.models.get(normalizeName(name));
  }

  /** The feature a usagetype (without Region prefix) prices. */
  public feature(usagetype: string): FeatureName | undefined {
    return this.features.get(usagetype.toLowerCase());
  }

  /** Every model entry (each once). */
  public allModels(): ModelName[] {
    return [...new Set(this.models.values())];
  }
}

/** Checks a names table for contradictions: a spelling that names two models. */
export function checkNamesTable(table: ModelNamesFile, location: string): void {
  const owner = new Map<string, string>();
  for (const [i, model] of (table.models ?? []).entries()) {
    for (const name of model.names) {
      const previous = owner.get(normalizeName(name));
      if (previous !== undefined && previous !== model.key) {
        throw new CostProfilesError({
          location,
          field: `models[${i}].names`,
          problem: `spells "${name}", which already names ${previous}`,
          fix: 'Give each Price List spelling to one model.',
        });
      }
      owner.set(normalizeName(name), model.key);
    }
  }
}
