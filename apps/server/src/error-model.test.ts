import { afterEach, describe, expect, it } from 'vitest';
import { API_ERRORS, asApiErrorBody } from '@sipwatch/wire';
import type { ApiErrorBody } from '@sipwatch/wire';
import { startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';

/**
 * Every part of the HTTP API refuses in the same shape: a named code whose status is fixed by the
 * contract, a sentence, and the fields at fault. A client written against one route reads them all.
 */

let live: LiveApp | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await live?.stop();
  tmp?.cleanup();
  live = undefined;
  tmp = undefined;
});

async function start(config: Parameters<typeof startLiveApp>[1] = {}): Promise<LiveApp> {
  tmp = tempDir();
  live = await startLiveApp(tmp.dir, config);
  return live;
}

async function refusal(res: Response): Promise<{ status: number; body: ApiErrorBody }> {
  const body = asApiErrorBody(await res.json());
  if (!body) throw new Error(`not an error body (${res.status})`);
  return { status: res.status, body };
}

describe('one error model', () => {
  it('intake, queries, alerts and access answer with a named code, its status and a message', async () => {
    const { base } = await start({ config: { auth: { admin: ['admin-secret-token-0001'] } } });
    const json = (body: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const cases: [string, Promise<Response>, string, string | undefined][] = [
      [
        'intake, broken JSON',
        fetch(`${base}/api/v1/events`, json('{"code": 5')),
        'malformed-json',
        undefined,
      ],
      [
        'intake, wrong media type',
        fetch(`${base}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: 'a,b',
        }),
        'unsupported-media-type',
        undefined,
      ],
      ['query parameter', fetch(`${base}/api/v1/summary?window=2m`), 'invalid', 'window'],
      ['alerts history parameter', fetch(`${base}/api/v1/alerts/history?state=burning`), 'invalid', 'state'],
      ['unknown rule', fetch(`${base}/api/v1/alerts/rules/nope`), 'not-found', undefined],
      ['unknown endpoint', fetch(`${base}/api/v1/nope`), 'not-found', undefined],
      [
        'a change without the admin token',
        fetch(`${base}/api/v1/alerts/rules`, {
          ...json('{}'),
          headers: { 'content-type': 'application/json', authorization: 'Bearer wrong-token-wrong-token' },
        }),
        'unauthorized',
        undefined,
      ],
    ];
    for (const [what, pending, code, field] of cases) {
      const { status, body } = await refusal(await pending);
      expect({ what, status, error: body.error }).toEqual({
        what,
        status: API_ERRORS[code as keyof typeof API_ERRORS],
        error: code,
      });
      expect(body.message.length, what).toBeGreaterThan(0);
      if (field)
        expect(
          body.errors?.map((e) => e.field),
          what,
        ).toContain(field);
    }
  });

  it('reads a time without a zone the same way on every route: as UTC', async () => {
    const { base } = await start();
    const from = '2025-01-06T11:00';
    const utc = Date.UTC(2025, 0, 6, 11, 0);
    const summary = (await (
      await fetch(`${base}/api/v1/summary?from=${from}&to=2025-01-06T12:00Z`)
    ).json()) as {
      window: { from: number };
    };
    expect(summary.window.from).toBe(utc);
    const history = await fetch(`${base}/api/v1/alerts/history?from=${from}`);
    expect(history.status).toBe(200);
    const refused = await refusal(await fetch(`${base}/api/v1/alerts/history?from=yesterday`));
    expect(refused.body.errors).toEqual([{ field: 'from', reason: expect.stringContaining('ISO 8601') }]);
  });
});
