import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { DemoPlan } from './plan.js';
import type { DemoEvent } from './plan.js';
import { toSyslogLine } from './transport.js';

/** Runs the plan in 250 ms steps, as the runner does. */
function run(plan: DemoPlan, clock: ManualClock, ms: number): DemoEvent[] {
  const out: DemoEvent[] = [];
  for (let t = 0; t < ms; t += 250) {
    clock.advance(250);
    out.push(...plan.due(clock.now()));
  }
  return out;
}

const finalsOf = (events: DemoEvent[], where: (e: DemoEvent) => boolean) =>
  events.filter((e) => e.method === 'INVITE' && e.code >= 200 && e.code !== 407 && where(e));

const share = (events: DemoEvent[], code: number) =>
  events.filter((e) => e.code === code).length / events.length;

describe('DemoPlan', () => {
  it('sends the configured rate on average, every event dated within its step', () => {
    const clock = new ManualClock(T0);
    const plan = new DemoPlan({ startedAt: T0, rate: 40, seed: 1 });
    let before = clock.now();
    let total = 0;
    for (let i = 0; i < 40; i++) {
      clock.advance(250);
      const events = plan.due(clock.now());
      for (const e of events) {
        expect(e.ts).toBeGreaterThan(before);
        expect(e.ts).toBeLessThanOrEqual(clock.now());
      }
      before = clock.now();
      total += events.length;
    }
    // 10 s at 40/s; whole exchanges only, so within one exchange of 400.
    expect(total).toBeGreaterThanOrEqual(400);
    expect(total).toBeLessThanOrEqual(406);
  });

  it('nothing is due twice, nothing when time stands still', () => {
    const clock = new ManualClock(T0);
    const plan = new DemoPlan({ startedAt: T0, rate: 100, seed: 2 });
    clock.advance(1000);
    expect(plan.due(clock.now()).length).toBeGreaterThan(0);
    expect(plan.due(clock.now())).toEqual([]);
  });

  it('a quiet first minute looks healthy: mostly 200/180/183, some 486/487/480/401/407', () => {
    const clock = new ManualClock(T0);
    const plan = new DemoPlan({ startedAt: T0, rate: 200, seed: 3 });
    const events = run(plan, clock, 55_000);
    expect(plan.incidentAt(clock.now())).toBeUndefined();
    const finals = finalsOf(events, () => true);
    expect(share(finals, 200)).toBeGreaterThan(0.5);
    expect(share(finals, 503)).toBeLessThan(0.03);
    for (const code of [180, 183, 486, 487, 480, 401, 407]) {
      expect(events.some((e) => e.code === code)).toBe(true);
    }
    expect(new Set(events.map((e) => e.trunk)).size).toBeGreaterThanOrEqual(5);
  });

  it('after a minute, a 503 storm hits carrier-b and only carrier-b', () => {
    const clock = new ManualClock(T0);
    const plan = new DemoPlan({ startedAt: T0, rate: 200, seed: 4 });
    run(plan, clock, 60_000);
    expect(plan.incidentAt(clock.now() + 1)).toMatchObject({ kind: '503-storm', target: 'carrier-b' });
    const storm = run(plan, clock, 60_000);
    expect(
      share(
        finalsOf(storm, (e) => e.trunk === 'carrier-b'),
        503,
      ),
    ).toBeGreaterThan(0.5);
    expect(
      share(
        finalsOf(storm, (e) => e.trunk === 'carrier-a'),
        503,
      ),
    ).toBeLessThan(0.05);
  });

  it('incidents rotate every three minutes: 503 storm, 408s from a gateway, 488s after a codec change, and end', () => {
    const plan = new DemoPlan({ startedAt: T0, rate: 10 });
    const at = (s: number) => plan.incidentAt(T0 + s * 1000)?.kind;
    expect(at(30)).toBeUndefined();
    expect(at(61)).toBe('503-storm');
    expect(at(125)).toBeUndefined();
    expect(at(241)).toBe('408-gateway');
    expect(at(421)).toBe('488-codec');
    expect(at(601)).toBe('503-storm');
  });

  it('408s come from the one gateway during its incident', () => {
    const clock = new ManualClock(T0 + 240_000);
    const plan = new DemoPlan({ startedAt: T0, rate: 300, seed: 5 });
    const events = run(plan, clock, 50_000);
    expect(
      share(
        finalsOf(events, (e) => e.gateway === 'gw-edge'),
        408,
      ),
    ).toBeGreaterThan(0.4);
    expect(
      share(
        finalsOf(events, (e) => e.gateway === 'sbc-east'),
        408,
      ),
    ).toBeLessThan(0.05);
  });

  it('formats a syslog line the key=value extractor reads', () => {
    const line = toSyslogLine({
      ts: T0,
      code: 503,
      reason: 'Service Unavailable',
      method: 'INVITE',
      scope: 'transaction',
      callId: 'abc@x',
      cseq: 1,
      trunk: 'carrier-b',
      gateway: 'sbc-east',
    });
    expect(line).toBe(
      '<134>1 2025-01-06T12:00:00.000Z sbc-east kamailio - - - reply: rs=503 rr="Service Unavailable" rm=INVITE ci=abc@x cs=1 trunk=carrier-b timestamp=1736164800000',
    );
  });
});
