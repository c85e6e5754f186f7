// The browser's light entry: facts about metrics, and the time grammar, with no validation library behind them.
export * from './alert-metrics.js';
export * from './cluster-health.js';
export * from './format.js';
export * from './kpi.js';
export * from './time.js';
