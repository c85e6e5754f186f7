import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApplication } from '../app.js';
import type { Application, ApplicationDeps, ListeningPorts } from '../app.js';
import { ManualClock, systemClock } from '../clock.js';
import type { ConfigInput } from '../config.js';
import { parseConfig } from '../config.js';
import type { SipEvent } from '@sipwatch/wire';
import { sipEvent, T0 } from '@sipwatch/testing';

export interface LiveApp {
  app: Application;
  ports: ListeningPorts;
  base: string;
  clock: ManualClock;
  dir: string;
  /** Closes the app; the directory stays until `cleanup`. */
  stop(): Promise<void>;
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-live-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real server on 127.0.0.1 with free ports, a SQLite file in `dir`, demo traffic off, a
 * ManualClock and no timers: the test ticks and flushes by hand (unless `realTime`).
 */
export async function startLiveApp(
  dir: string,
  options: {
    clock?: ManualClock;
    config?: ConfigInput;
    /** Tests only: see ApplicationDeps.storeTestOptions. */
    storeTestOptions?: ApplicationDeps['storeTestOptions'];
    logger?: ApplicationDeps['logger'];
    /** The alerts' timers on the test's clock (see ManualScheduler). */
    scheduler?: ApplicationDeps['scheduler'];
    /** The system clock and the tick and flush timers, as in production (`clock` is then unused). */
    realTime?: boolean;
  } = {},
): Promise<LiveApp> {
  const clock = options.clock ?? new ManualClock(T0);
  const config = parseConfig({
    host: '127.0.0.1',
    logLevel: 'silent',
    ...options.config,
    http: { port: 0, ...options.config?.http },
    syslog: { port: 0, ...options.config?.syslog },
    hep: { port: 0, ...options.config?.hep },
    storage: { dataDir: dir, ...options.config?.storage },
    demo: { enabled: false, ...options.config?.demo },
  });
  const app = await createApplication(config, {
    ...(options.realTime ? { clock: systemClock } : { clock, timers: false }),
    ...(options.storeTestOptions && { storeTestOptions: options.storeTestOptions }),
    ...(options.logger && { logger: options.logger }),
    ...(options.scheduler && { scheduler: options.scheduler }),
  });
  const ports = await app.listen();
  return { app, ports, base: `http://127.0.0.1:${ports.http}`, clock, dir, stop: () => app.close() };
}

/** Resolves once the app has handed `n` more events to the pipeline. */
export function acceptedBy(app: Application, n: number): Promise<SipEvent[]> {
  const seen: SipEvent[] = [];
  return new Promise((resolve) => {
    const off = app.onAccepted((events) => {
      seen.push(...events);
      if (seen.length >= n) {
        off();
        resolve(seen);
      }
    });
  });
}

/**
 * `minutes` of live traffic on a ManualClock app: one 200 a second on carrier-a, the clock moving
 * with it and ticking each second, flushed at the end of each minute.
 */
export function runLive(l: LiveApp, minutes: number): void {
  for (let m = 0; m < minutes; m++) {
    for (let s = 0; s < 60; s++) {
      const now = l.clock.now();
      l.app.ingest([sipEvent({ ts: now, code: 200, trunk: 'carrier-a', callId: `c${now}` })]);
      l.clock.advance(1000);
      l.app.tickNow();
    }
    l.app.flushNow();
  }
}
