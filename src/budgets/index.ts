export { AlertTarget } from './alert-target';
export { AnomalyAlertFrequency, CostAnomalyAlert, CostAnomalyAlertProps } from './anomaly-alert';
export { BudgetNotificationType, BudgetThreshold } from './budget-threshold';
export { CostAlertTopic, CostAlertTopicProps } from './cost-alert-topic';
export { BudgetTagSource } from './budget-tag-source';
export { ProfileBudget, ProfileBudgetProps } from './profile-budget';
export { ProfileSpendAlarm, ProfileSpendAlarmProps } from './spend-alarm';
export { CostAllocationTagActivation, CostAllocationTagActivationProps } from './tag-activation';
