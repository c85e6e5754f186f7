export const SIP_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx'] as const;
export type SipClass = (typeof SIP_CLASSES)[number];

export const CLASS_NAMES = {
  '1xx': 'Provisional',
  '2xx': 'Success',
  '3xx': 'Redirection',
  '4xx': 'Request Failure',
  '5xx': 'Server Failure',
  '6xx': 'Global Failure',
} as const satisfies Record<SipClass, string>;

/**
 * How a final response counts in the KPIs (see README, "Outcome categories").
 * `user` outcomes are the called party's own choice and count as effective in NER/SEER;
 * `network` outcomes are faults of the network or a provider; `request` outcomes are refused or
 * malformed requests.
 */
export const OUTCOME_CATEGORIES = [
  'provisional',
  'success',
  'redirect',
  'challenge',
  'user',
  'network',
  'request',
] as const;
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number];

export interface SipCodeEntry {
  readonly code: number;
  /** Reason phrase exactly as registered. */
  readonly phrase: string;
  /** Defining documents, e.g. ["RFC3261"]. */
  readonly rfcs: readonly string[];
  readonly class: SipClass;
  readonly final: boolean;
  /** Not in the IANA registry (RFC 2543 leftovers that equipment still sends). */
  readonly historic: boolean;
  readonly category: OutcomeCategory;
  /** One line: what the code means. */
  readonly meaning: string;
  /** What a NOC engineer most often finds behind it in practice. */
  readonly causes: readonly string[];
  /** The first things to check. */
  readonly checks: readonly string[];
}

/** The prose half of an entry, written per code for the dashboard's drill-down and the CLI. */
export type CodeGuidance = Pick<SipCodeEntry, 'meaning' | 'causes' | 'checks'>;

/**
 * Operator overrides of the default outcome category, keyed by the 3-digit code as a string
 * (the shape of the server config's `aggregation.categoryOverrides`).
 */
export type CategoryOverrides = Readonly<Record<string, OutcomeCategory | undefined>>;
