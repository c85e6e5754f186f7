import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useIntakeApps, postText } from '../../../test/fixtures/intake-app.js';

const { start } = useIntakeApps();

const event = (i: number) => `{"code":486,"callId":"c${i}"}`;

describe('items per request (http.maxItemsPerRequest)', () => {
  it('refuses a 5 MiB NDJSON body of empty objects with 413 before reading its 1.7 million items', async () => {
    const a = await start();
    const body = '{}\n'.repeat(Math.floor((5 * 1024 * 1024) / 3));
    const r = await postText(a, '/api/v1/events', body, 'application/x-ndjson');
    expect(r).toEqual({
      status: 413,
      body: { error: 'too-many-items', message: 'a request may carry at most 10000 items', limit: 10_000 },
    });
    expect(a.stats().channels.http.sinceStart).toMatchObject({
      accepted: 0,
      rejected: { 'too-many-items': 1 },
    });
    expect((await fetch(`${a.base}/healthz`)).status).toBe(200);
  });

  it('counts NDJSON lines as a chunked body arrives: too many items, or too many bytes, is refused', async () => {
    const a = await start({ http: { maxItemsPerRequest: 100, bodyLimitBytes: 64 * 1024 } });
    const send = (chunks: string[]) =>
      new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
        const url = new URL(`${a.base}/api/v1/events`);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/x-ndjson' },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }),
            );
          },
        );
        req.on('error', reject);
        for (const c of chunks) req.write(c);
        req.end();
      });
    expect(await send(Array.from({ length: 50 }, () => `${event(1)}\n{}\n{}\n`))).toMatchObject({
      status: 413,
      body: { error: 'too-many-items', limit: 100 },
    });
    expect(await send(Array.from({ length: 20 }, () => `${' '.repeat(4096)}\n`))).toMatchObject({
      status: 413,
      body: { error: 'too-large' },
    });
    expect(await send([`${event(1)}\n`, `\u00a0\n${event(2)}`, '\n'])).toMatchObject({
      status: 200,
      body: { accepted: 2 },
    });
    expect(a.stats().channels.http.sinceStart.rejected).toEqual({ 'too-many-items': 1, 'too-large': 1 });
  });

  it('reads a gzipped NDJSON body as well', async () => {
    const a = await start();
    const res = await fetch(`${a.base}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
      body: gzipSync(`${event(1)}\n${event(2)}\n`),
    });
    expect(res.status).toBe(200);
    expect(a.events.map((e) => e.callId)).toEqual(['c1', 'c2']);
  });

  it('refuses a 5 MiB JSON array of empty objects the same way', async () => {
    const a = await start();
    const body = `[${Array.from({ length: Math.floor((5 * 1024 * 1024 - 2) / 3) }, () => '{}').join(',')}]`;
    const r = await postText(a, '/api/v1/events', body, 'application/json');
    expect(r).toMatchObject({ status: 413, body: { error: 'too-many-items', limit: 10_000 } });
  });

  it('takes up to the limit, in NDJSON (blank lines not counted) and in a JSON array', async () => {
    const a = await start({ http: { maxItemsPerRequest: 3 } });
    const lines = [event(1), '', event(2), '  ', event(3), ''].join('\n');
    expect(await postText(a, '/api/v1/events', lines, 'application/x-ndjson')).toMatchObject({
      status: 200,
      body: { accepted: 3 },
    });
    expect(
      await postText(a, '/api/v1/events', `${lines}\n${event(4)}`, 'application/x-ndjson'),
    ).toMatchObject({
      status: 413,
      body: { error: 'too-many-items', limit: 3 },
    });
    const array = (n: number) => `[${Array.from({ length: n }, (_, i) => event(i)).join(',')}]`;
    expect((await postText(a, '/api/v1/events', array(3), 'application/json')).status).toBe(200);
    expect((await postText(a, '/api/v1/events', array(4), 'application/json')).status).toBe(413);
    expect(a.events).toHaveLength(6);
  });

  it('applies to the generic webhooks as well', async () => {
    const a = await start({ http: { maxItemsPerRequest: 2 }, ingest: { mappings: { v: { code: 'c' } } } });
    const body = ['{"c":503}', '{"c":503}', '{"c":503}'].join('\n');
    expect(await postText(a, '/api/v1/webhooks/generic/v', body, 'application/x-ndjson')).toMatchObject({
      status: 413,
      body: { error: 'too-many-items', limit: 2 },
    });
  });
});
