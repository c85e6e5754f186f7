import { describe, expect, it } from 'vitest';
import { useIntakeApps, postText } from '../../../test/fixtures/intake-app.js';

const { start } = useIntakeApps();

const DEPTH = 100_000;
const deepArrays = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const event = (callId: string, extra = '') => `{"code":486,"callId":"${callId}"${extra}}`;
const REASON = 'objects and arrays nested deeper than 64 levels';

describe('deeply nested JSON', () => {
  it('is refused with 400 naming the item, never 500, as a whole body', async () => {
    const a = await start();
    for (const body of [deepArrays, deepObject, event('x', `,"extra":${deepObject}`)]) {
      const r = await postText(a, '/api/v1/events', body, 'application/json');
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        error: 'invalid',
        accepted: 0,
        rejected: [{ index: 0, field: '(item)', reason: REASON }],
      });
    }
    expect(a.stats().channels.http.sinceStart.rejected).toEqual({ 'too-deep': 3 });
    expect((await fetch(`${a.base}/healthz`)).status).toBe(200);
  });

  it('costs only its own item in a JSON array or an NDJSON body: the good items beside it are kept', async () => {
    const a = await start();
    const array = `[${event('a1')},${event('a2', `,"extra":${deepArrays}`)},${event('a3')}]`;
    const r1 = await postText(a, '/api/v1/events', array, 'application/json');
    expect(r1).toEqual({
      status: 200,
      body: { accepted: 2, rejected: [{ index: 1, field: '(item)', reason: REASON }] },
    });

    const ndjson = [event('n1'), event('n2', `,"extra":${deepObject}`), '', event('n3'), deepArrays].join(
      '\n',
    );
    const r2 = await postText(a, '/api/v1/events', ndjson, 'application/x-ndjson');
    expect(r2).toEqual({
      status: 200,
      body: {
        accepted: 2,
        rejected: [
          { index: 1, line: 2, field: '(item)', reason: REASON },
          { index: 3, line: 5, field: '(item)', reason: REASON },
        ],
      },
    });
    expect(a.events.map((e) => e.callId)).toEqual(['a1', 'a3', 'n1', 'n3']);
  });

  it('is kept up to the documented depth, with its raw text', async () => {
    const a = await start();
    // The item is level 1, so 63 more levels inside it are allowed.
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const r = await postText(a, '/api/v1/events', event('ok', `,"extra":${nested(63)}`), 'application/json');
    expect(r).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(a.events[0]?.raw).toContain(nested(63));
    const over = await postText(
      a,
      '/api/v1/events',
      event('no', `,"extra":${nested(64)}`),
      'application/json',
    );
    expect(over.status).toBe(400);
  });

  it('is refused the same way by the FreeSWITCH and the generic webhooks', async () => {
    const a = await start({ ingest: { mappings: { vendor: { code: 'data.code', callId: 'data.id' } } } });
    const fs = await postText(
      a,
      '/api/v1/webhooks/freeswitch',
      `{"variables":${deepObject}}`,
      'application/json',
    );
    expect(fs).toMatchObject({
      status: 400,
      body: { rejected: [{ index: 0, field: '(item)', reason: REASON }] },
    });

    const items = [`{"data":{"code":503,"id":"g1"}}`, `{"data":{"code":503,"id":"g2","x":${deepArrays}}}`];
    const generic = await postText(
      a,
      '/api/v1/webhooks/generic/vendor',
      items.join('\n'),
      'application/x-ndjson',
    );
    expect(generic).toEqual({
      status: 200,
      body: { accepted: 1, rejected: [{ index: 1, line: 2, field: '(item)', reason: REASON }] },
    });
  });

  it('answers 400 malformed-json, not 500, when it does not even parse', async () => {
    const a = await start();
    const r = await postText(a, '/api/v1/events', '['.repeat(DEPTH), 'application/json');
    expect(r).toMatchObject({ status: 400, body: { error: 'malformed-json' } });
  });
});
