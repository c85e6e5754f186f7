import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApplication } from '../app.js';
import type { Application, ListeningPorts } from '../app.js';
import { ManualClock } from '../clock.js';
import type { ConfigInput } from '../config.js';
import { parseConfig } from '../config.js';

/** 2025-01-06 12:00:00 UTC, a minute boundary. */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

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
 * ManualClock and no timers: the test ticks and flushes by hand.
 */
export async function startLiveApp(
  dir: string,
  options: { clock?: ManualClock; config?: ConfigInput } = {},
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
  const app = await createApplication(config, { clock, timers: false });
  const ports = await app.listen();
  return { app, ports, base: `http://127.0.0.1:${ports.http}`, clock, dir, stop: () => app.close() };
}
