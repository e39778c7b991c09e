export { BedrockCostDataExport, BedrockCostDataExportProps } from './bedrock-cost-data-export';
export { CurTimeGranularity } from './cur-time-granularity';
export { CostForecastSource } from './cost-forecast-source';
