import { createSocket } from 'node:dgram';
import { encodeHep } from '@sipwatch/hep';
import { scheduleExchange } from './hep-call.js';
import type { DemoEvent } from './plan.js';
import { prng } from './plan.js';
import type { DemoTransport } from './transport.js';

/**
 * The demo's HEP capture agent: each exchange's SIP messages (see hep-call.ts) go out as HEP v3 over
 * UDP when their time comes, stamped with the time they are sent, named after the gateway that
 * carries them. Timers are unref'd and cleared on close.
 */
export interface HepDemoOptions {
  seed?: number;
  /** Multiplies every delay of a call (tests use 0.01 so a call takes milliseconds, not seconds). */
  timeScale?: number;
}

export function hepUdpTransport(host: string, port: number, options: HepDemoOptions = {}): DemoTransport {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.unref();
  const random = prng(options.seed ?? Date.now());
  const timeScale = options.timeScale ?? 1;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let lastError: string | undefined;

  const emit = (nodeName: string, sip: { srcIp: string; dstIp: string; payload: string }): void => {
    if (closed) return;
    const packet = encodeHep({
      srcIp: sip.srcIp,
      dstIp: sip.dstIp,
      srcPort: 5060,
      dstPort: 5060,
      tsMs: Date.now(),
      nodeName,
      payload: sip.payload,
    });
    socket.send(packet, port, host, (err) => {
      if (err) lastError = err.message;
    });
  };

  return {
    name: `hep udp ${host}:${port}`,
    send(events) {
      const byCall = new Map<string, DemoEvent[]>();
      for (const e of events) {
        const list = byCall.get(e.callId);
        if (list) list.push(e);
        else byCall.set(e.callId, [e]);
      }
      for (const exchange of byCall.values()) {
        const gateway = exchange[0]!.gateway;
        for (const sip of scheduleExchange(exchange, random)) {
          if (sip.atMs === 0) {
            emit(gateway, sip);
            continue;
          }
          const timer = setTimeout(() => {
            timers.delete(timer);
            emit(gateway, sip);
          }, sip.atMs * timeScale);
          timer.unref();
          timers.add(timer);
        }
      }
      const error = lastError;
      lastError = undefined;
      return Promise.resolve(error === undefined ? { sent: events.length } : { sent: events.length, error });
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve();
        }
      });
    },
  };
}

/** Sends each event through the transport its gateway uses. */
export function transportByGateway(
  route: (gateway: string) => DemoTransport,
  all: readonly DemoTransport[],
): DemoTransport {
  return {
    name: all.map((t) => t.name).join(' + '),
    async send(events) {
      const parts = new Map<DemoTransport, DemoEvent[]>();
      for (const e of events) {
        const t = route(e.gateway);
        const list = parts.get(t);
        if (list) list.push(e);
        else parts.set(t, [e]);
      }
      const results = await Promise.all([...parts].map(([t, list]) => t.send(list)));
      const sent = results.reduce((n, r) => n + r.sent, 0);
      const accepted = results.reduce((n, r) => n + (r.accepted ?? r.sent), 0);
      const error = results.find((r) => r.error !== undefined)?.error;
      return error === undefined ? { sent, accepted } : { sent, accepted, error };
    },
    async close() {
      await Promise.all(all.map((t) => t.close()));
    },
  };
}
