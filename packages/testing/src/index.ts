export * from './until.js';
export * from './time.js';
export * from './sip-event.js';
export * from './payloads.js';
export * from './smtp.js';
