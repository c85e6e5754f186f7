import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/load.js';
import { startIntakeApp } from '../../../test/fixtures/intake-app.js';
import type { IntakeApp } from '../../../test/fixtures/intake-app.js';
import type { ConfigInput } from '../../config.js';

import type { UnparsedSample } from '@sipwatch/wire';
import { twilioSignature } from './twilio-signature.js';
import { T0 } from '@sipwatch/testing';
import { INTAKE_WORKER_COUNTS } from '../../test-support/intake-workers.js';

const apps: IntakeApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});

/** ingest.pastSkewMs at its largest, for samples years old. */
const BELIEVE_ANY_PAST = 3650 * 86_400_000;

/** The intake.workers of the describe running (the batch routes run with each of INTAKE_WORKER_COUNTS). */
let workers: number | undefined;

async function start(config: ConfigInput = {}): Promise<IntakeApp> {
  const a = await startIntakeApp(workers === undefined ? config : { intake: { workers }, ...config });
  apps.push(a);
  return a;
}

/** Runs `body` in one describe per intake.workers value. */
function eachWorkerCount(name: string, body: () => void): void {
  describe.each(INTAKE_WORKER_COUNTS)(`${name} (intake.workers %i)`, (count) => {
    beforeEach(() => {
      workers = count;
    });
    afterEach(() => {
      workers = undefined;
    });
    body();
  });
}

interface Answer {
  status: number;
  body: Record<string, unknown> & { accepted?: number; rejected?: Record<string, unknown>[] };
  headers: Headers;
}

async function post(
  a: IntakeApp,
  path: string,
  body: string | Buffer,
  type?: string,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${a.base}${path}`, {
    method: 'POST',
    headers: { ...(type ? { 'content-type': type } : {}), ...headers },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as Answer['body'],
    headers: res.headers,
  } satisfies Answer;
}

async function get(a: IntakeApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${a.base}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const JSON_TYPE = 'application/json';
const NDJSON = 'application/x-ndjson';

eachWorkerCount('POST /api/v1/events', () => {
  it('accepts one JSON object and hands it to the sink as a normalised event', async () => {
    const a = await start();
    const r = await post(
      a,
      '/api/v1/events',
      JSON.stringify({ code: '486', reason: 'Busy Here', method: 'invite' }),
      JSON_TYPE,
    );
    expect(r).toMatchObject({ status: 200, body: { accepted: 1, rejected: [] } });
    expect(a.events).toEqual([
      {
        ts: T0,
        receivedAt: T0,
        code: 486,
        reason: 'Busy Here',
        method: 'INVITE',
        scope: 'transaction',
        source: { channel: 'http', format: 'json', host: '127.0.0.1' },
        raw: '{"code":"486","reason":"Busy Here","method":"invite"}',
      },
    ]);
  });

  it('keeps the good items of a batch and lists each bad one by index, field and reason', async () => {
    const a = await start();
    const items = [
      { code: 200, callId: 'ok-1' },
      { code: 99 },
      { code: 700 },
      { code: '2OO' },
      { code: 503, srcPort: 'abc' },
      { code: 'busy' },
      'not an object',
      { code: 404, ts: '2025-01-06T11:59:00Z', callId: 'ok-2' },
    ];
    const r = await post(a, '/api/v1/events', JSON.stringify(items), JSON_TYPE);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected!.map((x) => [x.index, x.field])).toEqual([
      [1, 'code'],
      [2, 'code'],
      [3, 'code'],
      [4, 'srcPort'],
      [5, 'code'],
      [6, '(item)'],
    ]);
    for (const x of r.body.rejected!) expect(typeof x.reason).toBe('string');
    expect(r.body.rejected![0]!.reason).toMatch(/99/);
    expect(a.events.map((e) => [e.code, e.callId, e.ts])).toEqual([
      [200, 'ok-1', T0],
      [404, 'ok-2', T0 - 60_000],
    ]);
    // One request, one batch.
    expect(a.batches).toHaveLength(1);
    expect(a.stats().channels.http.sinceStart).toMatchObject({
      accepted: 2,
      rejected: { 'invalid-code': 4, 'invalid-srcPort': 1, 'invalid-(item)': 1 },
    });
  });

  it('answers 400 naming the fields when no item is accepted', async () => {
    const r = await post(
      await start(),
      '/api/v1/events',
      JSON.stringify({ code: 200, scope: 'dialog' }),
      JSON_TYPE,
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid', accepted: 0, rejected: [{ index: 0, field: 'scope' }] });
  });

  it('reads NDJSON, where a malformed line is one rejected item', async () => {
    const a = await start();
    const body = '{"code":180,"ts":1736164790}\n{"code": 48\n\n{"code":"603","callId":"c3"}\n';
    const r = await post(a, '/api/v1/events', body, NDJSON);
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(2);
    expect(r.body.rejected).toEqual([
      {
        index: 1,
        line: 2,
        field: '(json)',
        reason: expect.stringMatching(/^malformed JSON at line 2 column 12/),
      },
    ]);
    expect(a.events.map((e) => [e.code, e.ts, e.source.format, e.raw])).toEqual([
      [180, 1_736_164_790_000, 'ndjson', '{"code":180,"ts":1736164790}'],
      [603, T0, 'ndjson', '{"code":"603","callId":"c3"}'],
    ]);
  });

  it('refuses malformed JSON with 400 and the position', async () => {
    const a = await start();
    const r = await post(a, '/api/v1/events', '[{"code": 200},\n {"code": 200,}]', JSON_TYPE);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'malformed-json', line: 2, column: 15, position: 30 });
    expect(r.body.message).toMatch(/line 2 column 15/);
    expect(a.events).toEqual([]);
  });

  it('refuses other content types with 415', async () => {
    const a = await start();
    expect(await post(a, '/api/v1/events', '{"code":200}', 'text/plain')).toMatchObject({
      status: 415,
      body: { error: 'unsupported-media-type' },
    });
    expect((await post(a, '/api/v1/events', '{"code":200}')).status).toBe(415);
    expect(a.stats().channels.http.sinceStart.rejected).toEqual({ 'unsupported-media-type': 2 });
  });

  it('refuses a body over the limit with 413 JSON and keeps serving', async () => {
    const a = await start({ http: { bodyLimitBytes: 4096 } });
    const line = `${JSON.stringify({ code: 200, reason: 'x'.repeat(200) })}\n`;
    const huge = line.repeat(200);
    const r = await post(a, '/api/v1/events', huge, NDJSON);
    expect(r).toMatchObject({ status: 413, body: { error: 'too-large', limit: 4096 } });
    expect(a.events).toEqual([]);
    expect((await post(a, '/api/v1/events', line, NDJSON)).body.accepted).toBe(1);
    expect(a.stats().channels.http.sinceStart.rejected).toEqual({ 'too-large': 1 });
  });

  it('clamps an event time far in the future to its arrival and counts it', async () => {
    const a = await start();
    await post(a, '/api/v1/events', JSON.stringify({ code: 200, ts: T0 + 3_600_000 }), JSON_TYPE);
    expect(a.events[0]!.ts).toBe(T0);
    expect(a.stats().channels.http.sinceStart.clamped).toBe(1);
  });

  it('puts an event claiming a time before the live hour at its arrival, so history cannot be rewritten', async () => {
    const a = await start();
    const items = [
      { code: 503, ts: T0 - 29 * 86_400_000 }, // 29 days ago: inside retention, outside the allowed skew
      { code: 503, ts: T0 - 3_599_000 }, // within the hour: believed
    ];
    await post(a, '/api/v1/events', items.map((i) => JSON.stringify(i)).join('\n'), 'application/x-ndjson');
    expect(a.events.map((e) => e.ts)).toEqual([T0, T0 - 3_599_000]);
    expect(a.stats().channels.http.sinceStart.clamped).toBe(1);
    a.app.tickNow();
    const dayAgo = await fetch(
      `${a.base}/api/v1/summary?from=${T0 - 30 * 86_400_000}&to=${T0 - 28 * 86_400_000}`,
    );
    expect(((await dayAgo.json()) as { kpis: { responses: number } }).kpis.responses).toBe(0);
  });

  it('maps trunks from the IP table and masks user parts when configured', async () => {
    const a = await start({
      ingest: {
        maskUserParts: true,
        trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24', '2001:db8::/32'] }],
      },
    });
    const items = [
      {
        code: 503,
        srcIp: '203.0.113.9',
        from: '<sip:+4930123@pbx.example>;tag=1',
        to: 'sip:+4940555@carrier',
      },
      { code: 503, dstIp: '2001:db8::1' },
      { code: 503, srcIp: '198.51.100.1' },
    ];
    await post(a, '/api/v1/events', JSON.stringify(items), JSON_TYPE);
    expect(a.events.map((e) => e.trunk)).toEqual(['carrier-a', 'carrier-a', undefined]);
    expect(a.events[0]).toMatchObject({ from: 'sip:***@pbx.example', to: 'sip:***@carrier' });
    expect(a.events[0]!.raw).not.toContain('4930123');
  });
});

describe('ingest authentication', () => {
  const token = 'ingest-secret-123';

  it('needs a valid bearer token on every ingestion route when tokens are configured', async () => {
    const a = await start({
      auth: { ingest: [token], viewer: ['viewer-secret-789'] },
      ingest: { mappings: { m: { code: 'c' } } },
    });
    const body = JSON.stringify({ code: 200 });
    for (const [path, type, payload] of [
      ['/api/v1/events', JSON_TYPE, body],
      [
        '/api/v1/webhooks/twilio',
        'application/x-www-form-urlencoded',
        'SipResponseCode=200&CallStatus=completed',
      ],
      ['/api/v1/webhooks/freeswitch', JSON_TYPE, webhookFixture('freeswitch-json-cdr-normal.json')],
      ['/api/v1/webhooks/generic/m', JSON_TYPE, '{"c":200}'],
    ] as const) {
      const none = await post(a, path, payload, type);
      expect(none.status, path).toBe(401);
      expect(none.body).toMatchObject({ error: 'unauthorized' });
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(
        (await post(a, path, payload, type, { authorization: 'Bearer wrong-token-000' })).status,
        path,
      ).toBe(401);
      expect((await post(a, path, payload, type, { authorization: `Bearer ${token}` })).status, path).toBe(
        200,
      );
    }
    const basic = `Basic ${Buffer.from(`fs:${token}`).toString('base64')}`;
    expect((await post(a, '/api/v1/events', body, JSON_TYPE, { authorization: basic })).status).toBe(200);
    expect(a.events).toHaveLength(5);

    // The intake's figures are for viewers: a sender's token does not read them.
    expect((await get(a, '/api/v1/ingest/stats')).status).toBe(401);
    expect((await get(a, '/api/v1/ingest/stats', { authorization: `Bearer ${token}` })).status).toBe(403);
    const stats = await get(a, '/api/v1/ingest/stats', { authorization: 'Bearer viewer-secret-789' });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      channels: { http: { sinceStart: { accepted: 5, rejected: { unauthorized: 8 } } } },
    });
  });

  it('lets the admin token read the stats, but not send events', async () => {
    const a = await start({ auth: { ingest: [token], admin: ['admin-secret-456'] } });
    expect(
      (await get(a, '/api/v1/ingest/unparsed', { authorization: 'Bearer admin-secret-456' })).status,
    ).toBe(200);
    expect(
      (
        await post(a, '/api/v1/events', '{"code":200}', JSON_TYPE, {
          authorization: 'Bearer admin-secret-456',
        })
      ).status,
    ).toBe(403);
  });
});

describe('POST /api/v1/webhooks/twilio', () => {
  const FORM = 'application/x-www-form-urlencoded';
  const sample = webhookFixture('twilio-status-callback-no-answer.form').trim();

  it('turns the status callback into a call outcome', async () => {
    // The sample is from 2016: believe its time, as a backfill would.
    const a = await start({ ingest: { pastSkewMs: BELIEVE_ANY_PAST } });
    const r = await post(a, '/api/v1/webhooks/twilio', sample, FORM);
    expect(r).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(a.events[0]).toMatchObject({
      code: 487,
      method: 'INVITE',
      scope: 'call',
      from: '+12013800532',
      direction: 'outbound',
      ts: Date.UTC(2016, 10, 1, 1, 59, 13),
      source: { channel: 'http', format: 'twilio' },
    });
  });

  it('counts progress callbacks without an outcome as unparsed', async () => {
    const a = await start();
    const r = await post(a, '/api/v1/webhooks/twilio', 'CallSid=CA1&CallStatus=ringing', FORM);
    expect(r).toMatchObject({ status: 200, body: { accepted: 0, unparsed: 1 } });
    const samples = (await get(a, '/api/v1/ingest/unparsed?channel=http')).body.samples as UnparsedSample[];
    expect(samples).toEqual([
      { at: T0, channel: 'http', host: '127.0.0.1', line: 'CallSid=CA1&CallStatus=ringing' },
    ]);
  });

  it('verifies X-Twilio-Signature when the auth token is configured', async () => {
    const a = await start({ ingest: { twilioAuthToken: 'twilio-auth-token' } });
    const url = `${a.base}/api/v1/webhooks/twilio`;
    const sig = twilioSignature('twilio-auth-token', url, new URLSearchParams(sample));
    expect(
      (await post(a, '/api/v1/webhooks/twilio', sample, FORM, { 'x-twilio-signature': sig })).status,
    ).toBe(200);
    const missing = await post(a, '/api/v1/webhooks/twilio', sample, FORM);
    expect(missing).toMatchObject({ status: 403, body: { error: 'bad-signature' } });
    const tampered = sample.replace('SipResponseCode=487', 'SipResponseCode=200');
    expect(
      (await post(a, '/api/v1/webhooks/twilio', tampered, FORM, { 'x-twilio-signature': sig })).status,
    ).toBe(403);
    expect(a.events).toHaveLength(1);
    // (The 2016 sample is also refused downstream as older than the retention.)
    expect(a.stats().channels.http.sinceStart.rejected).toMatchObject({ 'bad-signature': 2 });
  });

  it('refuses JSON with 415', async () => {
    expect((await post(await start(), '/api/v1/webhooks/twilio', '{}', JSON_TYPE)).status).toBe(415);
  });
});

describe('POST /api/v1/webhooks/freeswitch', () => {
  const cancel = webhookFixture('freeswitch-json-cdr-cancel.json');

  it('accepts mod_json_cdr as raw JSON, cdr= url-encoded and cdr= base64', async () => {
    const a = await start();
    const compact = JSON.stringify(JSON.parse(cancel));
    const bodies: [string, string][] = [
      [cancel, 'application/json'],
      [`cdr=${encodeURIComponent(compact)}`, 'application/x-www-form-urlencoded'],
      [`cdr=${Buffer.from(compact).toString('base64')}`, 'application/x-www-form-base64-encoded'],
    ];
    for (const [body, type] of bodies) {
      expect((await post(a, '/api/v1/webhooks/freeswitch?uuid=abc', body, type)).body, type).toMatchObject({
        accepted: 1,
      });
    }
    expect(a.events.map((e) => [e.code, e.cancelled, e.scope, e.method, e.source.format])).toEqual(
      Array(3).fill([487, true, 'call', 'INVITE', 'freeswitch-json-cdr']),
    );
  });

  it('reads the normal call sample as 200 and counts a CDR without outcome as unparsed', async () => {
    const a = await start();
    await post(
      a,
      '/api/v1/webhooks/freeswitch',
      webhookFixture('freeswitch-json-cdr-normal.json'),
      'application/json',
    );
    expect(a.events[0]).toMatchObject({ code: 200, srcIp: '10.10.10.100', direction: 'inbound' });
    const none = await post(
      a,
      '/api/v1/webhooks/freeswitch',
      '{"variables":{"hangup_cause":"NONE"}}',
      'application/json',
    );
    expect(none.body).toMatchObject({ accepted: 0, unparsed: 1 });
  });

  it('refuses a malformed CDR with 400', async () => {
    const r = await post(await start(), '/api/v1/webhooks/freeswitch', '{"variables": {', 'application/json');
    expect(r).toMatchObject({ status: 400, body: { error: 'malformed-json', line: 1 } });
  });
});

eachWorkerCount('POST /api/v1/webhooks/generic/:name', () => {
  const mappings = {
    telnyx: {
      code: 'data.payload.sip_hangup_cause',
      reason: 'data.payload.hangup_cause',
      ts: 'data.occurred_at',
      callId: 'data.payload.call_session_id',
      from: 'data.payload.from',
      to: 'data.payload.to',
    },
    yeastar: { code: 'reason', callId: 'callid', trunk: 'outbound.trunk|inbound.trunk', to: 'outbound.to' },
  };

  it('maps the Telnyx and Yeastar samples with the configured dotted paths', async () => {
    const a = await start({ ingest: { mappings, pastSkewMs: BELIEVE_ANY_PAST } });
    const telnyx = await post(
      a,
      '/api/v1/webhooks/generic/telnyx',
      webhookFixture('telnyx-call-hangup.json'),
      JSON_TYPE,
    );
    const yeastar = await post(
      a,
      '/api/v1/webhooks/generic/yeastar',
      webhookFixture('yeastar-call-failed.json'),
      JSON_TYPE,
    );
    expect([telnyx.body.accepted, yeastar.body.accepted]).toEqual([1, 1]);
    expect(a.events[0]).toMatchObject({
      code: 603,
      reason: 'call_rejected',
      scope: 'call',
      method: 'INVITE',
      ts: Date.parse('2018-02-02T22:25:27.521Z'),
      source: { format: 'generic:telnyx' },
    });
    expect(a.events[1]).toMatchObject({
      code: 486,
      reason: 'Busy Here',
      trunk: 'Wanatel-1',
      to: '70871520926',
    });
  });

  it('counts payloads without the mapped code as unparsed and answers 404 for unknown mappings', async () => {
    const a = await start({ ingest: { mappings } });
    const other = await post(
      a,
      '/api/v1/webhooks/generic/telnyx',
      '{"data":{"event_type":"call.initiated"}}',
      JSON_TYPE,
    );
    expect(other).toMatchObject({ status: 200, body: { accepted: 0, unparsed: 1 } });
    const unknown = await post(a, '/api/v1/webhooks/generic/nope', '{}', JSON_TYPE);
    expect(unknown).toMatchObject({ status: 404, body: { error: 'unknown-mapping' } });
  });
});

eachWorkerCount('GET /api/v1/ingest/stats and /unparsed', () => {
  it('reports counts per channel and host, since start and for the last minute', async () => {
    const a = await start();
    await post(a, '/api/v1/events', '[{"code":200},{"code":1000}]', JSON_TYPE);
    let s = (await get(a, '/api/v1/ingest/stats')).body as Record<string, never>;
    expect(s).toMatchObject({
      startedAt: T0,
      now: T0,
      sinceStart: { accepted: 1, rejectedTotal: 1 },
      lastMinute: { accepted: 1, rejectedTotal: 1 },
      channels: { http: { sinceStart: { accepted: 1, rejected: { 'invalid-code': 1 } } } },
      hosts: [{ channel: 'http', host: '127.0.0.1', sinceStart: { accepted: 1 } }],
    });
    a.clock.advance(61_000);
    s = (await get(a, '/api/v1/ingest/stats')).body as Record<string, never>;
    expect(s).toMatchObject({ sinceStart: { accepted: 1 }, lastMinute: { accepted: 0, rejectedTotal: 0 } });
  });

  it('validates the unparsed query', async () => {
    const a = await start();
    expect((await get(a, '/api/v1/ingest/unparsed?channel=fax')).status).toBe(400);
    expect((await get(a, '/api/v1/ingest/unparsed?limit=-1')).status).toBe(400);
    expect((await get(a, '/api/v1/ingest/unparsed?limit=5')).body).toEqual({ samples: [] });
  });
});
