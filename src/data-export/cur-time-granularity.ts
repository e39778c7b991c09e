/** The granularity of the export's line items. */
export enum CurTimeGranularity {
  HOURLY = 'HOURLY',
  DAILY = 'DAILY',
  MONTHLY = 'MONTHLY',
}
