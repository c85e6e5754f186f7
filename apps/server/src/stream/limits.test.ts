import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inbox } from '../test-support/inbox.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { sipEvent, T0, until } from '@sipwatch/testing';
import type { ClientToServerEvents, ServerToClientEvents, Snapshot, Tick } from '@sipwatch/wire';
import { TOO_MANY_CONNECTIONS, TOO_MANY_FROM_ADDRESS } from './connection-limits.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const PER_IP = 20;
const TOTAL = 30;

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;
const clients: Client[] = [];

beforeEach(async () => {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir, {
    config: { stream: { maxConnections: TOTAL, maxConnectionsPerIp: PER_IP, subscribesPerSecond: 5 } },
  });
  live.clock.set(T0 + 60_000);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await live.stop();
  tmp.cleanup();
});

/**
 * A client from a given loopback address (all of 127.0.0.0/8 reaches the server on 127.0.0.1, so
 * each stands for another host). Resolves once connected or refused, with the refusal's message.
 */
function open(
  from: string,
  transports: ('websocket' | 'polling')[] = ['websocket'],
): Promise<{ socket: Client; refused: string | undefined }> {
  const socket: Client = connect(live.base, {
    transports,
    reconnection: false,
    localAddress: from,
  } as Parameters<typeof connect>[1]);
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, refused: undefined }));
    socket.once('connect_error', (err) => resolve({ socket, refused: err.message }));
  });
}

async function openMany(from: string, n: number): Promise<{ socket: Client; refused: string | undefined }[]> {
  return Promise.all(Array.from({ length: n }, () => open(from)));
}

const connectedOnServer = (): number => live.app.io.of('/').sockets.size;

describe('connection caps', () => {
  it('refuses connections past the per-address and the total cap, with a message naming the cap', async () => {
    const first = await openMany('127.0.0.1', PER_IP);
    expect(first.every((c) => c.refused === undefined)).toBe(true);
    expect(await open('127.0.0.1')).toMatchObject({ refused: TOO_MANY_FROM_ADDRESS });
    // A browser starts with long-polling: it is told the same.
    expect(await open('127.0.0.1', ['polling', 'websocket'])).toMatchObject({
      refused: TOO_MANY_FROM_ADDRESS,
    });

    // Another host still gets in, up to the total.
    const second = await openMany('127.0.0.2', TOTAL - PER_IP);
    expect(second.every((c) => c.refused === undefined)).toBe(true);
    expect(await open('127.0.0.3')).toMatchObject({ refused: TOO_MANY_CONNECTIONS });
    expect(connectedOnServer()).toBe(TOTAL);

    // A closed connection frees its place.
    first[0]!.socket.disconnect();
    await until(() => live.app.io.engine.clientsCount === TOTAL - 1, { timeoutMs: 10_000 });
    expect(await open('127.0.0.1')).toMatchObject({ refused: undefined });
  });

  it('under a flood of 2,000 attempts from one address the cap holds and a wall display gets every tick', async () => {
    const wall = await open('127.0.0.9');
    const ticks = new Inbox<Tick>();
    wall.socket.on('tick', ticks.push);
    await openMany('127.0.0.1', PER_IP);

    const BATCH = 25;
    const ATTEMPTS = 2000;
    const refusals = new Map<string, number>();
    const deadline = Date.now() + 60_000;
    let attempts = 0;
    let seenTicks = 0;
    while (attempts < ATTEMPTS && Date.now() < deadline) {
      const batch = await openMany('127.0.0.1', BATCH);
      attempts += BATCH;
      for (const { socket, refused } of batch) {
        refusals.set(String(refused), (refusals.get(String(refused)) ?? 0) + 1);
        socket.close();
      }
      clients.splice(clients.length - BATCH, BATCH);
      live.clock.advance(1000);
      const second = live.app.tickNow();
      const tick = await ticks.next();
      expect(tick.point.t).toBe(second * 1000);
      seenTicks++;
      expect(connectedOnServer()).toBe(PER_IP + 1);
    }
    expect(attempts).toBe(ATTEMPTS);
    expect(seenTicks).toBe(ATTEMPTS / BATCH);
    expect(Object.fromEntries(refusals)).toEqual({ [TOO_MANY_FROM_ADDRESS]: ATTEMPTS });
  }, 90_000);
});

describe('subscribe rate limit', () => {
  it('drops a flood of subscribes past the burst with an error, doing no query work for them', async () => {
    const flooder = await open('127.0.0.1');
    const snapshots = new Inbox<Snapshot>();
    const limited = new Inbox<{ error: string; retryInMs: number }>();
    flooder.socket.on('snapshot', snapshots.push);
    flooder.socket.on('subscribe:limited', limited.push);
    await snapshots.next();
    const wall = await open('127.0.0.2');
    const wallTicks = new Inbox<Tick>();
    wall.socket.on('tick', wallTicks.push);

    const computed = live.app.live.stream.snapshotsComputed;
    // 1,000 distinct subscriptions within one second (the clock does not move meanwhile).
    for (let i = 0; i < 1000; i++)
      flooder.socket.emit('subscribe', { filter: {}, window: '5m', code: 100 + (i % 600) });
    // The connect took one of the burst of 10.
    await until(() => snapshots.received + limited.received === 1 + 1000, { timeoutMs: 10_000 });
    expect(snapshots.received).toBe(1 + 9);
    expect(limited.received).toBe(991);
    const refusal = await limited.next();
    expect(refusal.error).toBe('too many subscribes: at most 5 a second');
    expect(refusal.retryInMs).toBe(200);
    expect(live.app.live.stream.snapshotsComputed - computed).toBe(9);

    // The flooder keeps its last accepted subscription; the wall its ticks; rooms did not pile up.
    live.app.ingest([sipEvent({ ts: T0 + 60_100, code: 200 })]);
    live.clock.advance(1000);
    live.app.tickNow();
    expect((await wallTicks.next()).point.responses).toBe(1);
    expect(live.app.live.stream.roomCount).toBe(2);

    // A second later, five more are taken.
    for (let i = 0; i < 10; i++) flooder.socket.emit('subscribe', { filter: {}, window: '1m' });
    await until(() => snapshots.received + limited.received === 1 + 1000 + 10, { timeoutMs: 10_000 });
    expect(snapshots.received).toBe(1 + 9 + 5);
  });
});
