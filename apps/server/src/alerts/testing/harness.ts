import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { T0 } from '@sipwatch/testing';
import type { SipEvent } from '@sipwatch/wire';
import { ManualClock } from '../../clock.js';
import type { ConfigInput } from '../../config.js';
import type { CallTimings } from '../../core/call-timing.js';
import type { Pipeline } from '../../pipeline.js';
import { startLiveApp } from '../../test-support/live-app.js';
import type { LiveApp } from '../../test-support/live-app.js';
import { ManualScheduler } from '../scheduler.js';
import type { Alerting } from '../service.js';

/**
 * Test support: the ordinary test server (test-support/live-app.ts, a real application on
 * 127.0.0.1 and a SQLite file) with the alerts' timers on a ManualScheduler, so a test moves time
 * second by second and every tick evaluates the rules as the server's own tick does.
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
  /** Moves time on by `ms` in 1-second ticks; each tick evaluates the rules. */
  advance(ms: number, stepMs?: number): void;
  fetch(pathname: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  /** Stops everything and starts again on the same database file and clock. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startAlertsHarness(
  configInput: ConfigInput = {},
  dir?: string,
): Promise<AlertsHarness> {
  const ownDir = dir === undefined;
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'sipwatch-alerts-'));
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  // No dashboard to serve (and under the dashboard's own tests, no file URL to find one from).
  const config: ConfigInput = { ...configInput, http: { webRoot: dataDir, ...configInput.http } };
  const start = () => startLiveApp(dataDir, { clock, scheduler, config });
  let live: LiveApp = await start();

  return {
    clock,
    scheduler,
    get base() {
      return live.base;
    },
    get alerting() {
      return live.app.alerting;
    },
    get pipeline() {
      return live.app.live.pipeline;
    },
    get timings() {
      return live.app.timings;
    },
    ingest(events) {
      const now = clock.now();
      live.app.ingest(events.map((e) => ({ ts: now, receivedAt: now, ...e }) as SipEvent));
    },
    advance(ms, stepMs = 1_000) {
      for (let done = 0; done < ms; done += stepMs) {
        scheduler.advance(Math.min(stepMs, ms - done));
        live.app.tickNow();
      }
      live.app.flushNow();
      // A transition the database refused for a moment (the writer held the lock) is saved at the
      // next evaluation; here time stops, so it is saved now.
      live.app.alerting.service.saveUnsaved();
    },
    async fetch(pathname, init = {}) {
      const { json, token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set('authorization', `Bearer ${token}`);
      if (json !== undefined) h.set('content-type', 'application/json');
      return fetch(`${live.base}${pathname}`, {
        ...rest,
        headers: h,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    async restart() {
      await live.stop();
      live = await start();
    },
    async close() {
      await live.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
