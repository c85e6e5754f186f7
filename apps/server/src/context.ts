import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { IngestStats } from './intake/stats.js';
import type { SipEvent } from '@sipwatch/wire';
import type { AccessPolicy } from './security/access.js';

/** Hands a batch of normalised events on; intake adapters call it once per batch, never per event. */
export type EventSink = (events: SipEvent[]) => void;

/** What every shell module of the server is given. */
export interface ServerContext {
  config: Config;
  clock: Clock;
  logger: Logger;
  stats: IngestStats;
  /** The one entry point of normalised events (Application.ingest). */
  ingest: EventSink;
  /** Who may do what: every route and the socket handshake ask it. */
  access: AccessPolicy;
  /** True while intake is refused because too much waits in memory to be written (storage). */
  intakeRefused?: () => boolean;
}
