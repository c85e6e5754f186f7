import type { OutcomeCategory, SipClass } from './types.js';

// The default outcome category of every registered code. The reasoning and the standards behind it
// are in README.md ("Outcome categories"); operators can override any final code by configuration.

/** Digest challenges: a normal step before the request is retried with credentials. */
export const CHALLENGE_CODES: readonly number[] = [401, 407];

/**
 * The called party's own outcome, or the caller's dialling: effective in ITU-T E.411 NER terms
 * (answer, user busy, no answer, terminal rejection) and not a fault of the network.
 * 404/484/604/410/485 are number errors: customer behaviour, like ISUP "unallocated number".
 */
export const USER_CODES: readonly number[] = [404, 410, 433, 480, 484, 485, 486, 487, 600, 603, 604, 607];

/** A fault of the network or a provider: unreachable, overloaded, timing out, looping. */
export const NETWORK_CODES: readonly number[] = [408, 430, 482, 483, 500, 502, 503, 504, 513, 580];

const BY_CLASS: Record<SipClass, OutcomeCategory> = {
  '1xx': 'provisional',
  '2xx': 'success',
  '3xx': 'redirect',
  // Every 4xx/5xx/6xx code not listed above is a refused or malformed request.
  '4xx': 'request',
  '5xx': 'request',
  '6xx': 'request',
};

export function defaultCategory(code: number, cls: SipClass): OutcomeCategory {
  if (CHALLENGE_CODES.includes(code)) return 'challenge';
  if (USER_CODES.includes(code)) return 'user';
  if (NETWORK_CODES.includes(code)) return 'network';
  return BY_CLASS[cls];
}

/** One line per category, for legends, the CLI and the codes reference page. */
export const CATEGORY_DESCRIPTIONS = {
  provisional: 'in progress, not an outcome yet',
  success: 'the request succeeded (for INVITE: answered)',
  redirect: 'sent elsewhere; the caller is expected to retry at the new target',
  challenge: 'a digest challenge: a normal step, retried with credentials',
  user: "the called party's own outcome or a dialling error: not a network fault",
  network: 'a fault of the network or a provider',
  request: 'a refused or malformed request (configuration, policy, capability)',
} as const satisfies Record<OutcomeCategory, string>;
