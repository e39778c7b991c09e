export { BedrockCostDataExport, BedrockCostDataExportProps, CurTimeGranularity } from './bedrock-cost-data-export';
export { CostForecastSource } from './cost-forecast-source';
