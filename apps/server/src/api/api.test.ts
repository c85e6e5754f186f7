import { get as httpGet } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sipEvent, T0 } from '@sipwatch/testing';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import type { CodeDetail, EventsPage, SeriesResponse, Summary, TrunksResponse } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';

let tmp: ReturnType<typeof tempDir>;
let live: LiveApp | undefined;

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await live?.stop();
  live = undefined;
  tmp.cleanup();
});

async function get<T>(p: string): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${live!.base}${p}`);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (HTML, metrics).
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** 20 × 200 on carrier-a, 6 × 503 on carrier-b, 2 × 486 on carrier-a, over T0+1s .. T0+10s. */
function traffic(): SipEvent[] {
  const out: SipEvent[] = [];
  for (let i = 0; i < 20; i++)
    out.push(sipEvent({ ts: T0 + 1000 + i * 400, code: 200, trunk: 'carrier-a', callId: `ok${i}` }));
  for (let i = 0; i < 6; i++)
    out.push(
      sipEvent({
        ts: T0 + 5000 + i,
        code: 503,
        trunk: 'carrier-b',
        callId: `f${i}`,
        source: { channel: 'syslog', format: 'kv', host: 'sbc-east' },
      }),
    );
  out.push(sipEvent({ ts: T0 + 9000, code: 486, trunk: 'carrier-a', callId: 'busy1' }));
  out.push(sipEvent({ ts: T0 + 9500, code: 486, trunk: 'carrier-a', callId: 'busy2', method: 'invite' }));
  return out;
}

async function withTraffic(): Promise<LiveApp> {
  live = await startLiveApp(tmp.dir);
  live.clock.set(T0 + 30_000);
  live.app.ingest(traffic());
  live.app.tickNow();
  return live;
}

describe('GET /api/v1/summary', () => {
  it('returns KPIs and counts keyed by class and by code for a live window', async () => {
    await withTraffic();
    const { status, body } = await get<Summary>('/api/v1/summary?window=1m');
    expect(status).toBe(200);
    expect(body.window).toEqual({ from: T0 + 30_000 - 60_000, to: T0 + 30_000 });
    expect(body.byClass['5xx']).toBe(6);
    expect(body.byCode).toEqual({ '200': 20, '486': 2, '503': 6 });
    expect(body.kpis).toMatchObject({ responses: 28, finals: 28, failures: 8, failureRate: 8 / 28 });
    expect(body.kpis.responsesPerSec).toBeCloseTo(28 / 60);
    expect(body.kpis.calls).toMatchObject({
      attempts: 28,
      answered: 20,
      user: 2,
      network: 6,
      ineffective: 6,
    });
    expect(body.topFailures[0]).toMatchObject({
      code: 503,
      count: 6,
      trunks: [{ name: 'carrier-b', count: 6 }],
    });
    expect(body.trunks.map((t) => t.name)).toEqual(['carrier-a', 'carrier-b']);
  });

  it('takes an explicit from/to and filters', async () => {
    await withTraffic();
    const { body } = await get<Summary>(
      `/api/v1/summary?from=${T0}&to=${T0 + 8000}&trunk=carrier-a&class=2xx`,
    );
    expect(body.window).toEqual({ from: T0, to: T0 + 8000 });
    expect(body.filter).toEqual({ trunk: 'carrier-a', class: '2xx' });
    // 200s at T0+1000 + i*400 for i < 18 fall before T0+8000.
    expect(body.kpis.responses).toBe(18);
    const iso = await get<Summary>(
      `/api/v1/summary?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 60_000).toISOString()}&method=INVITE&source=sbc-east`,
    );
    expect(iso.body.kpis.responses).toBe(6);
  });

  it('defaults to the last 5 minutes and ignores empty parameters', async () => {
    await withTraffic();
    const { body } = await get<Summary>('/api/v1/summary?trunk=&code=');
    expect(body.window.to - body.window.from).toBe(300_000);
    expect(body.kpis.responses).toBe(28);
  });

  it('answers 400 naming the parameter', async () => {
    live = await startLiveApp(tmp.dir);
    const cases: [string, string][] = [
      ['/api/v1/summary?window=2m', 'window'],
      ['/api/v1/summary?code=99', 'code'],
      ['/api/v1/summary?class=7xx', 'class'],
      ['/api/v1/summary?from=yesterday', 'from'],
      [`/api/v1/summary?from=${T0}&to=${T0 - 1}`, 'from'],
      [`/api/v1/summary?window=5m&from=${T0}`, 'window'],
      ['/api/v1/series?step=fast', 'step'],
      [`/api/v1/series?from=${T0 - 86_400_000}&to=${T0}&step=1s`, 'step'],
      ['/api/v1/series?group=color', 'group'],
      ['/api/v1/codes/99', 'code'],
      ['/api/v1/codes/abc', 'code'],
      ['/api/v1/events?limit=0', 'limit'],
      ['/api/v1/events?cursor=xyz', 'cursor'],
      [`/api/v1/summary?from=${T0 - 40 * 86_400_000}&to=${T0}`, 'from'],
    ];
    for (const [url, field] of cases) {
      const { status, body } = await get<{ error: string; message: string; errors: { field: string }[] }>(
        url,
      );
      expect({ url, status, error: body.error, field: body.errors[0]!.field }).toEqual({
        url,
        status: 400,
        error: 'invalid',
        field,
      });
      expect(body.message).toMatch(new RegExp(`^${field}: `));
    }
  });

  it('unknown API paths are JSON 404s', async () => {
    live = await startLiveApp(tmp.dir);
    const { status, body } = await get<{ error: string; message: string }>('/api/v1/nope');
    expect(status).toBe(404);
    expect(body.error).toBe('not-found');
    expect(body.message).toMatch(/no such endpoint/);
  });
});

describe('GET /api/v1/series', () => {
  it('returns 1-second points grouped by trunk', async () => {
    await withTraffic();
    const { body } = await get<SeriesResponse>(
      `/api/v1/series?from=${T0 + 5000}&to=${T0 + 7000}&step=1s&group=trunk`,
    );
    expect(body.stepMs).toBe(1000);
    expect(body.points.map((p) => p.t)).toEqual([T0 + 5000, T0 + 6000]);
    expect(body.points[0]).toMatchObject({
      responses: 9,
      byCode: { '200': 3, '503': 6 },
      byTrunk: { 'carrier-a': 3, 'carrier-b': 6 },
    });
  });

  it('accepts stepMs (the dashboard’s name) and reads minutes beyond the live window from the store', async () => {
    live = await startLiveApp(tmp.dir, { config: { aggregation: { liveSeconds: 600 } } });
    live.clock.set(T0 + 60_000);
    live.app.ingest(traffic());
    live.app.flushNow();
    // Three hours later the minute is only in the database.
    live.clock.set(T0 + 3 * 3_600_000);
    live.app.tickNow();
    const { body } = await get<SeriesResponse>(
      `/api/v1/series?from=${T0 - 60_000}&to=${T0 + 120_000}&stepMs=30000`,
    );
    expect(body.stepMs).toBe(60_000);
    expect(body.points.map((p) => [p.t, p.responses])).toEqual([
      [T0 - 60_000, 0],
      [T0, 28],
      [T0 + 60_000, 0],
    ]);
  });
});

describe('GET /api/v1/codes/:code', () => {
  it('returns the registry entry, the stats, the breakdown and recent samples', async () => {
    await withTraffic();
    live!.app.flushNow();
    const { status, body } = await get<CodeDetail>('/api/v1/codes/503?window=1m&samples=3');
    expect(status).toBe(200);
    expect(body.entry).toMatchObject({ code: 503, phrase: 'Service Unavailable', class: '5xx' });
    expect(body.known).toBe(true);
    expect(body.category).toBe('network');
    expect(body.stats).toMatchObject({
      code: 503,
      count: 6,
      shareOfFinals: 6 / 28,
      failures: 6,
      byTrunk: [{ name: 'carrier-b', count: 6 }],
      bySource: [{ name: 'sbc-east', count: 6 }],
      byMethod: [{ name: 'INVITE', count: 6 }],
    });
    expect(body.baseline).toEqual({ hourAgo: 0, dayAgo: 0 });
    expect(body.samples).toHaveLength(3);
    expect(body.samples.every((e) => e.code === 503 && e.trunk === 'carrier-b')).toBe(true);
  });

  it('describes an unregistered code by its class', async () => {
    live = await startLiveApp(tmp.dir);
    const { body } = await get<CodeDetail>('/api/v1/codes/599');
    expect(body.known).toBe(false);
    expect(body.entry.code).toBe(500);
  });
});

describe('GET /api/v1/events', () => {
  it('pages through stored events newest first with a cursor', async () => {
    await withTraffic();
    live!.app.flushNow();
    const first = await get<EventsPage>('/api/v1/events?trunk=carrier-a&limit=15');
    expect(first.body.events).toHaveLength(15);
    expect(first.body.events[0]!.callId).toBe('busy2');
    expect(first.body.nextCursor).not.toBeNull();
    const second = await get<EventsPage>(
      `/api/v1/events?trunk=carrier-a&limit=15&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.events).toHaveLength(7);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.events, ...second.body.events].map((e) => e.id);
    expect(new Set(ids).size).toBe(22);
    expect((await get<EventsPage>('/api/v1/events?callId=f3')).body.events.map((e) => e.code)).toEqual([503]);
    expect((await get<EventsPage>('/api/v1/events?code=486&source=proxy-1')).body.events).toHaveLength(2);
  });
});

describe('GET /api/v1/trunks', () => {
  it('lists trunks with their failure rate, the cap and the fold count', async () => {
    await withTraffic();
    const { body } = await get<TrunksResponse>('/api/v1/trunks');
    expect(body.cap).toBe(500);
    expect(body.folded).toBe(0);
    expect(body.trunks).toEqual([
      expect.objectContaining({ name: 'carrier-a', responses: 22, failures: 2, failureRate: 2 / 22 }),
      expect.objectContaining({ name: 'carrier-b', responses: 6, failureRate: 1 }),
    ]);
  });
});

describe('operations endpoints', () => {
  it('/healthz and /readyz answer once listening', async () => {
    live = await startLiveApp(tmp.dir);
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get<{ ready: boolean }>('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
  });

  it('/metrics exposes responses by class and code, by trunk, ingest counters, loop lag and flush time', async () => {
    await withTraffic();
    live!.app.flushNow();
    const { status, body, headers } = await get<string>('/metrics');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/text\/plain/);
    expect(body).toContain('sipwatch_responses_total{class="5xx",code="503"} 6');
    expect(body).toContain('sipwatch_trunk_responses_total{trunk="carrier-a",class="2xx"} 20');
    expect(body).toMatch(/nodejs_eventloop_lag_seconds \d/);
    expect(body).toMatch(/sipwatch_flush_duration_seconds_count 1/);
    expect(body).toContain('# TYPE sipwatch_ingest_accepted_total counter');
    // Counters only move forward between scrapes.
    live!.app.ingest([sipEvent({ ts: T0 + 29_000, code: 503, trunk: 'carrier-b' })]);
    expect((await get<string>('/metrics')).body).toContain(
      'sipwatch_responses_total{class="5xx",code="503"} 7',
    );
  });
});

describe('the dashboard', () => {
  it('serves the built files with caching headers and falls back to index.html', async () => {
    const web = path.join(tmp.dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>sipwatch</title>');
    writeFileSync(path.join(web, 'assets', 'main-abc123.js'), 'console.log(1)');
    live = await startLiveApp(tmp.dir, { config: { http: { webRoot: web } } });
    const index = await get<string>('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>sipwatch</title>');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await get<string>('/assets/main-abc123.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const deep = await fetch(`${live.base}/codes/503?window=5m`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>sipwatch</title>');
    expect((await get('/api/v1/missing')).status).toBe(404);
  });

  it('sends the precompressed copy the browser accepts, brotli first, and the plain file otherwise', async () => {
    const web = path.join(tmp.dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>sipwatch</title>');
    const code = 'console.log("sipwatch");\n'.repeat(200);
    const file = path.join(web, 'assets', 'main-abc123.js');
    writeFileSync(file, code);
    writeFileSync(`${file}.br`, brotliCompressSync(code));
    writeFileSync(`${file}.gz`, gzipSync(code));
    live = await startLiveApp(tmp.dir, { config: { http: { webRoot: web } } });
    const raw = (acceptEncoding: string) =>
      new Promise<{
        encoding: string | undefined;
        vary: string | undefined;
        cache: string | undefined;
        body: Buffer;
      }>((resolve, reject) => {
        httpGet(
          `${live!.base}/assets/main-abc123.js`,
          { headers: { 'accept-encoding': acceptEncoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                vary: res.headers.vary,
                cache: res.headers['cache-control'],
                body: Buffer.concat(chunks),
              }),
            );
          },
        ).on('error', reject);
      });
    const br = await raw('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(br.vary).toMatch(/accept-encoding/i);
    expect(br.cache).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(code);
    const gz = await raw('gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(code);
    const plain = await raw('identity');
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toBe(code);
  });
});
