import type { OutcomeCategory, SipClass } from '@sipwatch/codes';

/**
 * Okabe-Ito, a palette people with the common colour-vision deficiencies can tell apart. Colour is
 * never the only cue: every series also carries its class name in the legend and the tooltip.
 */
export const CLASS_COLORS = {
  '1xx': '#56B4E9',
  '2xx': '#009E73',
  '3xx': '#F0E442',
  '4xx': '#E69F00',
  '5xx': '#D55E00',
  '6xx': '#CC79A7',
} as const satisfies Record<SipClass, string>;

/** The failure-rate line follows the text colour so it stays visible on either theme. */
export const FAILURE_LINE = 'var(--fg)';

/**
 * A final response's outcome category (the ladder's final arrow), from the same palette: the
 * category's name is always written beside it.
 */
export const CATEGORY_COLORS = {
  provisional: '#56B4E9',
  success: '#009E73',
  redirect: '#F0E442',
  challenge: '#0072B2',
  user: '#E69F00',
  network: '#D55E00',
  request: '#CC79A7',
} as const satisfies Record<OutcomeCategory, string>;
