export * from './types.js';
export { REGISTRY } from './registry.js';
export { classify, classOf, getCode } from './classify.js';
export type { Classified, ClassifyError, ClassifyResult } from './classify.js';
export { parseStatusLine } from './status-line.js';
export type { StatusLine } from './status-line.js';
