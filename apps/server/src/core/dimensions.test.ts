import { describe, expect, it } from 'vitest';
import { T0 } from '@sipwatch/testing';
import { DimensionTable, OTHER_ID } from './dimensions.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function table(options: { cap?: number; idleMs?: number; retentionMs?: number; allowed?: string[] } = {}) {
  return new DimensionTable('trunk', {
    cap: options.cap ?? 5,
    idleMs: options.idleMs ?? DAY,
    retentionMs: options.retentionMs ?? 30 * DAY,
    ...(options.allowed && { allowed: new Set(options.allowed) }),
  });
}

const fill = (t: DimensionTable, n: number, now: number, prefix = 'fake-'): number[] =>
  Array.from({ length: n }, (_, i) => t.idOf(`${prefix}${i}`, now));

describe('DimensionTable recycling', () => {
  it('folds past the cap, then gives a new name its own id once the old ones were idle long enough', () => {
    const t = table();
    fill(t, 6, T0);
    expect(t.idOf('real', T0)).toBe(OTHER_ID);
    expect(t.folded).toBe(2);
    expect(t.idOf('real', T0 + DAY - 1000)).toBe(OTHER_ID);
    const real = t.idOf('real', T0 + DAY + 1000);
    expect(real).toBeGreaterThan(OTHER_ID);
    expect(t.nameOf(real)).toBe('real');
    expect(t.activeCount).toBe(1);
    expect(t.recycled).toBe(5);
  });

  it('keeps a retired name on its id for the stored rows until retention has passed', () => {
    const t = table({ cap: 2, retentionMs: 10 * DAY });
    const [a] = fill(t, 2, T0);
    // Fill the id space (8 × cap + 2) with names that each go idle.
    for (let day = 1; t.size < t.idLimit; day++) fill(t, 2, T0 + day * 2 * DAY, `d${day}-`);
    expect(t.nameOf(a!)).toBe('fake-0');
    const later = T0 + 40 * DAY;
    const fresh = t.idOf('fresh', later);
    expect(fresh).toBe(a); // the id seen longest ago, now past retention
    expect(t.nameOf(fresh)).toBe('fresh');
    expect(t.find('fake-0')).toBeUndefined();
  });

  it('folds when every id is still referenced within retention', () => {
    const t = table({ cap: 1, retentionMs: 365 * DAY });
    for (let i = 0; t.size < t.idLimit; i++) expect(t.idOf(`n${i}`, T0 + i * 2 * DAY)).not.toBe(OTHER_ID);
    expect(t.idOf('one-more', T0 + 100 * DAY)).toBe(OTHER_ID);
  });

  it('a name seen again after retiring gets its old id back', () => {
    const t = table({ cap: 1 });
    const a = t.idOf('a', T0);
    expect(t.idOf('b', T0 + 2 * DAY)).not.toBe(OTHER_ID);
    expect(t.idOf('a', T0 + 2 * DAY)).toBe(OTHER_ID); // b holds the only place
    expect(t.idOf('a', T0 + 4 * DAY)).toBe(a);
  });

  it('reset retires every active name; history keeps the names', () => {
    const t = table();
    const ids = fill(t, 5, T0);
    expect(t.reset()).toBe(5);
    const real = t.idOf('real', T0 + 1000);
    expect(real).not.toBe(OTHER_ID);
    expect(ids.map((id) => t.nameOf(id))).toEqual(['fake-0', 'fake-1', 'fake-2', 'fake-3', 'fake-4']);
  });

  it('with an allow-list only those names get an id', () => {
    const t = table({ allowed: ['carrier-a'] });
    expect(t.idOf('made-up', T0)).toBe(OTHER_ID);
    expect(t.idOf('carrier-a', T0)).toBeGreaterThan(OTHER_ID);
    expect(t.folded).toBe(1);
  });

  it('cleans names before interning: a 60 KiB name becomes 128 characters', () => {
    const t = table();
    const id = t.idOf(`  ${'h'.repeat(60 * 1024)}`, T0);
    expect(t.nameOf(id)).toHaveLength(128);
    expect(t.idOf('h'.repeat(60 * 1024), T0)).toBe(id);
  });

  it('persists what it needs to resume the policy: last seen, retired', () => {
    const t = table({ cap: 2 });
    fill(t, 2, T0);
    t.takeUnsaved();
    // A busy name is written again only once its last sighting moved on by a minute.
    t.idOf('fake-0', T0 + 30_000);
    expect(t.takeUnsaved()).toEqual([]);
    t.idOf('fake-0', T0 + 61_000);
    expect(t.takeUnsaved()).toEqual([{ kind: 'trunk', id: 2, name: 'fake-0', lastSeen: T0 + 61_000 }]);
    t.reset();
    const saved = t.entries();
    expect(saved.every((e) => e.retired)).toBe(true);

    const resumed = table({ cap: 2 });
    resumed.load(saved, T0 + HOUR);
    expect(resumed.activeCount).toBe(0);
    expect(resumed.idOf('real', T0 + HOUR)).toBe(4);
    expect(resumed.nameOf(2)).toBe('fake-0');
  });

  it('a lowered cap keeps the names of ids above the new id limit for the stored rows', () => {
    const t = table({ cap: 5 });
    fill(t, 30, T0);
    for (let day = 1; t.size < 30; day++) fill(t, 5, T0 + day * 2 * DAY, `d${day}-`);
    const resumed = table({ cap: 1 });
    resumed.load(t.entries(), T0 + 100 * DAY);
    expect(resumed.idLimit).toBe(10);
    expect(resumed.nameOf(29)).toBe(t.nameOf(29));
    expect(resumed.idOf('new', T0 + 100 * DAY)).not.toBe(OTHER_ID);
  });

  it('a lowered cap at load retires the surplus', () => {
    const t = table({ cap: 5 });
    fill(t, 5, T0);
    const resumed = table({ cap: 2 });
    resumed.load(t.entries(), T0);
    expect(resumed.activeCount).toBe(2);
    expect(resumed.idOf('fake-0', T0)).toBe(2);
    expect(resumed.idOf('fake-4', T0)).toBe(OTHER_ID);
  });
});
