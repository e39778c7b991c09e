export * from './core';
export * from './profiles';
