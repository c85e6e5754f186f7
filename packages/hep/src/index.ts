export * from './format.js';
export * from './encoder.js';
