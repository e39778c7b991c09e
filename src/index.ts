export * from './budgets';
export * from './core';
export * from './pricing';
export * from './profiles';
