export * from './event.js';
export * from './aggregates.js';
export * from './socket.js';
