import { T0 } from '@sipwatch/testing';
import { describe, expect, it } from 'vitest';
import { AlertRuleSpecSchema } from '@sipwatch/wire';
import type { AlertRuleInput, AlertState, Silence } from '@sipwatch/wire';
import { RESOLVED_HOLD_MS, acknowledge, disable, initialState, step } from './state-machine.js';
import type { TransitionDraft } from './state-machine.js';
import { silenceCovers, silencedUntil } from './silences.js';

const S = 1_000;

function rule(over: Partial<AlertRuleInput> = {}) {
  return AlertRuleSpecSchema.parse({
    name: 'failures',
    metric: 'failure_rate',
    threshold: 0.2,
    minVolume: 10,
    pendingFor: '30s',
    ...over,
  });
}

/** One evaluation per entry: [seconds after T0, value (null = none), volume]. */
type Point = [number, number | null, number];

function run(
  r: ReturnType<typeof rule>,
  series: Point[],
  opts: { silencedUntil?: number; from?: AlertState } = {},
) {
  let state = opts.from ?? initialState('r1', r.threshold, T0);
  const transitions: TransitionDraft[] = [];
  const states: AlertState[] = [];
  for (const [sec, value, volume] of series) {
    const result = step(r, state, { value, volume, at: T0 + sec * S }, opts.silencedUntil ?? null);
    state = result.state;
    states.push(state);
    transitions.push(...result.transitions);
  }
  return { state, states, transitions, path: transitions.map((t) => `${t.from}>${t.to}@${(t.at - T0) / S}`) };
}

const steady = (from: number, to: number, every: number, value: number | null, volume = 100): Point[] => {
  const out: Point[] = [];
  for (let s = from; s <= to; s += every) out.push([s, value, volume]);
  return out;
};

describe('pending duration', () => {
  it('fires only once the condition has held for pendingFor', () => {
    const { path, states } = run(rule(), [[0, 0.1, 100], ...steady(10, 50, 10, 0.3)]);
    expect(path).toEqual(['ok>pending@10', 'pending>firing@40']);
    expect(states.map((s) => s.state)).toEqual(['ok', 'pending', 'pending', 'pending', 'firing', 'firing']);
    expect(states.at(-1)!.firingSince).toBe(T0 + 40 * S);
  });

  it('a blip shorter than pendingFor goes back to ok without firing or notifying', () => {
    const { path, transitions } = run(rule(), [
      [0, 0.3, 100],
      [10, 0.3, 100],
      [20, 0.05, 100],
      [30, 0.3, 100],
    ]);
    expect(path).toEqual(['ok>pending@0', 'pending>ok@20', 'ok>pending@30']);
    expect(transitions.some((t) => t.notify)).toBe(false);
  });

  it('with pendingFor 0 goes straight from ok to firing and notifies', () => {
    const { transitions } = run(rule({ pendingFor: '0s' }), [[0, 0.5, 100]]);
    expect(transitions).toEqual([
      { from: 'ok', to: 'firing', value: 0.5, threshold: 0.2, at: T0, reason: 'condition met', notify: true },
    ]);
  });

  it('compares below for ASR rules', () => {
    const r = rule({ metric: 'asr_below', threshold: 0.4, pendingFor: '0s' });
    expect(r.comparison).toBe('lt');
    expect(run(r, [[0, 0.5, 100]]).path).toEqual([]);
    expect(run(r, [[0, 0.3, 100]]).path).toEqual(['ok>firing@0']);
  });
});

describe('minimum volume', () => {
  it('1 failure out of 2 calls is no data, not an alert', () => {
    const { path, state } = run(rule({ pendingFor: '0s' }), steady(0, 60, 10, 0.5, 2));
    expect(path).toEqual([]);
    expect(state).toMatchObject({ state: 'ok', noData: true, value: null, volume: 2 });
  });

  it('the same share over enough traffic fires', () => {
    expect(run(rule({ pendingFor: '0s' }), [[0, 0.5, 10]]).path).toEqual(['ok>firing@0']);
  });

  it('below the minimum follows the noData mode, here alerting', () => {
    const { path, transitions } = run(rule({ noData: 'alerting' }), steady(0, 30, 10, 0.5, 2));
    expect(path).toEqual(['ok>pending@0', 'pending>firing@30']);
    expect(transitions[1]!.reason).toBe('no data (alerting)');
  });

  it('volume_below has no minimum: zero traffic is the alert', () => {
    const r = rule({ metric: 'volume_below', threshold: 5, pendingFor: '0s' });
    const { path, state } = run(r, [[0, 0, 0]]);
    expect(path).toEqual(['ok>firing@0']);
    expect(state.noData).toBe(false);
  });
});

describe('hysteresis', () => {
  const wobbly: Point[] = [
    [0, 0.3, 100],
    [10, 0.15, 100],
    [20, 0.25, 100],
    [30, 0.15, 100],
    [40, 0.25, 100],
    [50, 0.05, 100],
  ];

  it('without a recovery threshold a value wobbling around the threshold flaps', () => {
    const { path } = run(rule({ pendingFor: '0s' }), wobbly);
    expect(path.filter((p) => p.startsWith('ok>firing') || p.startsWith('resolved>firing'))).toHaveLength(3);
  });

  it('with recoverAt the alert fires once and resolves only below the recovery threshold', () => {
    const { path, transitions, states } = run(rule({ pendingFor: '0s', recoverAt: 0.1 }), wobbly);
    expect(path).toEqual(['ok>firing@0', 'firing>resolved@50']);
    expect(transitions[1]).toMatchObject({ value: 0.05, threshold: 0.1, reason: 'recovered', notify: true });
    expect(states[1]).toMatchObject({ state: 'firing', threshold: 0.1 });
  });

  it('keepFiringFor holds firing until the condition has been clear that long', () => {
    const r = rule({ pendingFor: '0s', keepFiringFor: '1m' });
    const { path, states } = run(r, [
      [0, 0.5, 100],
      [10, 0.1, 100], // clear from here...
      [30, 0.5, 100], // ...but back: the clock restarts
      [40, 0.1, 100],
      [90, 0.1, 100],
      [100, 0.1, 100],
    ]);
    expect(path).toEqual(['ok>firing@0', 'firing>resolved@100']);
    expect(states[1]!.recoveringSince).toBe(T0 + 10 * S);
    expect(states[2]!.recoveringSince).toBeNull();
    expect(states[4]).toMatchObject({ state: 'firing', recoveringSince: T0 + 40 * S });
  });

  it('resolved shows for a while, then settles to ok quietly; a relapse goes to pending again', () => {
    const r = rule({ pendingFor: '10s' });
    const fired = run(r, [
      [0, 0.5, 100],
      [10, 0.5, 100],
      [20, 0.1, 100],
    ]);
    expect(fired.state.state).toBe('resolved');
    const settled = run(r, [[20 + RESOLVED_HOLD_MS / S, 0.1, 100]], { from: fired.state });
    expect(settled.transitions).toEqual([
      expect.objectContaining({ from: 'resolved', to: 'ok', reason: 'settled', notify: false }),
    ]);
    const relapse = run(r, [[30, 0.5, 100]], { from: fired.state });
    expect(relapse.path).toEqual(['resolved>pending@30']);
  });
});

describe('no data', () => {
  const firingThenSilent = (mode: 'ok' | 'alerting' | 'keep') =>
    run(rule({ pendingFor: '0s', noData: mode }), [
      [0, 0.5, 100],
      [10, null, 0],
      [20, null, 0],
    ]);

  it('ok: a firing alert resolves when the traffic stops', () => {
    const { path, transitions } = firingThenSilent('ok');
    expect(path).toEqual(['ok>firing@0', 'firing>resolved@10']);
    expect(transitions[1]!.reason).toBe('no data (ok)');
  });

  it('alerting: a firing alert keeps firing', () => {
    const { path, state } = firingThenSilent('alerting');
    expect(path).toEqual(['ok>firing@0']);
    expect(state).toMatchObject({ state: 'firing', noData: true, value: null });
  });

  it('keep: the state and its timers stay as they were', () => {
    expect(firingThenSilent('keep').state.state).toBe('firing');
    const r = rule({ pendingFor: '30s', noData: 'keep' });
    const { path, states } = run(r, [
      [0, 0.5, 100],
      [10, null, 0],
      [20, 0.5, 3], // below minVolume: no data too
      [30, 0.5, 100],
    ]);
    expect(states[1]).toMatchObject({ state: 'pending', since: T0 });
    expect(path).toEqual(['ok>pending@0', 'pending>firing@30']);
  });

  it('alerting: no data from the start fires after pendingFor', () => {
    const { path } = run(rule({ noData: 'alerting' }), steady(0, 40, 10, null, 0));
    expect(path).toEqual(['ok>pending@0', 'pending>firing@30']);
  });
});

describe('silence', () => {
  it('still evaluates and records transitions but suppresses their notifications', () => {
    const until = T0 + 60 * S;
    const r = rule({ pendingFor: '0s' });
    const silenced = run(r, [[0, 0.5, 100]], { silencedUntil: until });
    expect(silenced.path).toEqual(['ok>firing@0']);
    expect(silenced.transitions[0]!.notify).toBe(false);
    expect(silenced.state.silencedUntil).toBe(until);

    // The silence has ended by the time the alert resolves: that one is sent.
    const later = run(r, [[90, 0.1, 100]], { from: silenced.state, silencedUntil: until });
    expect(later.transitions[0]).toMatchObject({ to: 'resolved', notify: true });
    expect(later.state.silencedUntil).toBeNull();
  });

  it('a rule silence covers that rule; a scope silence covers the rules inside the scope', () => {
    const base = { until: T0 + 1, comment: '', createdAt: T0, createdBy: 'admin' };
    const byRule: Silence = { ...base, id: 's1', ruleId: 'r1', scope: null };
    const byTrunk: Silence = { ...base, id: 's2', ruleId: null, scope: { trunk: 'carrier-a' } };
    const all: Silence = { ...base, id: 's3', ruleId: null, scope: {} };
    const onA = { id: 'r2', scope: { trunk: 'carrier-a', method: 'INVITE' } };
    const onB = { id: 'r1', scope: { trunk: 'carrier-b' } };
    expect(silenceCovers(byRule, onB)).toBe(true);
    expect(silenceCovers(byRule, onA)).toBe(false);
    expect(silenceCovers(byTrunk, onA)).toBe(true);
    expect(silenceCovers(byTrunk, onB)).toBe(false);
    expect(silenceCovers(all, onB)).toBe(true);
  });

  it('an expired silence covers nothing; of several, the latest end counts', () => {
    const mk = (id: string, until: number): Silence => ({
      id,
      ruleId: 'r1',
      scope: null,
      until,
      comment: '',
      createdAt: T0,
      createdBy: 'admin',
    });
    const r = { id: 'r1', scope: {} };
    expect(silencedUntil(r, [mk('a', T0 - 1)], T0)).toBeNull();
    expect(silencedUntil(r, [mk('a', T0 + 5), mk('b', T0 + 9)], T0)).toBe(T0 + 9);
  });
});

describe('acknowledgement', () => {
  it('marks a firing alert until it resolves', () => {
    const r = rule({ pendingFor: '0s' });
    const fired = run(r, [[0, 0.5, 100]]).state;
    const acked = acknowledge(fired, { by: 'noc', note: 'carrier ticket 42', at: T0 + S });
    expect(acked.ok).toBe(true);
    if (!acked.ok) return;
    const still = run(r, [[10, 0.6, 100]], { from: acked.state });
    expect(still.state.ack).toEqual({ by: 'noc', note: 'carrier ticket 42', at: T0 + S });
    const resolved = run(r, [[20, 0.1, 100]], { from: still.state });
    expect(resolved.state).toMatchObject({ state: 'resolved', ack: null });
  });

  it('refuses alerts that are not firing, saying why', () => {
    const result = acknowledge(initialState('r1', 0.2, T0), { by: 'noc', note: '', at: T0 });
    expect(result).toEqual({ ok: false, reason: 'only a firing alert can be acknowledged (it is ok)' });
  });
});

describe('disable', () => {
  it('settles a firing rule to ok without notifying', () => {
    const fired = run(rule({ pendingFor: '0s' }), [[0, 0.5, 100]]).state;
    const { state, transitions } = disable(fired, T0 + S);
    expect(state).toMatchObject({ state: 'ok', firingSince: null });
    expect(transitions).toEqual([expect.objectContaining({ from: 'firing', to: 'ok', notify: false })]);
    expect(disable(state, T0 + 2 * S).transitions).toEqual([]);
  });
});
