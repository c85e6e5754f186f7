import { until } from '@sipwatch/testing';
import { T0 } from '@sipwatch/testing';
import type { ApiErrorBody, CallDetail, CallsPage } from '@sipwatch/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../config.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';
import type { LiveApp } from '../test-support/live-app.js';
import { CALLER, CARRIER, callMaker, proxiedCallPackets, sipCallPackets } from '../test-support/sip-calls.js';
import type { CallSpec } from '../test-support/sip-calls.js';
import { sendUdp } from '../test-support/udp.js';

/** Whole calls kept from HEP, searched and read over the real HTTP API of a real server. */

const running: { live: LiveApp; cleanup(): void }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.live.stop();
    r.cleanup();
  }
});

async function start(config: ConfigInput = {}): Promise<LiveApp> {
  const { dir, cleanup } = tempDir();
  const live = await startLiveApp(dir, {
    config: {
      ...config,
      syslog: { udp: false, tcp: false },
      ingest: { trunks: [{ name: 'carrier-b', cidrs: [`${CARRIER.ip}/32`] }], ...config.ingest },
    },
  });
  running.push({ live, cleanup });
  return live;
}

const get = async <T>(live: LiveApp, path: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${live.base}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};

const call = callMaker('call', T0);

/** Sends the calls' packets, then flushes until the server keeps `expected` calls with `messages` in all. */
async function capture(
  live: LiveApp,
  specs: CallSpec[],
  expected: { calls: number; messages: number },
): Promise<CallsPage> {
  await sendUdp(
    live.ports.hepUdp!,
    specs.flatMap((s) => sipCallPackets(s)),
  );
  return until(
    async () => {
      live.app.flushNow();
      const { body } = await get<CallsPage>(live, '/api/v1/calls?limit=200');
      const messages = body.calls.reduce((n, c) => n + c.messages, 0);
      return body.calls.length === expected.calls && messages === expected.messages && body;
    },
    { what: () => `${expected.calls} calls with ${expected.messages} messages kept` },
  );
}

describe('whole calls from HEP', () => {
  it('keeps a failed call with every message in order, its retransmission marked, its timing and trunk', async () => {
    const live = await start();
    const spec = call({ retransmitFinal: true });
    await capture(live, [spec], { calls: 1, messages: 6 });

    const { status, body } = await get<CallDetail>(live, `/api/v1/calls/${encodeURIComponent(spec.callId)}`);
    expect(status).toBe(200);
    expect(body.messages.map((m) => m.startLine)).toEqual([
      `INVITE sip:${spec.to}@carrier.example SIP/2.0`,
      'SIP/2.0 100 Trying',
      'SIP/2.0 180 Ringing',
      'SIP/2.0 503 Service Unavailable',
      `ACK sip:${spec.to}@carrier.example SIP/2.0`,
      'SIP/2.0 503 Service Unavailable',
    ]);
    expect(body.messages.map((m) => m.retransmission)).toEqual([false, false, false, false, false, true]);
    expect(body.messages.map((m) => m.ts - spec.at)).toEqual([0, 10, 100, 200, 210, 700]);
    expect(body.messages[0]).toMatchObject({
      srcIp: '192.0.2.10',
      srcPort: 5060,
      dstIp: CARRIER.ip,
      dstPort: CARRIER.port,
    });
    // The whole message, SDP body included.
    expect(body.messages[0]!.text).toContain('m=audio 4000 RTP/AVP 0');
    expect(body.call).toMatchObject({
      callId: spec.callId,
      code: 503,
      reason: 'Service Unavailable',
      result: 'failed',
      category: 'network',
      trunk: 'carrier-b',
      source: 'proxy-1',
      from: `sip:${spec.from}@example.net`,
      to: `sip:${spec.to}@carrier.example`,
      pddMs: 100,
      setupMs: 200,
      messages: 6,
      truncated: false,
    });
    // The carrier by the trunk map; the caller's side by the capture agent that saw every message.
    expect(body.labels).toEqual({ [CARRIER.ip]: 'carrier-b', [CALLER.ip]: 'proxy-1' });

    const ladder = await fetch(`${live.base}/api/v1/calls/${encodeURIComponent(spec.callId)}/ladder`);
    expect(ladder.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await ladder.text();
    expect(text).toContain('Outcome: 503 Service Unavailable (failed, network)');
    expect(text).toContain('Timing: PDD 100 ms, setup 200 ms');
    expect(text).toContain(`B = ${CARRIER.ip}:${CARRIER.port} (carrier-b)`);
    const rows = text.split('\n').filter((l) => /^\s+\+\d/.test(l));
    expect(rows.map((r) => r.replace(/^.*Z {2}/, ''))).toEqual([
      `A -> B  INVITE`,
      'B -> A  100 Trying',
      'B -> A  180 Ringing',
      'B -> A  503 Service Unavailable',
      'A -> B  ACK',
      'B -> A  503 Service Unavailable  [retransmission]',
    ]);
  });

  it('finds calls by Call-ID, number prefix, trunk and code, a page at a time', async () => {
    const live = await start({ calls: { sampleShare: 1 } });
    const failed = [call(), call(), call()];
    const busy = call({ finalCode: 486, finalReason: 'Busy Here', from: '+3312340001', to: '+4940999' });
    const answered = call({ finalCode: 200, finalReason: 'OK', from: '+3312340002' });
    await capture(live, [...failed, busy, answered], { calls: 5, messages: 3 * 5 + 5 + 7 });

    const ids = async (query: string): Promise<string[]> =>
      (await get<CallsPage>(live, `/api/v1/calls?${query}`)).body.calls.map((c) => c.callId);
    expect(await ids(`callId=${encodeURIComponent(failed[1]!.callId)}`)).toEqual([failed[1]!.callId]);
    expect(await ids('fromUser=%2B331234')).toEqual([answered.callId, busy.callId]);
    expect(await ids('toUser=%2B4940999')).toEqual([busy.callId]);
    expect(await ids('number=%2B4940999')).toEqual([busy.callId]);
    expect(await ids('number=%2B331234000')).toEqual([answered.callId, busy.callId]);
    expect(await ids('trunk=carrier-b&code=503')).toEqual(failed.map((c) => c.callId).reverse());
    expect(await ids('code=486')).toEqual([busy.callId]);
    expect(await ids(`from=${failed[2]!.at}&to=${busy.at + 1}`)).toEqual([busy.callId, failed[2]!.callId]);

    const first = await get<CallsPage>(live, '/api/v1/calls?code=503&limit=2');
    expect(first.body.calls.map((c) => c.callId)).toEqual([failed[2]!.callId, failed[1]!.callId]);
    expect(first.body.nextCursor).not.toBeNull();
    const second = await get<CallsPage>(
      live,
      `/api/v1/calls?code=503&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.calls.map((c) => c.callId)).toEqual([failed[0]!.callId]);
    expect(second.body.nextCursor).toBeNull();

    const answeredCall = await get<CallDetail>(live, `/api/v1/calls/${encodeURIComponent(answered.callId)}`);
    expect(answeredCall.body.call).toMatchObject({ result: 'answered', code: 200, category: 'success' });
    expect(answeredCall.body.messages.map((m) => m.startLine.split(' ')[0])).toEqual([
      'INVITE',
      'SIP/2.0',
      'SIP/2.0',
      'SIP/2.0',
      'ACK',
      'BYE',
      'SIP/2.0',
    ]);
  });

  it('answers bad parameters and unknown calls with the one error body', async () => {
    const live = await start();
    const bad = await get<ApiErrorBody>(live, '/api/v1/calls?code=99&limit=0&fromUser=a%20b&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid');
    expect(bad.body.errors!.map((e) => e.field).sort()).toEqual(['code', 'from', 'fromUser', 'limit']);
    const cursor = await get<ApiErrorBody>(live, '/api/v1/calls?cursor=abc');
    expect(cursor.body.errors).toEqual([
      { field: 'cursor', reason: 'expected the nextCursor of a previous page' },
    ]);
    const missing = await get<ApiErrorBody>(live, '/api/v1/calls/nobody%40nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 'not-found' });
    const pcap = await fetch(`${live.base}/api/v1/calls/nobody%40nowhere/pcapng`);
    expect(pcap.status).toBe(404);
    const long = await get<ApiErrorBody>(live, `/api/v1/calls/${'x'.repeat(300)}`);
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.reason).toMatch(/256/);
  });

  it('masks user parts everywhere a call is kept when ingest.maskUserParts is on', async () => {
    const live = await start({ ingest: { maskUserParts: true } });
    const spec = call();
    await capture(live, [spec], { calls: 1, messages: 5 });
    const { body } = await get<CallDetail>(live, `/api/v1/calls/${encodeURIComponent(spec.callId)}`);
    expect(body.call.from).toBe('sip:***@example.net');
    expect(body.call.to).toBe('sip:***@carrier.example');
    const everything = JSON.stringify(body);
    expect(everything).not.toContain(spec.from);
    expect(everything).not.toContain(spec.to);
    expect(body.messages[0]!.startLine).toBe('INVITE sip:***@carrier.example SIP/2.0');
    // The numbers are not kept, so a search by number finds nothing.
    expect(
      (await get<CallsPage>(live, `/api/v1/calls?number=${encodeURIComponent(spec.from)}`)).body.calls,
    ).toEqual([]);
    const pcap = Buffer.from(
      await (
        await fetch(`${live.base}/api/v1/calls/${encodeURIComponent(spec.callId)}/pcapng`)
      ).arrayBuffer(),
    );
    expect(pcap.includes(spec.from)).toBe(false);
  });

  it('keeps at most calls.failedPerMinute failed calls a minute and no more than calls.maxStored on disk', async () => {
    const live = await start({ calls: { failedPerMinute: 5, maxStored: 8, maxMessagesPerCall: 6 } });
    const storm = Array.from({ length: 40 }, () => call({ extraTrying: 3 }));
    // 40 failed calls in the first minute: 5 kept, each cut to 6 of its 8 messages.
    await capture(live, storm, { calls: 5, messages: 30 });
    const kept = (await get<CallsPage>(live, '/api/v1/calls?limit=200')).body.calls;
    expect(kept.every((c) => c.truncated && c.messages === 6)).toBe(true);
    // The first five of the storm (the budget is spent in arrival order).
    expect(kept.map((c) => c.callId).sort()).toEqual(
      storm
        .slice(0, 5)
        .map((c) => c.callId)
        .sort(),
    );
    // The rest of the storm is counted where an operator looks (once the intake has read all of
    // it: the five calls kept can be stored before the last packets of the storm are read).
    const metrics = await until(
      async () => {
        const text = await (await fetch(`${live.base}/metrics`)).text();
        return /^sipwatch_calls_over_budget_total 35$/m.test(text) && text;
      },
      { what: () => 'the 35 failed calls over the budget counted' },
    );
    expect(metrics).toMatch(/^sipwatch_calls_kept_total\{reason="failed"\} 5$/m);

    // The next minute has a budget of its own; the disk keeps the newest 8.
    live.clock.advance(60_000);
    const next = Array.from({ length: 40 }, () => call());
    await sendUdp(
      live.ports.hepUdp!,
      next.flatMap((s) => sipCallPackets(s)),
    );
    // Waits on which calls are kept whole: counts alone can match while a kept call's ACK is unwritten.
    const body = await until(
      async () => {
        live.app.flushNow();
        const page = (await get<CallsPage>(live, '/api/v1/calls?limit=200')).body;
        const fresh = page.calls.filter((c) => next.some((n) => n.callId === c.callId));
        return page.calls.length === 8 && fresh.length === 5 && fresh.every((c) => c.messages === 5) && page;
      },
      { what: 'the five calls of the next minute kept whole' },
    );
    expect(body.calls.reduce((n, c) => n + c.messages, 0)).toBe(3 * 6 + 5 * 5);
    const store = live.app.live.store;
    const row = store.db
      .prepare<[], { calls: number; messages: number; bytes: number }>(
        'SELECT (SELECT COUNT(*) FROM calls) AS calls, COUNT(*) AS messages, SUM(LENGTH(message)) AS bytes FROM call_messages',
      )
      .get()!;
    expect(row.calls).toBe(8);
    expect(row.messages).toBe(43);
    // Bounded: 8 calls of at most 6 messages, each well under a kilobyte of JSON here.
    expect(row.bytes).toBeLessThan(8 * 6 * 1024);
  });

  it('keeps the sampled share of answered calls only', async () => {
    const none = await start({ calls: { sampleShare: 0 } });
    const spec = call({ finalCode: 200, finalReason: 'OK' });
    await sendUdp(none.ports.hepUdp!, sipCallPackets(spec));
    const failed = call();
    // A failed call after it proves the answered one went through the intake and was not kept.
    await capture(none, [failed], { calls: 1, messages: 5 });
    expect((await get<CallsPage>(none, '/api/v1/calls')).body.calls.map((c) => c.callId)).toEqual([
      failed.callId,
    ]);
  });

  it('keeps calls that never got a final response once their window ends, within the failed budget', async () => {
    const live = await start({ calls: { failedPerMinute: 2 } });
    const silent = [call({ silent: true }), call({ silent: true }), call({ silent: true })];
    await sendUdp(
      live.ports.hepUdp!,
      silent.flatMap((s) => sipCallPackets(s)),
    );
    // A failed call after them proves their packets went through the intake, and that they wait.
    const failedBefore = call();
    await capture(live, [failedBefore], { calls: 1, messages: 5 });

    // 5 minutes without a message end their window: the budget of that minute keeps two of three.
    live.clock.advance(5 * 60_000 + 1000);
    const page = await until(
      async () => {
        live.app.flushNow();
        const { body } = await get<CallsPage>(live, '/api/v1/calls?limit=200');
        return body.calls.length === 3 && body;
      },
      { what: 'two calls with no final response kept', timeoutMs: 10_000 },
    );
    const kept = page.calls.filter((c) => c.callId !== failedBefore.callId);
    expect(kept.map((c) => c.callId)).toEqual([silent[1]!.callId, silent[0]!.callId]);
    for (const c of kept) {
      expect(c).toMatchObject({
        result: 'failed',
        category: 'network',
        trunk: 'carrier-b',
        source: 'proxy-1',
        messages: 3,
      });
      expect(c.code).toBeUndefined();
    }
    // A search by code does not find them; a search by trunk does.
    expect((await get<CallsPage>(live, '/api/v1/calls?code=503')).body.calls.map((c) => c.callId)).toEqual([
      failedBefore.callId,
    ]);
    const path = `/api/v1/calls/${encodeURIComponent(silent[0]!.callId)}`;
    const detail = await get<CallDetail>(live, path);
    expect(detail.body.messages.map((m) => m.startLine)).toEqual([
      `INVITE sip:${silent[0]!.to}@carrier.example SIP/2.0`,
      'SIP/2.0 100 Trying',
      'SIP/2.0 180 Ringing',
    ]);
    const ladder = await (await fetch(`${live.base}${path}/ladder`)).text();
    expect(ladder).toContain('Outcome: no final response (failed, network)');
    const metrics = await (await fetch(`${live.base}/metrics`)).text();
    expect(metrics).toMatch(/^sipwatch_calls_kept_total\{reason="unanswered"\} 2$/m);
    expect(metrics).toMatch(/^sipwatch_calls_over_budget_total 1$/m);
  });

  it('names the columns the trunk map does not know by the capture agent that captured there', async () => {
    const live = await start();
    const proxy = { ip: '198.51.100.7', port: 5060 };
    const named = call();
    const numbered = call();
    await sendUdp(live.ports.hepUdp!, [
      ...proxiedCallPackets(named, proxy, { nodeName: 'edge-proxy' }),
      ...proxiedCallPackets(numbered, proxy, { captureId: 2001 }),
    ]);
    await until(
      async () => {
        live.app.flushNow();
        const { body } = await get<CallsPage>(live, '/api/v1/calls?limit=200');
        return body.calls.length === 2 && body.calls.every((c) => c.messages === 10);
      },
      { what: 'both proxied calls kept whole' },
    );
    const detail = await get<CallDetail>(live, `/api/v1/calls/${encodeURIComponent(named.callId)}`);
    // The proxy is the one address in every message it captured; the caller stays unnamed.
    expect(detail.body.labels).toEqual({ [CARRIER.ip]: 'carrier-b', [proxy.ip]: 'edge-proxy' });
    expect(detail.body.messages.every((m) => m.agent === 'edge-proxy')).toBe(true);
    const ladder = await (
      await fetch(`${live.base}/api/v1/calls/${encodeURIComponent(named.callId)}/ladder`)
    ).text();
    expect(ladder).toContain(`A = ${CALLER.ip}:${CALLER.port}\n`);
    expect(ladder).toContain(`B = ${proxy.ip}:${proxy.port} (edge-proxy)`);
    expect(ladder).toContain(`C = ${CARRIER.ip}:${CARRIER.port} (carrier-b)`);
    // An agent that sends only its capture id is named by it.
    const byId = await get<CallDetail>(live, `/api/v1/calls/${encodeURIComponent(numbered.callId)}`);
    expect(byId.body.labels).toEqual({ [CARRIER.ip]: 'carrier-b', [proxy.ip]: '2001' });
    expect(byId.body.call.source).toBe('2001');
  });
});
