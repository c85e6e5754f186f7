import type { CandidateInput } from '../../normalise-schema.js';

/** The fields an extractor found in a message; `scope` defaults to `transaction`. */
export type Extracted = Omit<CandidateInput, 'raw'>;

/**
 * One way of reading a SIP response out of a log message. Pure.
 * Returns the fields when the message is an outcome it knows; `null` when it recognises the message
 * but it is not an outcome (stops the chain, so a generic extractor cannot misread it); `undefined`
 * when the message is not its kind.
 */
export interface Extractor {
  /** Becomes the event's `source.format`. */
  readonly name: string;
  extract(message: string): Extracted | null | undefined;
}

/** A 3-digit SIP status code in range, as a number, or undefined. */
export function sipCode(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-6]\d\d$/.test(text)) return undefined;
  return Number(text);
}

/** `host:port`, `[v6]:port` or a bare address. */
export function splitHostPort(text: string): { ip: string; port?: string } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) return v6[2] ? { ip: v6[1]!, port: v6[2] } : { ip: v6[1]! };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon && /^\d+$/.test(text.slice(colon + 1)))
    return { ip: text.slice(0, colon), port: text.slice(colon + 1) };
  return { ip: text };
}
