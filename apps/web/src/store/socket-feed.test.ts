// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, Subscription } from '@sipwatch/wire';
import { point, snapshot, tick } from '@sipwatch/testing';
import type { LiveState, LiveStore } from './live-store';
import { createLiveStore, selectView } from './live-store';
import type { Feed } from './socket-feed';
import { startFeed } from './socket-feed';
import { makeSubscription, subscriptionKey } from '@sipwatch/wire/subscription';
import { startLiveApp, tempDir } from '../../../server/src/test-support/live-app.js';

/** Resolves when the store reaches a state; the test's own timeout bounds the wait. */
function until(store: LiveStore, predicate: (s: LiveState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve();
    const stop = store.subscribe((s) => {
      if (predicate(s)) {
        stop();
        resolve();
      }
    });
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A real Socket.IO server speaking sipwatch's protocol: the handshake (or a later `subscribe`)
 * names the subscription, and each gets a snapshot numbered by `generation`.
 */
async function fakeSipwatch(options: { beforeConnect?: () => Promise<void> } = {}) {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const { beforeConnect } = options;
  if (beforeConnect) io.use((_socket, next) => void beforeConnect().then(() => next()));
  const subscribes: Subscription[] = [];
  let generation = 1;
  io.on('connection', (socket) => {
    const answer = (sub: Subscription) => {
      subscribes.push(sub);
      if (sub.filter.trunk === 'x'.repeat(200)) {
        socket.emit('subscribe:invalid', { error: 'filter.trunk: too long' });
        return;
      }
      socket.emit(
        'snapshot',
        snapshot({ subscription: sub, series: [point(generation * 1000, { 200: generation })] }),
      );
    };
    answer((socket.handshake.auth as { subscription: Subscription }).subscription);
    socket.on('subscribe', answer);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io,
    subscribes,
    nextGeneration: () => ++generation,
  };
}

function feedFor(store: LiveStore, url: string): Feed {
  const feed = startFeed(store, {
    url,
    socket: { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50 },
    clockMs: 50,
  });
  cleanups.push(() => feed.stop());
  return feed;
}

describe('socket feed', () => {
  it('subscribes on connect, takes the snapshot, then the ticks', async () => {
    const server = await fakeSipwatch();
    const store = createLiveStore({ now: Date.now() });
    feedFor(store, server.url);
    await until(store, (s) => s.snapshots === 1);
    expect(store.getState().freshness.status).toBe('live');
    expect(subscriptionKey(server.subscribes[0]!)).toBe(subscriptionKey(makeSubscription({}, '15m')));

    server.io.emit('tick', tick(point(2000, { 503: 4 }), { failureRate: 1 }));
    await until(store, (s) => s.ticks === 1);
    expect(selectView(store.getState()).series.map((p) => p.t)).toEqual([1000, 2000]);
  });

  it('sends a changed subscription and shows only its snapshot', async () => {
    const server = await fakeSipwatch();
    const store = createLiveStore({ now: Date.now() });
    const feed = feedFor(store, server.url);
    await until(store, (s) => s.snapshots === 1);
    server.nextGeneration();
    feed.subscribe(makeSubscription({ trunk: 'carrier-a' }, '5m'));
    await until(store, (s) => s.snapshots === 2);
    expect(server.subscribes.at(-1)).toEqual({ filter: { trunk: 'carrier-a' }, window: '5m' });
    expect(selectView(store.getState()).series.map((p) => p.byCode)).toEqual([{ 200: 2 }]);
  });

  it('a subscription changed while the handshake is in flight still gets its snapshot', async () => {
    const store = createLiveStore({ now: Date.now() });
    const started: { feed?: Feed } = {};
    // The server holds the connect until the dashboard has changed its mind (the URL had filters).
    const server = await fakeSipwatch({
      beforeConnect: async () => started.feed?.subscribe(makeSubscription({ trunk: 'late' }, '1h')),
    });
    started.feed = feedFor(store, server.url);
    await until(store, (s) => s.snapshots === 1);
    expect(server.subscribes.map(subscriptionKey)).toEqual(['window=15m', 'window=1h&trunk=late']);
    expect(store.getState().subscription).toEqual({ filter: { trunk: 'late' }, window: '1h' });
  });

  it('says so when the server refuses a subscription, and recovers when the view changes', async () => {
    const server = await fakeSipwatch();
    const store = createLiveStore({ now: Date.now() });
    const feed = feedFor(store, server.url);
    await until(store, (s) => s.snapshots === 1);
    feed.subscribe(makeSubscription({ trunk: 'x'.repeat(200) }, '5m'));
    await until(store, (s) => s.refused !== null);
    expect(store.getState().refused).toBe('filter.trunk: too long');
    feed.subscribe(makeSubscription({ trunk: 'carrier-a' }, '5m'));
    await until(store, (s) => s.snapshots === 2);
    expect(store.getState().refused).toBeNull();
  });

  it('after the connection drops, says disconnected, reconnects by itself and replaces its state with a fresh snapshot', async () => {
    const server = await fakeSipwatch();
    const store = createLiveStore({ now: Date.now() });
    const feed = feedFor(store, server.url);
    feed.subscribe(makeSubscription({ trunk: 'carrier-a' }, '5m'));
    await until(
      store,
      (s) => s.snapshots >= 1 && !s.awaitingSnapshot && s.subscription.filter.trunk === 'carrier-a',
    );
    server.io.emit('tick', tick(point(5000, { 503: 1 })));
    await until(store, (s) => s.ticks === 1);
    const snapshotsBefore = store.getState().snapshots;

    server.nextGeneration();
    server.nextGeneration(); // generation 3: the data after the reconnect differs from before
    for (const socket of server.io.sockets.sockets.values()) socket.conn.close(); // the network drops
    await until(store, (s) => s.connection === 'disconnected');
    expect(store.getState().freshness.status).toBe('disconnected');

    await until(store, (s) => s.snapshots > snapshotsBefore);
    expect(server.subscribes.at(-1)).toEqual({ filter: { trunk: 'carrier-a' }, window: '5m' });
    expect(store.getState().freshness.status).toBe('live');
    expect(selectView(store.getState()).series.map((p) => p.byCode)).toEqual([{ 200: 3 }]);
  });

  it('against the real server: a refused token is recorded with the server’s words, and reconnect() uses the new token', async () => {
    const dir = tempDir();
    const app = await startLiveApp(dir.dir, {
      config: { auth: { viewer: ['wall:feed-viewer-token-0123'], trustLoopback: false } },
    });
    cleanups.push(() => dir.cleanup());
    cleanups.push(() => app.stop());
    let token: string | null = null;
    const store = createLiveStore({ now: Date.now() });
    const feed = startFeed(store, {
      url: app.base,
      socket: { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50 },
      clockMs: 50,
      token: () => token,
    });
    cleanups.push(() => feed.stop());

    await until(store, (s) => s.handshakeRefusal !== null);
    expect(store.getState().handshakeRefusal).toMatchObject({
      error: 'unauthorized',
      variable: 'SIPWATCH_VIEWER_TOKEN',
      message: expect.stringContaining('viewer token'),
    });
    expect(store.getState().connection).toBe('disconnected');

    token = 'feed-viewer-token-0123';
    feed.reconnect();
    await until(store, (s) => s.snapshots === 1);
    expect(store.getState().handshakeRefusal).toBeNull();
    expect(store.getState().freshness.status).toBe('live');
  });
});
