export * from './event.js';
export * from './aggregates.js';
export * from './socket.js';
export * from './alert-metrics.js';
export * from './alerts.js';
export * from './timing.js';
export * from './ui-config.js';
export * from './auth.js';
