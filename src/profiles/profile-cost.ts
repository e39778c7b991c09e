import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { IConstruct } from 'constructs';
import { ProfileSource, ProfileSourceKind } from './profile-source';
import { fail } from '../core/validation';
import { CostForecast, PriceCatalog, ProfileUsage } from '../pricing/cost-forecast';
import { stalePrices, staleWarning } from '../pricing/staleness';
import { contributeToCostReport } from '../report/cost-report';

// Cost wiring: a profile's forecast from its expected usage, and its entry in the stack's cost
// report.

/** What a profile's forecast needs. */
export interface ProfileForecastInput {
  readonly source: ProfileSource;
  readonly sourceRegion: string;
  readonly costAllocationTags: { [key: string]: string };
  readonly expectedUsage: ProfileUsage;
  readonly priceCatalog?: PriceCatalog;
  readonly pricesAsOf?: string;
}

/** The 12-month forecast of a profile's expected usage, with errors pointing at the profile's props. */
export function profileForecast(scope: IConstruct, input: ProfileForecastInput): CostForecast {
  const region = input.sourceRegion;
  const modelId = input.source.model.modelId;
  if (Token.isUnresolved(region)) {
    fail(scope, 'expectedUsage', 'needs a concrete Region to price the traffic, but the stack is Region-agnostic',
      "Give the stack an env with a region (env: { region: 'us-west-2' }), or the source a region option.", region);
  }
  if (Token.isUnresolved(modelId)) {
    fail(scope, 'expectedUsage', 'needs a concrete model id to price the traffic', 'Use a BedrockModelId constant or a literal id.', modelId);
  }
  const geo = input.source.geo?.prefix;
  return warnIfStale(scope, CostForecast._forInference({
    ...input.expectedUsage,
    model: geo ? `${geo}.${modelId}` : modelId,
    region,
    name: scope.node.path,
    tags: input.costAllocationTags,
    months: 12,
    catalog: input.priceCatalog,
    asOf: input.pricesAsOf,
    // An unknown model or a missing price is about the model and Region, which the source says.
  }, scope.node.path, { usage: 'expectedUsage', model: 'source', price: 'source', asOf: 'pricesAsOf', catalog: 'priceCatalog' }));
}

/** Warns at synthesis when the forecast used prices more than 120 days older than its as-of date. */
export function warnIfStale(scope: IConstruct, forecast: CostForecast): CostForecast {
  for (const stale of stalePrices(forecast._forecast)) {
    Annotations.of(scope).addWarningV2('cdk-bedrock-cost-profiles:stalePrices', `expectedUsage: ${staleWarning(stale)}`);
  }
  return forecast;
}

/** What a profile's cost-report entry is made of. */
export interface ReportedProfile extends IConstruct {
  readonly profileName: string;
  readonly modelId: string;
  readonly geoPrefix?: string;
  readonly sourceKind: ProfileSourceKind;
  readonly sourceRegion: string;
  readonly destinationRegions: string[];
  readonly costForecast?: CostForecast;
}

/** Adds the profile to its stack's cost report (the entry is built at synthesis, after aspects). */
export function reportProfileCost(profile: ReportedProfile, resource: bedrock.CfnApplicationInferenceProfile): void {
  contributeToCostReport(profile, { profile: () => reportEntry(profile, resource) });
}

function reportEntry(profile: ReportedProfile, resource: bedrock.CfnApplicationInferenceProfile) {
  const stack = Stack.of(profile);
  const concrete = (value: string) => (Token.isUnresolved(value) ? '(deploy-time)' : value);
  const tags = Object.fromEntries(Object.entries(resource.cdkTagManager.tagValues()).map(([k, v]) => [concrete(k), concrete(v)]));
  return {
    entry: {
      path: profile.node.path,
      logicalId: stack.resolve(resource.logicalId) as string,
      profileName: concrete(profile.profileName),
      modelId: concrete(profile.modelId),
      geo: profile.geoPrefix,
      sourceKind: profile.sourceKind,
      region: concrete(profile.sourceRegion),
      destinationRegions: profile.destinationRegions.map(concrete),
      tags,
    },
    forecast: profile.costForecast?._forecast,
  };
}
