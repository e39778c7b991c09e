/**
 * The format of the Price List model-name table (model-names.schema.json is its definition for
 * users; test/pricing/price-list/price-list-format.test.ts keeps the two in step).
 */

/** A model the Price List names (see model-names.json). */
export interface ModelName {
  readonly key: string;
  readonly name: string;
  readonly provider?: string;
  readonly names: readonly string[];
  readonly modelIds: readonly string[];
}

/** A priced feature, by its usagetype without the Region prefix. */
export interface FeatureName {
  readonly usagetype: string;
  readonly item: string;
  readonly meter: string;
}

/** The format of model-names.json and of the files given with --names (model-names.schema.json). */
export interface ModelNamesFile {
  readonly $schema?: string;
  readonly $comment?: string | readonly string[];
  readonly models?: readonly ModelName[];
  readonly features?: readonly FeatureName[];
}
