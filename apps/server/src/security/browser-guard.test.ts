import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { ConfigInput } from '../config.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';

/** What a browser sends and what it is told: Host, Origin, content types, security headers. */

const running: { app: LiveApp; cleanup(): void }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.app.stop();
    r.cleanup();
  }
});

async function start(config: ConfigInput = {}): Promise<LiveApp> {
  const tmp = tempDir();
  const app = await startLiveApp(tmp.dir, { config });
  running.push({ app, cleanup: tmp.cleanup });
  return app;
}

/** node:http, because fetch will not let a caller choose the Host header. */
function raw(
  a: LiveApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: a.ports.http, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function handshake(a: LiveApp, headers: Record<string, string>): Promise<string> {
  const socket = connect(a.base, { transports: ['websocket'], reconnection: false, extraHeaders: headers });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (err: Error) => {
      socket.close();
      resolve(err.message);
    });
  });
}

const RULE = { name: 'r', metric: 'failure_rate', threshold: 0.5 };

describe('the Host header (DNS rebinding)', () => {
  it('refuses a host name it does not answer to, on HTTP and on the socket handshake', async () => {
    const a = await start();
    const evil = await raw(a, 'GET', '/api/v1/summary', { host: 'evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({
      error: 'forbidden-host',
      message: expect.stringContaining('http.allowedHosts'),
    });
    expect((await raw(a, 'GET', '/healthz', { host: 'evil.example:8080' })).status).toBe(403);
    expect(await handshake(a, { host: 'evil.example' })).toBe('forbidden-host');

    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'app.localhost'])
      expect((await raw(a, 'GET', '/api/v1/summary', { host })).status, host).toBe(200);
    expect(await handshake(a, {})).toBe('connected');
  });

  it('answers the names in http.allowedHosts and the public URLs, and any with "*"', async () => {
    const a = await start({ http: { allowedHosts: ['noc.example.com'] } });
    expect((await raw(a, 'GET', '/api/v1/summary', { host: 'NOC.example.com:443' })).status).toBe(200);
    expect((await raw(a, 'GET', '/api/v1/summary', { host: 'other.example.com' })).status).toBe(403);
    // The URLs the server is reached at name it too: people open the dashboard at ui.publicUrl.
    const published = await start({
      ui: { publicUrl: 'https://noc.example.com/sipwatch' },
      ingest: { publicBaseUrl: 'https://hooks.example.com' },
    });
    for (const host of ['noc.example.com', 'hooks.example.com'])
      expect((await raw(published, 'GET', '/api/v1/summary', { host })).status).toBe(200);
    expect((await raw(published, 'GET', '/api/v1/summary', { host: 'other.example.com' })).status).toBe(403);
    const change = await raw(
      published,
      'POST',
      '/api/v1/alerts/rules',
      { 'content-type': 'application/json', host: 'noc.example.com', origin: 'https://noc.example.com' },
      JSON.stringify(RULE),
    );
    expect(change.status, change.body).toBe(201);
    const any = await start({ http: { allowedHosts: ['*'] } });
    expect((await raw(any, 'GET', '/api/v1/summary', { host: 'other.example.com' })).status).toBe(200);
  });
});

describe('state changes from other origins (CSRF)', () => {
  it('refuses a change whose Origin is not the server own, and accepts its own and configured ones', async () => {
    const a = await start({ http: { allowedOrigins: ['https://noc.example.com'] } });
    const json = { 'content-type': 'application/json' };
    const post = (headers: Record<string, string>) =>
      raw(
        a,
        'POST',
        '/api/v1/alerts/rules',
        { ...json, ...headers },
        JSON.stringify({ ...RULE, name: headers.origin ?? 'none' }),
      );

    const evil = await post({ origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ error: 'forbidden-origin' });
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: a.base })).status).toBe(201);
    expect((await post({ origin: 'https://noc.example.com' })).status).toBe(201);
    expect((await post({})).status).toBe(201); // curl, scripts: no Origin
    // A read from another origin is answered (no CORS headers, so a browser will not hand it over).
    const read = await raw(a, 'GET', '/api/v1/alerts/rules', { origin: 'http://evil.example' });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(await handshake(a, { origin: 'http://evil.example' })).toBe('forbidden-origin');
    const names = (
      JSON.parse((await raw(a, 'GET', '/api/v1/alerts/rules', {})).body) as {
        rules: { rule: { name: string } }[];
      }
    ).rules
      .map((r) => r.rule.name)
      .sort();
    expect(names).toEqual(['https://noc.example.com', 'none', a.base].sort());
  });

  it('takes changes only as JSON (YAML for an import): never text/plain, a form or no body', async () => {
    const a = await start();
    const yaml = 'rules:\n  - name: from yaml\n    metric: failure_rate\n    threshold: 0.5\n';
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])
      expect(
        (await raw(a, 'POST', '/api/v1/alerts/rules/import', { 'content-type': type }, yaml)).status,
        type,
      ).toBe(415);
    expect(
      (await raw(a, 'POST', '/api/v1/alerts/rules/import', { 'content-type': 'application/yaml' }, yaml))
        .status,
    ).toBe(200);
    await raw(
      a,
      'POST',
      '/api/v1/alerts/rules',
      { 'content-type': 'application/json' },
      JSON.stringify({ ...RULE, id: 'r1' }),
    );
    expect((await raw(a, 'POST', '/api/v1/alerts/r1/ack', {})).status).toBe(415);
    expect(
      (await raw(a, 'POST', '/api/v1/alerts/r1/ack', { 'content-type': 'text/plain' }, '{}')).status,
    ).toBe(415);
    expect((await raw(a, 'POST', '/api/v1/alerts/rules/r1/test-notification', {})).status).toBe(415);
    expect(
      (await raw(a, 'POST', '/api/v1/alerts/silences', { 'content-type': 'text/plain' }, '{}')).status,
    ).toBe(415);
  });
});

describe('security headers', () => {
  it('sets the CSP and the others on API answers, errors and the open routes', async () => {
    const a = await start();
    for (const path of ['/api/v1/summary', '/api/v1/no-such-route', '/healthz']) {
      const res = await raw(a, 'GET', path, {});
      const csp = String(res.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });
});

describe('behind a reverse proxy', () => {
  it('never takes a proxied request for a client on this machine unless the proxy is trusted', async () => {
    const a = await start();
    expect((await raw(a, 'GET', '/api/v1/summary', {})).status).toBe(200);
    for (const header of ['x-forwarded-for', 'x-real-ip', 'forwarded']) {
      const res = await raw(a, 'GET', '/api/v1/summary', {
        [header]: header === 'forwarded' ? 'for=203.0.113.5' : '203.0.113.5',
      });
      expect(res.status, header).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ variable: 'SIPWATCH_VIEWER_TOKEN' });
    }
    expect(await handshake(a, { 'x-forwarded-for': '203.0.113.5' })).toBe('unauthorized');

    const proxied = await start({ http: { trustProxy: ['loopback'] } });
    expect((await raw(proxied, 'GET', '/api/v1/summary', { 'x-forwarded-for': '203.0.113.5' })).status).toBe(
      401,
    );
    expect((await raw(proxied, 'GET', '/api/v1/summary', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(
      200,
    );
  });
});
