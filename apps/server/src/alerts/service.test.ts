import { until } from '@sipwatch/testing';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertStateEvent, AlertsSnapshot } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import type { ClientToServerEvents, ServerToClientEvents } from '@sipwatch/wire';
import { startAlertsHarness } from './testing/harness.js';
import type { AlertsHarness } from './testing/harness.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function harness(): Promise<AlertsHarness> {
  // The rule's target is a closed port on 127.0.0.1.
  const h = await startAlertsHarness({
    demo: { enabled: false },
    alerts: { allowTargets: ['127.0.0.1/32'] },
  });
  cleanup.push(() => h.close());
  return h;
}

/** A dashboard: a real Socket.IO client that records what it is sent. */
async function dashboard(h: AlertsHarness) {
  const socket: Client = connect(h.base, { transports: ['websocket'], forceNew: true, reconnection: false });
  cleanup.push(() => void socket.close());
  const states: AlertStateEvent[] = [];
  const snapshots: AlertsSnapshot[] = [];
  socket.on('alert:state', (e) => states.push(e));
  socket.on('alerts:snapshot', (s) => snapshots.push(s));
  await new Promise<void>((resolve, reject) => {
    socket.once('alerts:snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, states, snapshots };
}

const failing = (n: number): Omit<SipEvent, 'ts' | 'receivedAt'>[] =>
  Array.from({ length: n }, () => ({
    code: 503,
    scope: 'call' as const,
    method: 'INVITE',
    trunk: 'carrier-a',
    source: { channel: 'http' as const, format: 'json', host: 'sbc-1' },
  }));

describe('alert state over Socket.IO', () => {
  it('every dashboard gets a snapshot on connect and each transition as it happens', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        name: 'failures',
        metric: 'failure_rate',
        threshold: 0.5,
        window: '1m',
        pendingFor: '5s',
        minVolume: 5,
        notify: [{ type: 'webhook', url: 'http://127.0.0.1:9/unused', secret: 'a-long-shared-secret-123' }],
      },
    });
    const wall = await dashboard(h);
    const desk = await dashboard(h);
    for (const d of [wall, desk]) {
      expect(d.snapshots[0]!.alerts.map((a) => [a.rule.id, a.state.state])).toEqual([['failures', 'ok']]);
      // Wall displays never see credentials.
      expect(JSON.stringify(d.snapshots[0])).not.toContain('a-long-shared-secret-123');
    }

    for (let s = 0; s < 10; s++) {
      h.ingest(failing(10));
      h.advance(1_000);
    }
    for (const d of [wall, desk]) {
      await until(() => d.states.filter((e) => e.transition).length >= 2);
      expect(
        d.states.filter((e) => e.transition).map((e) => `${e.transition!.from}>${e.transition!.to}`),
      ).toEqual(['ok>pending', 'pending>firing']);
      const firing = d.states.find((e) => e.transition?.to === 'firing')!;
      expect(firing.view.state).toMatchObject({ state: 'firing', value: 1 });
      expect(JSON.stringify(firing.view.rule.notify[0])).not.toContain('unused');
    }

    await h.fetch('/api/v1/alerts/failures/ack', { method: 'POST', json: { note: 'on it' } });
    await until(() => wall.states.some((e) => e.view.state.ack?.note === 'on it'));

    const removed: string[] = [];
    wall.socket.on('alert:removed', (e) => removed.push(e.ruleId));
    await h.fetch('/api/v1/alerts/rules/failures', { method: 'DELETE' });
    await until(() => removed.includes('failures'));
    await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'other', metric: 'failure_rate', threshold: 0.5 },
    });
    await until(() => desk.states.some((e) => e.view.rule.id === 'other'));
  });

  it('sends a fresh snapshot to every dashboard every few seconds', async () => {
    const h = await harness();
    const wall = await dashboard(h);
    const before = wall.snapshots.length;
    // Each tick of the real server also sends the subscribed dashboard its volatile live tick;
    // the snapshot must arrive beside it all the same.
    for (let s = 1; s <= 10; s++) {
      h.advance(1_000);
      if (s % 5 === 0) await until(() => wall.snapshots.length >= before + s / 5);
    }
    expect(wall.snapshots.length).toBe(before + 2);
    const [a, b] = wall.snapshots.slice(-2);
    expect(b!.serverTime - a!.serverTime).toBe(5_000);
  });
});
