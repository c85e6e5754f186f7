import { io } from 'socket.io-client';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, Subscription } from '@sipwatch/wire';
import { readToken } from '../api/token';
import type { HandshakeRefusal, LiveStore } from './live-store';
import { TICK_MS } from './freshness';
import { subscriptionKey } from '@sipwatch/wire/subscription';

/** How long to wait for a snapshot before asking for it again. */
const RESUBSCRIBE_MS = 5_000;
/** After a refusal that may pass (a connection limit), when to try again. */
const RETRY_REFUSED_MS = 15_000;

export type SipwatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FeedOptions {
  /** Server origin; the page's own origin when omitted. */
  url?: string;
  socket?: Partial<ManagerOptions & SocketOptions>;
  now?: () => number;
  /** How often freshness is re-evaluated. */
  clockMs?: number;
  /** The token for the handshake, read on every (re)connect; the tab's sign-in token by default. */
  token?: () => string | null;
  retryRefusedMs?: number;
}

export interface Feed {
  /** Asks for a subscription; the server answers with its snapshot. */
  subscribe(subscription: Subscription): void;
  /** Connects again from scratch, with the token as it is now (after signing in or out). */
  reconnect(): void;
  stop(): void;
}

function refusalOf(err: Error & { data?: unknown }): HandshakeRefusal {
  const data = (typeof err.data === 'object' && err.data !== null ? err.data : {}) as Record<string, unknown>;
  return {
    error: err.message,
    message: typeof data.message === 'string' ? data.message : err.message,
    ...(typeof data.variable === 'string' ? { variable: data.variable } : {}),
  };
}

/**
 * Connects the store to the server. Socket.IO reconnects by itself (with backoff); every
 * (re)connect names the wanted subscription in the handshake and the server answers with a fresh
 * snapshot of it, which replaces whatever the store held. A handshake the server refuses is not
 * tried again by Socket.IO: the refusal goes to the store (the app then asks to sign in), and
 * `reconnect()` tries again with the token as it is then.
 */
export function startFeed(store: LiveStore, options: FeedOptions = {}): Feed {
  const now = options.now ?? (() => Date.now());
  const token = options.token ?? (() => readToken('sign-in'));
  /** What the last handshake asked for. */
  let handshake: Subscription | undefined;
  const socketOptions: Partial<ManagerOptions & SocketOptions> = {
    // WebSocket first: during a polling-to-WebSocket upgrade Socket.IO drops volatile emits, which
    // would lose the ticks of the first seconds on every (re)connect. Polling stays as the fallback
    // for networks that block WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3_000,
    // Read on every (re)connect, so a reconnect asks for what the user looks at now.
    auth: (cb) => {
      handshake = store.getState().subscription;
      const t = token();
      cb(t ? { token: t, subscription: handshake } : { subscription: handshake });
    },
    ...options.socket,
  };
  const socket: SipwatchSocket = options.url ? io(options.url, socketOptions) : io(socketOptions);

  socket.on('connect', () => {
    store.getState().connected(now());
    // The wanted subscription changed while the handshake was in flight: ask again.
    const wanted = store.getState().subscription;
    if (!handshake || subscriptionKey(handshake) !== subscriptionKey(wanted)) ask(wanted);
  });
  socket.on('disconnect', () => store.getState().disconnected(now()));
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (err) => {
    store.getState().disconnected(now());
    // Still active: a network failure, which Socket.IO retries. Inactive: the server said no.
    if (socket.active) return;
    const refusal = refusalOf(err);
    store.getState().handshakeRefused(refusal);
    if (!['unauthorized', 'forbidden-host', 'forbidden-origin'].includes(refusal.error)) {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), options.retryRefusedMs ?? RETRY_REFUSED_MS);
    }
  });
  socket.on('snapshot', (snapshot) => store.getState().snapshot(snapshot, now()));
  socket.on('tick', (tick) => store.getState().tick(tick, now()));
  socket.on('subscribe:invalid', (e) => store.getState().subscriptionRefused(e.error));
  socket.on('alerts:snapshot', (snapshot) => store.getState().alertsSnapshot(snapshot));
  socket.on('alert:state', (event) => store.getState().alertState(event));
  socket.on('alert:removed', (event) => store.getState().alertRemoved(event));
  socket.on('storage:status', (status) => store.getState().storageStatus(status));

  let askedAt = 0;
  const ask = (subscription: Subscription): void => {
    askedAt = now();
    socket.emit('subscribe', subscription);
  };
  const timer = setInterval(
    () => {
      const at = now();
      store.getState().clock(at);
      // A snapshot that never came (lost on the way): ask again rather than wait forever. A
      // subscription the server refused stays refused until the view changes.
      const s = store.getState();
      if (
        socket.connected &&
        s.awaitingSnapshot &&
        s.refused === null &&
        s.connectedAt !== null &&
        at - Math.max(askedAt, s.connectedAt) > RESUBSCRIBE_MS
      ) {
        ask(s.subscription);
      }
    },
    options.clockMs ?? TICK_MS / 2,
  );

  return {
    subscribe(subscription) {
      if (store.getState().want(subscription) && socket.connected) ask(subscription);
    },
    reconnect() {
      clearTimeout(retry);
      store.getState().handshakeRefused(null);
      socket.disconnect();
      socket.connect();
    },
    stop() {
      clearInterval(timer);
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
