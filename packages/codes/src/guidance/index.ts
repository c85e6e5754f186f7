import type { RegisteredCode } from '../facts.js';
import type { CodeGuidance } from '../types.js';
import { PROVISIONAL_SUCCESS_REDIRECT_GUIDANCE } from './provisional-success-redirect.js';
import { REQUEST_FAILURE_GUIDANCE } from './request-failure.js';
import { SERVER_GLOBAL_FAILURE_GUIDANCE } from './server-global-failure.js';

// Typed by the registered codes, so a code without guidance fails to compile.
export const GUIDANCE: Readonly<Record<RegisteredCode, CodeGuidance>> = {
  ...PROVISIONAL_SUCCESS_REDIRECT_GUIDANCE,
  ...REQUEST_FAILURE_GUIDANCE,
  ...SERVER_GLOBAL_FAILURE_GUIDANCE,
};
