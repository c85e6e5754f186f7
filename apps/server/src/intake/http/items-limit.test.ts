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
