export * from './budgets';
export * from './core';
export * from './dashboards';
export * from './data-export';
export * from './logging';
export * from './pricing';
export * from './profiles';
export * from './vending';
