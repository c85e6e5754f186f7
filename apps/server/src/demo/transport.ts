import { createSocket } from 'node:dgram';
import type { DemoEvent } from './plan.js';

/** Sends demo events into a sipwatch server the way real equipment would. */
export interface DemoTransport {
  readonly name: string;
  send(events: readonly DemoEvent[]): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SendResult {
  sent: number;
  /** Accepted by the server, when it says (HTTP). */
  accepted?: number;
  error?: string;
}

/** The JSON a webhook client would post (POST /api/v1/events). */
export function toJson(e: DemoEvent): Record<string, unknown> {
  return {
    ts: e.ts,
    code: e.code,
    reason: e.reason,
    method: e.method,
    scope: e.scope,
    callId: e.callId,
    cseq: e.cseq,
    trunk: e.trunk,
  };
}

/** An RFC 5424 line as a Kamailio xlog route would log it, from the gateway as syslog host. */
export function toSyslogLine(e: DemoEvent): string {
  const when = new Date(e.ts).toISOString();
  return (
    `<134>1 ${when} ${e.gateway} kamailio - - - reply: rs=${e.code} rr="${e.reason}" rm=${e.method} ` +
    `ci=${e.callId} cs=${e.cseq} trunk=${e.trunk} timestamp=${e.ts}`
  );
}

export function httpTransport(target: string, token?: string): DemoTransport {
  const url = new URL('/api/v1/events', target).toString();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return {
    name: `http ${url}`,
    async send(events) {
      if (events.length === 0) return { sent: 0 };
      try {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(events.map(toJson)) });
        const body = (await res.json().catch(() => ({}))) as { accepted?: unknown; message?: unknown };
        const accepted = typeof body.accepted === 'number' ? body.accepted : undefined;
        if (!res.ok) {
          const why = typeof body.message === 'string' ? body.message : res.statusText;
          return { sent: events.length, accepted: accepted ?? 0, error: `HTTP ${res.status}: ${why}` };
        }
        return { sent: events.length, accepted: accepted ?? events.length };
      } catch (err) {
        return { sent: 0, error: (err as Error).message };
      }
    },
    async close() {},
  };
}

export function syslogUdpTransport(host: string, port: number): DemoTransport {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.unref();
  return {
    name: `syslog udp ${host}:${port}`,
    async send(events) {
      let sent = 0;
      let error: string | undefined;
      await Promise.all(
        events.map(
          (e) =>
            new Promise<void>((resolve) => {
              socket.send(toSyslogLine(e), port, host, (err) => {
                if (err) error = err.message;
                else sent++;
                resolve();
              });
            }),
        ),
      );
      return error === undefined ? { sent } : { sent, error };
    },
    async close() {
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
