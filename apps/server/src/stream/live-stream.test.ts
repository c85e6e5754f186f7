import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sipEvent, T0 } from '@sipwatch/testing';
import { Inbox } from '../test-support/inbox.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  Snapshot,
  Subscription,
  Tick,
} from '@sipwatch/wire';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;
const clients: Client[] = [];

beforeEach(async () => {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir);
  live.clock.set(T0 + 60_000);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await live.stop();
  tmp.cleanup();
});

function client(auth?: { subscription: Subscription }) {
  const socket: Client = connect(live.base, { transports: ['websocket'], reconnection: false, auth });
  clients.push(socket);
  const snapshots = new Inbox<Snapshot>();
  const ticks = new Inbox<Tick>();
  const invalid = new Inbox<{ error: string }>();
  socket.on('snapshot', snapshots.push);
  socket.on('tick', ticks.push);
  socket.on('subscribe:invalid', invalid.push);
  return { socket, snapshots, ticks, invalid };
}

/** Ticks once on the server; resolves when every given inbox has its tick. */
async function tickAll(...inboxes: Inbox<Tick>[]): Promise<Tick[]> {
  live.clock.advance(1000);
  live.app.tickNow();
  return Promise.all(inboxes.map((i) => i.next()));
}

describe('live stream', () => {
  it('sends a snapshot on connect: the 5-minute summary and 15 minutes of 1-second points', async () => {
    live.app.ingest([sipEvent({ ts: T0 + 50_000, code: 503, trunk: 'carrier-b' })]);
    const c = client();
    const snap = await c.snapshots.next();
    expect(snap.subscription).toEqual({ filter: {}, window: '5m' });
    expect(snap.summary.window).toEqual({ from: T0 + 60_000 - 300_000, to: T0 + 60_000 });
    expect(snap.summary.byCode).toEqual({ '503': 1 });
    expect(snap.series).toHaveLength(900);
    expect(snap.series.at(-1)!.t).toBe(T0 + 59_000);
    expect(snap.series.find((p) => p.t === T0 + 50_000)!.byClass['5xx']).toBe(1);
  });

  it('then one tick per second with the newest bucket and the window KPIs', async () => {
    const c = client();
    await c.snapshots.next();
    live.app.ingest([
      sipEvent({ ts: T0 + 60_200, code: 200, callId: 'a' }),
      sipEvent({ ts: T0 + 60_700, code: 503, callId: 'b' }),
      sipEvent({ ts: T0 + 60_900, code: 503, callId: 'b' }), // a retransmission: counted once
    ]);
    const [tick] = await tickAll(c.ticks);
    expect(tick!.point).toMatchObject({
      t: T0 + 60_000,
      responses: 2,
      failures: 1,
      byCode: { '200': 1, '503': 1 },
    });
    expect(tick!.kpis).toMatchObject({ responses: 2, failureRate: 0.5 });
    expect(tick!.byClass['5xx']).toBe(1);
    const [next] = await tickAll(c.ticks);
    expect(next!.point).toMatchObject({ t: T0 + 61_000, responses: 0 });
    expect(next!.kpis.responses).toBe(2);
  });

  it('a subscription narrows snapshot and ticks; clients with the same one share a room', async () => {
    const sub: Subscription = { filter: { trunk: 'carrier-b' }, window: '1m' };
    const a = client();
    const b = client();
    await a.snapshots.next();
    await b.snapshots.next();
    a.socket.emit('subscribe', sub);
    b.socket.emit('subscribe', { filter: { trunk: 'carrier-b', method: '' }, window: '1m' });
    const [snapA, snapB] = await Promise.all([a.snapshots.next(), b.snapshots.next()]);
    expect(snapA.subscription).toEqual(sub);
    expect(snapB.subscription).toEqual(sub);
    expect(snapA.summary.window.to - snapA.summary.window.from).toBe(60_000);

    live.app.ingest([
      sipEvent({ ts: T0 + 60_100, code: 503, trunk: 'carrier-b' }),
      sipEvent({ ts: T0 + 60_100, code: 200, trunk: 'carrier-a' }),
    ]);
    const sentBefore = live.app.live.stream.ticksSent;
    const [ta, tb] = await tickAll(a.ticks, b.ticks);
    expect(ta!.point.responses).toBe(1);
    expect(ta!.kpis.responses).toBe(1);
    expect(tb).toEqual(ta);
    expect(live.app.live.stream.roomCount).toBe(1);
    expect(live.app.live.stream.ticksSent - sentBefore).toBe(1);
  });

  it('computes a snapshot once per subscription and second, shared by every socket asking', async () => {
    live.app.ingest([sipEvent({ ts: T0 + 50_000, code: 503, trunk: 'carrier-b' })]);
    const sub: Subscription = { filter: { trunk: 'carrier-b' }, window: '15m' };
    const before = live.app.live.stream.snapshotsComputed;
    const walls = [
      client({ subscription: sub }),
      client({ subscription: sub }),
      client({ subscription: sub }),
    ];
    const snaps = await Promise.all(walls.map((w) => w.snapshots.next()));
    expect(live.app.live.stream.snapshotsComputed - before).toBe(1);
    expect(snaps[1]).toEqual(snaps[0]);
    expect(snaps[0]!.summary.byCode).toEqual({ '503': 1 });

    // A new second: the next one to ask gets (and computes) a fresh one, with what came since.
    live.app.ingest([sipEvent({ ts: T0 + 60_100, code: 486, trunk: 'carrier-b' })]);
    await tickAll(...walls.map((w) => w.ticks));
    const late = client({ subscription: sub });
    const fresh = await late.snapshots.next();
    expect(live.app.live.stream.snapshotsComputed - before).toBe(2);
    expect(fresh.summary.byCode).toEqual({ '486': 1, '503': 1 });
  });

  it('following a code adds its breakdown to snapshot and ticks', async () => {
    const c = client({ subscription: { filter: {}, window: '5m', code: 503 } });
    const snap = await c.snapshots.next();
    expect(snap.drilldown).toMatchObject({ code: 503, count: 0 });
    live.app.ingest([
      sipEvent({ ts: T0 + 60_100, code: 503, trunk: 'carrier-b' }),
      sipEvent({ ts: T0 + 60_100, code: 200, trunk: 'carrier-b' }),
    ]);
    const [tick] = await tickAll(c.ticks);
    expect(tick!.drilldown).toMatchObject({
      code: 503,
      count: 1,
      shareOfFinals: 0.5,
      byTrunk: [{ name: 'carrier-b', count: 1 }],
    });
  });

  it('refuses a bad subscription by name and keeps the previous one', async () => {
    const c = client();
    await c.snapshots.next();
    c.socket.emit('subscribe', { filter: { code: 42 }, window: '5m' } as unknown as Subscription);
    expect((await c.invalid.next()).error).toMatch(/^filter\.code: /);
    c.socket.emit('subscribe', { filter: {}, window: '2h' } as unknown as Subscription);
    expect((await c.invalid.next()).error).toMatch(/^window: /);
    live.app.ingest([sipEvent({ ts: T0 + 60_100, code: 200 })]);
    const [tick] = await tickAll(c.ticks);
    expect(tick!.point.responses).toBe(1);
    expect(c.snapshots.pending).toBe(0);
  });

  it('after a reconnect the client gets a fresh snapshot with what it missed', async () => {
    const c = client();
    await c.snapshots.next();
    c.socket.disconnect();
    live.app.ingest([sipEvent({ ts: T0 + 60_100, code: 486 })]);
    live.clock.advance(2000);
    live.app.tickNow();
    c.socket.connect();
    const snap = await c.snapshots.next();
    expect(snap.summary.byCode).toEqual({ '486': 1 });
    expect(snap.series.find((p) => p.t === T0 + 60_000)!.responses).toBe(1);
  });

  it('a late event for a second already ticked comes back as a revised point in the next tick', async () => {
    const all = client();
    const carrierA = client({ subscription: { filter: { trunk: 'carrier-a' }, window: '5m' } });
    await Promise.all([all.snapshots.next(), carrierA.snapshots.next()]);
    live.app.ingest([sipEvent({ ts: T0 + 60_200, code: 200, callId: 'a', trunk: 'carrier-b' })]);
    const [first] = await tickAll(all.ticks, carrierA.ticks);
    expect(first!.point).toMatchObject({ t: T0 + 60_000, responses: 1 });
    expect(first!.revised).toBeUndefined();

    // Stamped in the second the server has just sent (a device clock a second behind).
    live.app.ingest([
      sipEvent({ ts: T0 + 60_900, code: 503, callId: 'b', trunk: 'carrier-b' }),
      sipEvent({ ts: T0 + 59_500, code: 486, callId: 'c', trunk: 'carrier-b' }),
    ]);
    const [next, nextA] = await tickAll(all.ticks, carrierA.ticks);
    expect(next!.point).toMatchObject({ t: T0 + 61_000, responses: 0 });
    expect(next!.revised).toEqual([
      expect.objectContaining({ t: T0 + 60_000, responses: 2, failures: 1, byCode: { '200': 1, '503': 1 } }),
      expect.objectContaining({ t: T0 + 59_000, responses: 1, byCode: { '486': 1 } }),
    ]);
    expect(next!.kpis.responses).toBe(3);
    // Nothing changed for carrier-a: its tick carries no revision.
    expect(nextA!.revised).toBeUndefined();

    // Sent once: the tick after carries no revision.
    const [third] = await tickAll(all.ticks);
    expect(third!.revised).toBeUndefined();
  });

  it('revises at most 120 seconds per tick, newest first', async () => {
    const c = client();
    await c.snapshots.next();
    await tickAll(c.ticks);
    const late = Array.from({ length: 200 }, (_, i) => sipEvent({ ts: T0 + 60_000 - i * 1000, code: 200 }));
    live.app.ingest(late);
    const [tick] = await tickAll(c.ticks);
    expect(tick!.revised).toHaveLength(120);
    expect(tick!.revised!.map((p) => p.t)).toEqual(
      Array.from({ length: 120 }, (_, i) => T0 + 60_000 - i * 1000),
    );
  });

  it('never sends a tick per event: one per room per second whatever the traffic', async () => {
    const c = client();
    await c.snapshots.next();
    const events = Array.from({ length: 5000 }, (_, i) =>
      sipEvent({ ts: T0 + 60_000 + (i % 1000), code: 200 }),
    );
    live.app.ingest(events);
    const [tick] = await tickAll(c.ticks);
    expect(tick!.point.responses).toBe(5000);
    expect(c.ticks.pending).toBe(0);
  });
});
