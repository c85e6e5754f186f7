/**
 * How honest the screen is about its data: live, stale (ticks stopped arriving while the socket
 * stays up), disconnected (the socket dropped; it reconnects by itself) or still connecting. Pure.
 */

export const TICK_MS = 1_000;
export const STALE_AFTER_MISSED_TICKS = 3;
/** Network jitter allowed before a tick counts as missed. */
const JITTER_MS = TICK_MS / 2;

export type Connection = 'connecting' | 'connected' | 'disconnected';

export type FreshnessStatus = 'connecting' | 'live' | 'stale' | 'disconnected';

export interface Freshness {
  status: FreshnessStatus;
  /** Stale: when the last data arrived. Disconnected: when the socket dropped. */
  since: number | null;
}

export interface FreshnessInput {
  connection: Connection;
  connectedAt: number | null;
  disconnectedAt: number | null;
  /** Client time of the newest tick or snapshot. */
  lastDataAt: number | null;
  now: number;
}

export function missedTicks(lastDataAt: number, now: number): number {
  return Math.max(0, Math.floor((now - lastDataAt - JITTER_MS) / TICK_MS));
}

export function computeFreshness(input: FreshnessInput): Freshness {
  const { connection, connectedAt, disconnectedAt, lastDataAt, now } = input;
  if (connection === 'disconnected') return { status: 'disconnected', since: disconnectedAt };
  if (connection === 'connecting') return { status: 'connecting', since: null };
  const reference = lastDataAt ?? connectedAt;
  if (reference === null) return { status: 'connecting', since: null };
  if (missedTicks(reference, now) >= STALE_AFTER_MISSED_TICKS) return { status: 'stale', since: reference };
  if (lastDataAt === null) return { status: 'connecting', since: null };
  return { status: 'live', since: null };
}

export function sameFreshness(a: Freshness, b: Freshness): boolean {
  return a.status === b.status && a.since === b.since;
}
