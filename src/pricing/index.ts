export {
  CatalogModel,
  CatalogSource,
  CostForecast,
  InferenceForecastProps,
  InferenceUsage,
  PriceCatalog,
  PriceQuery,
  PriceQuote,
  ProfileUsage,
  UsageFileOptions,
  WorkloadCostSummary,
} from './cost-forecast';
