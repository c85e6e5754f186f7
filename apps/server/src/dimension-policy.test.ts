import path from 'node:path';
import Database from 'better-sqlite3';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeDetail, Snapshot, Summary, Tick, TrunksResponse } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import type { ConfigInput } from './config.js';
import { T0 } from '@sipwatch/testing';
import { acceptedBy, startLiveApp, tempDir } from './test-support/live-app.js';
import type { LiveApp } from './test-support/live-app.js';
import { sendUdp } from './test-support/udp.js';

/**
 * The dimension and time policies of issue 12 against a real server and its SQLite file: fake trunk
 * names from syslog do not keep a real trunk in `other` (idle recycling, the admin reset), long
 * host names are cut, a flood of past minutes is written over several flushes, and the live view
 * follows the clock back.
 */

const HOUR = 3_600_000;
let tmp: ReturnType<typeof tempDir>;
let live: LiveApp;

/** A server on this test's directory; `restart` keeps the clock of the one before. */
async function start(config: ConfigInput = {}, restart = false): Promise<void> {
  live = await startLiveApp(tmp.dir, { ...(restart && { clock: live.clock }), config });
}

beforeEach(() => {
  tmp = tempDir();
});
afterEach(async () => {
  await live.stop();
  tmp.cleanup();
});

const accepted = (n: number): Promise<SipEvent[]> => acceptedBy(live.app, n);

let callSeq = 0;
/** One syslog line per trunk name, from host `sbc-1`, stamped with the test clock. */
async function sendTrunks(names: readonly string[], host = 'sbc-1'): Promise<void> {
  // A second back: the second `now` falls in is not closed yet.
  const stamp = new Date(live.clock.now() - 1000).toISOString();
  const lines = names.map(
    (t) => `<134>1 ${stamp} ${host} kamailio - - - reply: rs=503 rm=INVITE ci=c${callSeq++} cs=1 trunk=${t}`,
  );
  for (let i = 0; i < lines.length; i += 100) {
    const batch = lines.slice(i, i + 100);
    const arrived = accepted(batch.length);
    await sendUdp(live.ports.syslogUdp!, batch);
    await arrived;
  }
}

async function get<T>(p: string): Promise<T> {
  const res = await fetch(`${live.base}${p}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const trunkNames = async (query = 'window=1h'): Promise<string[]> =>
  (await get<TrunksResponse>(`/api/v1/trunks?${query}`)).trunks.map((t) => t.name);

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${live.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line === undefined ? NaN : Number(line.split(' ').at(-1));
}

const fakes = Array.from({ length: 600 }, (_, i) => `fake-${i}`);

describe('trunk names a sender makes up', () => {
  it('600 fake names fold past the cap; a day later the real trunk gets its own name, also after a restart', async () => {
    await start({ aggregation: { dimensionIdleMs: 24 * HOUR } });
    live.clock.set(T0 + 60_000);
    await sendTrunks(fakes);
    await sendTrunks(['carrier-real']);
    live.app.flushNow();
    let names = await trunkNames();
    expect(names.filter((n) => n.startsWith('fake-'))).toHaveLength(500);
    expect(names).toContain('other');
    expect(names).not.toContain('carrier-real');
    expect(await metric('sipwatch_dimension_names{dimension="trunk"}')).toBe(500);

    // The fakes stop; a day later the real trunk is back. The policy survives a restart meanwhile.
    await live.stop();
    live.clock.set(T0 + 60_000 + 24 * HOUR + 120_000);
    await start({ aggregation: { dimensionIdleMs: 24 * HOUR } }, true);
    await sendTrunks(['carrier-real']);
    live.app.flushNow();
    names = await trunkNames('window=5m');
    expect(names).toEqual(['carrier-real']);
    expect(await metric('sipwatch_dimension_names{dimension="trunk"}')).toBe(1);
    expect(await metric('sipwatch_dimension_recycled_total{dimension="trunk"}')).toBe(500);

    // Yesterday's rows still read with yesterday's names.
    const yesterday = await trunkNames(`from=${T0}&to=${T0 + 5 * 60_000}`);
    expect(yesterday.filter((n) => n.startsWith('fake-'))).toHaveLength(500);

    // A new flood is capped again, and the real trunk keeps its place; after a restart too.
    await sendTrunks(fakes.map((f) => `again-${f}`));
    await sendTrunks(['carrier-real']);
    live.app.flushNow();
    await live.stop();
    await start({ aggregation: { dimensionIdleMs: 24 * HOUR } }, true);
    await sendTrunks(['carrier-real', 'one-more-fake']);
    live.app.flushNow();
    const trunks = (await get<TrunksResponse>('/api/v1/trunks?window=5m')).trunks;
    expect(trunks.find((t) => t.name === 'carrier-real')?.responses).toBe(3);
    expect(trunks.filter((t) => t.name.startsWith('again-'))).toHaveLength(499);
    expect(trunks.map((t) => t.name)).not.toContain('one-more-fake');
    expect(await metric('sipwatch_dimension_names{dimension="trunk"}')).toBe(500);
  });

  it('an admin reset makes room at once; a bad kind is a 400 in the API error shape', async () => {
    await start();
    live.clock.set(T0 + 60_000);
    await sendTrunks(fakes);
    const reset = await fetch(`${live.base}/api/v1/admin/dimensions/trunk/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ kind: 'trunk', retired: 500 });
    await sendTrunks(['carrier-real']);
    expect(await trunkNames()).toContain('carrier-real');

    const bad = await fetch(`${live.base}/api/v1/admin/dimensions/colour/reset`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalid',
      message: 'kind: must be one of trunk, source, method',
      errors: [{ field: 'kind', reason: 'must be one of trunk, source, method' }],
    });
  });

  it('with trunkNamesFromMapOnly a sender cannot create trunk names', async () => {
    await start({
      aggregation: { trunkNamesFromMapOnly: true },
      ingest: { trunks: [{ name: 'carrier-a', cidrs: ['203.0.113.0/24'] }] },
    });
    live.clock.set(T0 + 60_000);
    await sendTrunks(['made-up', 'carrier-a']);
    const body = await get<TrunksResponse>('/api/v1/trunks?window=1h');
    expect(body.trunks.map((t) => t.name).sort()).toEqual(['carrier-a', 'other']);
    expect(body.folded).toBe(1);
  });
});

describe('a 60 KiB host name', () => {
  it('is stored as a name of at most 128 characters', async () => {
    await start();
    live.clock.set(T0 + 60_000);
    const host = 'h'.repeat(60 * 1024);
    await sendTrunks(['carrier-a'], host);
    live.app.flushNow();
    const detail = await get<CodeDetail>('/api/v1/codes/503?window=1h');
    const name = detail.stats.bySource[0]!.name;
    expect(name.length).toBeLessThanOrEqual(128);
    expect(name).toBe(`${'h'.repeat(127)}…`);
    const db = new Database(path.join(tmp.dir, 'sipwatch.db'), { readonly: true });
    try {
      const stored = db.prepare("SELECT name FROM dimensions WHERE kind = 'source'").pluck().all();
      expect(stored).toEqual([name]);
      const raw = db.prepare('SELECT source FROM raw_events').pluck().all();
      expect(raw).toEqual([name]);
    } finally {
      db.close();
    }
  });
});

describe('43,200 distinct past minutes', () => {
  it('are all stored, over several flushes of at most storage.pastMinutesPerFlush each', async () => {
    await start({ ingest: { pastSkewMs: 32 * 24 * HOUR }, aggregation: { retentionDays: 31 } });
    const now = T0 + 40 * 24 * HOUR;
    live.clock.set(now);
    const minutes = 43_200;
    const oldest = now - (minutes + 100) * 60_000;
    for (let start = 0; start < minutes; start += 10_000) {
      const items = Array.from({ length: Math.min(10_000, minutes - start) }, (_, i) => ({
        ts: oldest + (start + i) * 60_000 + 1000,
        code: 200,
        callId: `p${start + i}`,
      }));
      const res = await fetch(`${live.base}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(items),
      });
      expect(res.status).toBe(200);
    }
    const range = `from=${oldest}&to=${now - 60 * 60_000}`;
    const flushSizes: number[] = [];
    for (let flush = 0; flush < 50; flush++) {
      const result = live.app.flushNow();
      expect(result.ok).toBe(true);
      flushSizes.push(result.minutes);
      // Counted meanwhile: what waits is still in the answer.
      if (flush % 10 === 0)
        expect((await get<Summary>(`/api/v1/summary?${range}`)).kpis.responses).toBe(minutes);
      if ((await metric('sipwatch_past_minutes_pending')) === 0) break;
    }
    expect(Math.max(...flushSizes)).toBeLessThanOrEqual(1000);
    expect(flushSizes.slice(0, 43)).toEqual(Array(43).fill(1000));
    const db = new Database(path.join(tmp.dir, 'sipwatch.db'), { readonly: true });
    try {
      const stored = db
        .prepare('SELECT COUNT(*) FROM rollup_minute WHERE minute >= ? AND minute < ?')
        .pluck()
        .get(Math.floor(oldest / 60_000), Math.floor(now / 60_000));
      expect(stored).toBe(minutes);
    } finally {
      db.close();
    }
    expect((await get<Summary>(`/api/v1/summary?${range}`)).kpis.responses).toBe(minutes);
  });
});

describe('a backward wall-clock jump', () => {
  it('the live view shows new events at once instead of waiting for the clock to catch up', async () => {
    await start();
    live.clock.set(T0 + 3 * HOUR);
    await sendTrunks(['carrier-a']);
    live.app.tickNow();
    live.app.flushNow();

    live.clock.set(T0); // an NTP step three hours back
    live.app.tickNow();
    const client = connect(live.base, { transports: ['websocket'], reconnection: false });
    try {
      const snapshot = await new Promise<Snapshot>((resolve) => client.once('snapshot', resolve));
      expect(snapshot.serverTime).toBe(T0);
      live.clock.set(T0 + 1000);
      await sendTrunks(['carrier-b']);
      const tick = new Promise<Tick>((resolve) => client.once('tick', resolve));
      live.app.tickNow();
      expect((await tick).point).toMatchObject({ t: T0, responses: 1, byCode: { '503': 1 } });
      expect(await trunkNames('window=5m')).toEqual(['carrier-b']);
      expect(await metric('sipwatch_clock_backward_jumps_total')).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
