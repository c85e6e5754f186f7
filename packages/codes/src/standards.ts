import type { OutcomeCategory } from './types.js';

// Code and category sets that published call-quality metrics are defined over (see README.md).

/**
 * ITU-T E.411 network effectiveness (NER): a seizure is effective when it ends in an answer or in the
 * called party's own outcome (busy, no answer, rejection), because those are not network faults.
 */
export const NER_EFFECTIVE_CATEGORIES: readonly OutcomeCategory[] = ['success', 'user'];

/** Categories that are not the outcome of an attempt: left out of every ratio's denominator. */
export const NON_OUTCOME_CATEGORIES: readonly OutcomeCategory[] = ['provisional', 'challenge', 'redirect'];

/** RFC 6076 SEER numerator: INVITEs answered with one of these codes count as effectively established. */
export const RFC6076_SEER_EFFECTIVE_CODES: readonly number[] = [200, 480, 486, 600, 603];

/** RFC 6076 Ineffective Session Attempts: the codes that signal a failing server or network. */
export const RFC6076_ISA_CODES: readonly number[] = [408, 500, 503, 504];
