export {
  CatalogModel,
  CatalogSource,
  CostForecast,
  InferenceForecastProps,
  InferenceUsage,
  PriceCatalog,
  PriceQuery,
  PriceQuote,
  UsageFileOptions,
  WorkloadCostSummary,
} from './cost-forecast';
