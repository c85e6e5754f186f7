// Browser-safe public API: nothing reachable from here may import node: modules.
// The CLI (cli.ts, cli-main.ts) is deliberately not exported.
export * from './types.js';
export { REGISTRY, getCode, classOf } from './registry.js';
export { HISTORIC_CODES } from './facts.js';
export type { RegisteredCode } from './facts.js';
export { classify, categoryOf } from './classify.js';
export type { Classified, ClassifyError, ClassifyResult } from './classify.js';
export { CATEGORY_DESCRIPTIONS, CHALLENGE_CODES, NETWORK_CODES, USER_CODES } from './categories.js';
export {
  NER_EFFECTIVE_CATEGORIES,
  NON_OUTCOME_CATEGORIES,
  RFC6076_ISA_CODES,
  RFC6076_SEER_EFFECTIVE_CODES,
} from './standards.js';
export { searchCodes } from './search.js';
export { parseStatusLine } from './status-line.js';
export type { StatusLine } from './status-line.js';
