import { createAccessPolicy } from '../../security/access.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { Server as IoServer } from 'socket.io';
import { QueryService } from '../../api/queries.js';
import { ManualClock } from '../../clock.js';
import { parseConfig } from '../../config.js';
import type { ConfigInput } from '../../config.js';
import { CallTimings } from '../../core/call-timing.js';
import { IngestStats } from '../../intake/stats.js';
import { silentLogger } from '../../logger.js';
import { Pipeline } from '../../pipeline.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import type { SipEvent } from '../../wire/event.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../wire/socket.js';
import { ManualScheduler } from '../scheduler.js';
import { createAlerting } from '../service.js';
import type { Alerting } from '../service.js';
import { aggregationSources } from '../sources.js';

/**
 * Test support: the alerts over the real aggregation (pipeline, aggregator, SQLite file in a temp
 * dir), mounted on a real HTTP server on 127.0.0.1:0, with time driven by a ManualClock.
 */
export interface AlertsHarness {
  clock: ManualClock;
  scheduler: ManualScheduler;
  base: string;
  alerting: Alerting;
  pipeline: Pipeline;
  /** Call timings the timing metrics read (what the HEP intake feeds in the server); tests add samples. */
  timings: CallTimings;
  /** Counts a batch of events (their ts defaults to now). */
  ingest(events: Omit<SipEvent, 'ts' | 'receivedAt'>[] | SipEvent[]): void;
  /** Moves time on by `ms` in 1-second ticks, evaluating the rules at each. */
  advance(ms: number, stepMs?: number): void;
  fetch(pathname: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  /** Stops everything and starts again on the same database file and clock. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

export async function startAlertsHarness(
  configInput: ConfigInput = {},
  dir?: string,
): Promise<AlertsHarness> {
  const ownDir = dir === undefined;
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'sipwatch-alerts-'));
  const config = parseConfig({ ...configInput, storage: { dataDir } });
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);

  let store: SqliteStore;
  let pipeline: Pipeline;
  let timings: CallTimings;
  let alerting: Alerting;
  let server: Server;
  let io: IoServer<ClientToServerEvents, ServerToClientEvents>;
  let base = '';

  async function start(): Promise<void> {
    store = openSqliteStore(path.join(dataDir, 'sipwatch.db'), { now: clock.now() });
    const stats = new IngestStats(clock, config.ingest.unparsedSamples);
    pipeline = new Pipeline({ config, clock, logger: silentLogger, stats, store });
    pipeline.load();
    const queries = new QueryService(pipeline.aggregator, store, clock);
    timings = new CallTimings({ retentionMs: config.aggregation.liveSeconds * 1000 });
    const app = express();
    const access = createAccessPolicy(config);
    app.use(access.guardRequest);
    server = createServer(app);
    io = new IoServer(server, { serveClient: false });
    alerting = createAlerting({
      ctx: { config, clock, logger: silentLogger, access },
      db: store.db,
      sources: aggregationSources({ queries, aggregator: pipeline.aggregator, store, stats, timings }),
      scheduler,
      io,
    });
    app.use('/api/v1/alerts', alerting.router);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function stop(): Promise<void> {
    await alerting.close();
    // Stop listening and drop every HTTP connection first, even one in the middle of a request:
    // io.close() closes the HTTP server too and would otherwise wait for such a request to end.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await io.close();
    await closed;
    pipeline.flush();
    store.close();
  }

  await start();

  const harness: AlertsHarness = {
    clock,
    scheduler,
    get base() {
      return base;
    },
    get alerting() {
      return alerting;
    },
    get pipeline() {
      return pipeline;
    },
    get timings() {
      return timings;
    },
    ingest(events) {
      const now = clock.now();
      pipeline.ingest(events.map((e) => ({ ts: now, receivedAt: now, ...e }) as SipEvent));
    },
    advance(ms, stepMs = 1_000) {
      for (let done = 0; done < ms; done += stepMs) {
        scheduler.advance(Math.min(stepMs, ms - done));
        pipeline.tick();
        alerting.evaluate(clock.now());
      }
      pipeline.flush();
    },
    async fetch(pathname, init = {}) {
      const { json, token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set('authorization', `Bearer ${token}`);
      if (json !== undefined) h.set('content-type', 'application/json');
      return fetch(`${base}${pathname}`, {
        ...rest,
        headers: h,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
