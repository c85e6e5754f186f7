import { expect } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { sipEvent } from '@sipwatch/testing';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, Summary, Tick } from '@sipwatch/wire';
import type { ManualClock } from '../clock.js';
import { Inbox } from './inbox.js';
import { acceptedBy, startLiveApp, tempDir } from './live-app.js';
import type { LiveApp } from './live-app.js';
import { sendUdp } from './udp.js';

export type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A cluster node on `url` with its own SQLite directory and the test's clock; `cleanups` gets what
 * stops it and removes the directory (run them last first).
 */
export async function startClusterNode(
  url: string,
  nodeId: string,
  clock: ManualClock,
  cleanups: (() => Promise<void> | void)[],
): Promise<LiveApp> {
  const dir = tempDir();
  const live = await startLiveApp(dir.dir, {
    clock,
    config: { http: { webRoot: dir.dir }, cluster: { postgresUrl: url, nodeId } },
  });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => live.stop());
  return live;
}

/**
 * One 200 on each node in the second starting at `at` (the clock set there), then the clock to the end of it and each
 * node ticked, flushed and its publish committed: each node's run shows as published up to there.
 */
export async function publishOneEach(nodes: LiveApp[], clock: ManualClock, at: number): Promise<void> {
  clock.set(at + 200);
  for (const [i, n] of nodes.entries())
    n.app.ingest([sipEvent({ ts: at + 200, receivedAt: at + 200, code: 200, callId: `${at}-${i}` })]);
  clock.set(at + 1_000);
  for (const n of nodes) {
    n.app.tickNow();
    expect(n.app.flushNow().ok).toBe(true);
    await n.app.cluster!.settled();
  }
}

/** POSTs events to a node over HTTP; all must be accepted. */
export async function postEvents(live: LiveApp, events: unknown[]): Promise<void> {
  const res = await fetch(`${live.base}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  expect(await res.json()).toMatchObject({ accepted: events.length });
}

/** Sends syslog lines to a node over UDP; resolves once it has taken them all. */
export async function sendSyslog(live: LiveApp, lines: string[]): Promise<void> {
  const arrived = acceptedBy(live.app, lines.length);
  await sendUdp(live.ports.syslogUdp!, lines);
  await arrived;
}

/** The parts of a summary a cluster node must answer exactly as one node that saw every event. */
export function clusterTotals(s: Summary) {
  const byName = (rows: Summary['trunks']) => [...rows].sort((a, b) => a.name.localeCompare(b.name));
  return {
    window: s.window,
    kpis: s.kpis,
    byClass: s.byClass,
    byCode: s.byCode,
    byMethod: s.byMethod,
    trunks: byName(s.trunks),
    sources: byName(s.sources),
    topFailures: s.topFailures,
    baseline: s.baseline,
  };
}

/** A dashboard on a node (socket.io-client, added to `sockets` for the test to disconnect): its snapshots and ticks. */
export function watchDashboard(live: LiveApp, sockets: DashboardSocket[]) {
  const socket: DashboardSocket = connect(live.base, { transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const snapshots = new Inbox<Snapshot>();
  const ticks = new Inbox<Tick>();
  socket.on('snapshot', snapshots.push);
  socket.on('tick', ticks.push);
  return { snapshots, ticks };
}
