import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server as IoServer } from 'socket.io';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import type { EventSink, ServerContext } from './context.js';
import { IngestStats } from './intake/stats.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { SipEvent } from './wire/event.js';
import type { ClientToServerEvents, ServerToClientEvents } from './wire/socket.js';

export type SipwatchIo = IoServer<ClientToServerEvents, ServerToClientEvents>;

export interface ListeningPorts {
  http: number;
  syslogUdp?: number;
  syslogTcp?: number;
  hepUdp?: number;
  hepTcp?: number;
}

export interface Application {
  readonly config: Config;
  readonly clock: Clock;
  readonly http: HttpServer;
  readonly io: SipwatchIo;
  readonly stats: IngestStats;
  /** The one entry point of normalised events: every intake adapter calls it per batch. */
  readonly ingest: EventSink;
  /** Observe accepted batches (tests, forwarders). Returns an unsubscribe function. */
  onAccepted(listener: EventSink): () => void;
  /** Binds every listener; ports of 0 pick free ones. */
  listen(): Promise<ListeningPorts>;
  /** Stops listeners, flushes, closes the store. Idempotent. */
  close(): Promise<void>;
}

export interface ApplicationDeps {
  clock?: Clock;
  logger?: Logger;
}

export async function createApplication(config: Config, deps: ApplicationDeps = {}): Promise<Application> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const stats = new IngestStats(clock, config.ingest.unparsedSamples);
  const listeners = new Set<EventSink>();

  const ingest: EventSink = (events: SipEvent[]) => {
    if (events.length === 0) return;
    for (const listener of listeners) listener(events);
  };

  const ctx: ServerContext = { config, clock, logger, stats, sink: ingest };
  void ctx;

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const http = createServer(app);
  const io: SipwatchIo = new IoServer(http, { serveClient: false });

  let closed: Promise<void> | undefined;

  return {
    config,
    clock,
    http,
    io,
    stats,
    ingest,
    onAccepted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async listen() {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.http.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      return { http: (http.address() as AddressInfo).port };
    },
    close() {
      closed ??= (async () => {
        await io.close();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      })();
      return closed;
    },
  };
}
