import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { createApplication } from '../app.js';
import type { Application } from '../app.js';
import { ManualClock } from '../clock.js';
import type { ConfigInput } from '../config.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { Role } from './roles.js';
import { T0 } from '@sipwatch/testing';

/**
 * Every route and the Socket.IO handshake, for each way a role can be guarded (token set / unset),
 * each kind of client (on this machine / elsewhere; `auth.trustLoopback: false` is the documented
 * switch that makes 127.0.0.1 count as elsewhere) and each credential (none, wrong, each role's).
 * The expected answer is derived from the rule the README states, not from the code under test.
 */

const TOKENS = {
  ingest: 'sbc-east:ingest-token-1111',
  viewer: 'wall:viewer-token-2222',
  admin: 'alice:admin-token-3333',
} as const;
const bare = (entry: string) => entry.slice(entry.indexOf(':') + 1);
const SECRET = 'hmac-secret-do-not-leak-4444';
const HOOK_PATH = 'services/T0/B0/hook-path-5555';
const RULE_ID = 'matrix-rule';

type Route = {
  method: string;
  path: string;
  role: Role | 'open';
  json?: unknown;
  type?: string;
  body?: string;
};

const ROUTES: Route[] = [
  { method: 'GET', path: '/healthz', role: 'open' },
  { method: 'GET', path: '/readyz', role: 'open' },
  { method: 'GET', path: '/api/v1/auth/session', role: 'open' },
  { method: 'GET', path: '/metrics', role: 'viewer' },
  { method: 'GET', path: '/api/v1/summary', role: 'viewer' },
  { method: 'GET', path: '/API/V1/SUMMARY/', role: 'viewer' },
  { method: 'GET', path: `/api/v1/series?from=${T0 - 60_000}&to=${T0}`, role: 'viewer' },
  { method: 'GET', path: '/api/v1/codes/503', role: 'viewer' },
  { method: 'GET', path: '/api/v1/events', role: 'viewer' },
  { method: 'GET', path: '/api/v1/trunks', role: 'viewer' },
  { method: 'GET', path: '/api/v1/timing', role: 'viewer' },
  { method: 'GET', path: '/api/v1/cluster', role: 'viewer' },
  { method: 'GET', path: '/api/v1/ui-config', role: 'viewer' },
  { method: 'GET', path: '/api/v1/ingest/stats', role: 'viewer' },
  { method: 'GET', path: '/api/v1/ingest/unparsed', role: 'viewer' },
  { method: 'GET', path: '/api/v1/no-such-route', role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts', role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts/rules', role: 'viewer' },
  { method: 'GET', path: `/api/v1/alerts/rules/${RULE_ID}`, role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts/rules/export?format=json', role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts/rules/export', role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts/history', role: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts/silences', role: 'viewer' },
  { method: 'POST', path: '/api/v1/events', role: 'ingest', json: { code: 503, trunk: 'carrier-b' } },
  { method: 'POST', path: '/api/v1/webhooks/freeswitch', role: 'ingest', json: { variables: {} } },
  { method: 'POST', path: '/api/v1/webhooks/generic/m', role: 'ingest', json: { c: 486 } },
  {
    method: 'POST',
    path: '/api/v1/webhooks/twilio',
    role: 'ingest',
    type: 'application/x-www-form-urlencoded',
    body: 'CallStatus=busy&SipResponseCode=486',
  },
  { method: 'POST', path: '/api/v1/alerts/rules', role: 'admin', json: { name: 'x' } },
  { method: 'PUT', path: `/api/v1/alerts/rules/${RULE_ID}`, role: 'admin', json: { name: '' } },
  { method: 'PATCH', path: `/api/v1/alerts/rules/${RULE_ID}`, role: 'admin', json: { enabled: true } },
  { method: 'DELETE', path: '/api/v1/alerts/rules/no-such-rule', role: 'admin' },
  { method: 'POST', path: '/api/v1/alerts/rules/import', role: 'admin', json: { rules: [] } },
  { method: 'POST', path: '/api/v1/alerts/rules/preview', role: 'admin', json: {} },
  { method: 'POST', path: '/api/v1/alerts/rules/no-such-rule/test-notification', role: 'admin', json: {} },
  { method: 'POST', path: `/api/v1/alerts/${RULE_ID}/ack`, role: 'admin', json: {} },
  { method: 'POST', path: '/api/v1/alerts/silences', role: 'admin', json: {} },
  { method: 'DELETE', path: '/api/v1/alerts/silences/no-such-silence', role: 'admin' },
  { method: 'POST', path: '/api/v1/admin/dimensions/trunk/reset', role: 'admin', json: {} },
];

type Credential = 'none' | 'wrong' | Role;
const CREDENTIALS: Credential[] = ['none', 'wrong', 'ingest', 'viewer', 'admin'];

interface Setup {
  name: string;
  /** Which roles have tokens configured. */
  tokens: Role[];
  loopback: boolean;
}

const SETUPS: Setup[] = [];
for (const tokens of [['ingest', 'viewer', 'admin'], [], ['viewer']] as Role[][])
  for (const loopback of [true, false])
    SETUPS.push({
      name: `tokens for [${tokens.join(', ')}], client ${loopback ? 'on this machine' : 'elsewhere'}`,
      tokens,
      loopback,
    });

/** The documented rule: a token grants its role (admin also viewer); a role without tokens is open to loopback. */
function allowed(setup: Setup, role: Role | 'open', credential: Credential): boolean {
  if (role === 'open') return true;
  const configured = (r: Role) => setup.tokens.includes(r);
  const presented = credential !== 'none';
  const valid = credential !== 'none' && credential !== 'wrong' && configured(credential);
  if (presented && !valid) return false; // a token that matches nothing is refused everywhere
  if (valid && (credential === role || (credential === 'admin' && role === 'viewer'))) return true;
  return !configured(role) && setup.loopback;
}

function expectedRefusal(setup: Setup, role: Role, credential: Credential): 401 | 403 {
  const valid = credential !== 'none' && credential !== 'wrong' && setup.tokens.includes(credential);
  return valid ? 403 : 401;
}

function headerFor(credential: Credential): Record<string, string> {
  if (credential === 'none') return {};
  if (credential === 'wrong') return { authorization: 'Bearer not-a-token-9999' };
  return { authorization: `Bearer ${bare(TOKENS[credential])}` };
}

interface Running {
  app: Application;
  base: string;
  logs: string[];
  cleanup(): void;
}

async function start(setup: Setup): Promise<Running> {
  const tmp = tempDir();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const auth: ConfigInput['auth'] = { trustLoopback: setup.loopback };
  for (const role of setup.tokens) auth[role] = [TOKENS[role]];
  const config = parseConfig({
    host: '127.0.0.1',
    logLevel: 'debug',
    http: { port: 0 },
    syslog: { port: 0 },
    hep: { port: 0 },
    storage: { dataDir: tmp.dir },
    demo: { enabled: false },
    auth,
    ingest: { mappings: { m: { code: 'c' } } },
  });
  const app = await createApplication(config, {
    clock: new ManualClock(T0),
    timers: false,
    logger: createLogger('debug', sink),
  });
  const ports = await app.listen();
  // The rule the matrix reads and tries to change; it holds a secret and a secret URL.
  const created = app.alerting.service.create({
    id: RULE_ID,
    name: 'Matrix rule',
    metric: 'failure_rate',
    threshold: 0.5,
    notify: [
      { type: 'webhook', url: `https://hooks.example.net/${HOOK_PATH}`, secret: SECRET },
      { type: 'slack', url: `https://hooks.slack.com/${HOOK_PATH}` },
    ],
  });
  if (!created.ok) throw new Error(`fixture rule: ${created.error}`);
  return { app, base: `http://127.0.0.1:${ports.http}`, logs, cleanup: tmp.cleanup };
}

async function request(r: Running, route: Route, credential: Credential) {
  const headers: Record<string, string> = headerFor(credential);
  let body: string | undefined;
  if (route.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(route.json);
  } else if (route.body !== undefined) {
    headers['content-type'] = route.type!;
    body = route.body;
  }
  const res = await fetch(`${r.base}${route.path}`, { method: route.method, headers, body });
  return { status: res.status, text: await res.text() };
}

function handshake(
  r: Running,
  credential: Credential,
): Promise<{ ok: boolean; error?: string; messages: string[] }> {
  const messages: string[] = [];
  const token =
    credential === 'none'
      ? undefined
      : credential === 'wrong'
        ? 'not-a-token-9999'
        : bare(TOKENS[credential]);
  const socket = connect(r.base, {
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
  });
  socket.onAny((event: string, payload: unknown) => messages.push(`${event} ${JSON.stringify(payload)}`));
  return new Promise((resolve) => {
    socket.on('connect', () => {
      // Wait for the snapshots a new client is sent, then close.
      setTimeout(() => {
        socket.close();
        resolve({ ok: true, messages });
      }, 100);
    });
    socket.on('connect_error', (err: Error) => {
      socket.close();
      resolve({ ok: false, error: err.message, messages });
    });
  });
}

describe.each(SETUPS)('access: $name', (setup) => {
  let r: Running;
  beforeAll(async () => {
    r = await start(setup);
  });
  afterAll(async () => {
    await r.app.close();
    r.cleanup();
  });

  it('answers every route as the role rule says, and no secret reaches anyone but an admin token', async () => {
    const seen: string[] = [];
    for (const credential of CREDENTIALS)
      for (const route of ROUTES) {
        const { status, text } = await request(r, route, credential);
        const label = `${route.method} ${route.path} with ${credential}`;
        if (allowed(setup, route.role, credential)) {
          expect([401, 403], `${label}: ${status} ${text.slice(0, 200)}`).not.toContain(status);
        } else {
          const role = route.role as Role;
          const want = expectedRefusal(setup, role, credential);
          expect(status, `${label}: ${text.slice(0, 200)}`).toBe(want);
          const body = JSON.parse(text) as Record<string, unknown>;
          expect(body, label).toMatchObject({ error: want === 401 ? 'unauthorized' : 'forbidden', role });
          if (want === 401) expect(body.variable, label).toBe(`SIPWATCH_${role.toUpperCase()}_TOKEN`);
        }
        const adminToken = credential === 'admin' && setup.tokens.includes('admin');
        if (!adminToken) seen.push(`${label}\n${text}`);
      }
    for (const text of seen) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(HOOK_PATH);
    }
  });

  it('lets the Socket.IO handshake through only with the viewer role; its messages carry no secret', async () => {
    for (const credential of CREDENTIALS) {
      const result = await handshake(r, credential);
      const ok = allowed(setup, 'viewer', credential);
      expect(result.ok, `handshake with ${credential}: ${result.error ?? ''}`).toBe(ok);
      if (!ok)
        expect(result.error).toBe(
          expectedRefusal(setup, 'viewer', credential) === 401 ? 'unauthorized' : 'forbidden',
        );
      else expect(result.messages.some((m) => m.startsWith('snapshot '))).toBe(true);
      for (const m of result.messages) {
        expect(m).not.toContain(SECRET);
        expect(m).not.toContain(HOOK_PATH);
      }
    }
  });

  it('says at start which roles are open and to whom, and never logs a token or a secret', () => {
    const log = r.logs.join('');
    for (const role of ['ingest', 'viewer', 'admin'] as const) {
      const line = `${role} role has no token`;
      if (setup.tokens.includes(role)) expect(log).not.toContain(line);
      else
        expect(log).toContain(
          `${line}${setup.loopback ? ': open to clients on this machine only' : ' and loopback is not trusted'}`,
        );
    }
    for (const s of [SECRET, HOOK_PATH, ...Object.values(TOKENS).map(bare), 'not-a-token-9999'])
      expect(log).not.toContain(s);
  });
});

describe('/metrics', () => {
  it('follows the viewer rule, unless metrics.public says anyone may read it', async () => {
    const guarded = await start({ name: 'viewer token', tokens: ['viewer'], loopback: true });
    const tmp = tempDir();
    const open = await startLiveApp(tmp.dir, {
      config: { auth: { viewer: [TOKENS.viewer] }, metrics: { public: true } },
    });
    try {
      expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
      const res = await fetch(`${open.base}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('sipwatch_');
      expect((await fetch(`${open.base}/api/v1/summary`)).status).toBe(401);
    } finally {
      await guarded.app.close();
      guarded.cleanup();
      await open.stop();
      tmp.cleanup();
    }
  });
});

describe('an admin token', () => {
  it('reads the secrets back, where a loopback admin without a token does not', async () => {
    const withToken = await start({ name: 'admin token', tokens: ['admin'], loopback: true });
    const open = await start({ name: 'open', tokens: [], loopback: true });
    try {
      const path = `/api/v1/alerts/rules/${RULE_ID}`;
      const admin = await request(withToken, { method: 'GET', path, role: 'viewer' }, 'admin');
      expect(admin.text).toContain(SECRET);
      expect(admin.text).toContain(HOOK_PATH);
      const local = await request(open, { method: 'GET', path, role: 'viewer' }, 'none');
      expect(local.status).toBe(200);
      expect(local.text).not.toContain(SECRET);
      expect(local.text).not.toContain(HOOK_PATH);
    } finally {
      for (const r of [withToken, open]) {
        await r.app.close();
        r.cleanup();
      }
    }
  });

  it('acknowledges under its own name: the body cannot claim another', async () => {
    const r = await start({ name: 'named admin', tokens: ['admin'], loopback: false });
    try {
      const path = `/api/v1/alerts/${RULE_ID}/ack`;
      const claimed = await request(
        r,
        { method: 'POST', path, role: 'admin', json: { note: 'x', by: 'mallory' } },
        'admin',
      );
      expect(claimed.status).toBe(400);
      expect(claimed.text).toContain('by');
    } finally {
      await r.app.close();
      r.cleanup();
    }
  });
});
