import { describe, expect, it } from 'vitest';
import { PacedQueue } from './paced-queue.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A queue whose clock moves only when its work says so: each item "costs" `cost` ms. */
function queueWithClock(options: { sliceMs: number; maxItems: number; maxBytes: number }) {
  let clock = 0;
  const slices: number[][] = [];
  let current: number[] = [];
  const queue = new PacedQueue({
    ...options,
    now: () => clock,
    onSliceEnd: () => {
      slices.push(current);
      current = [];
    },
  });
  const work = (id: number, cost: number) => () => {
    current.push(id);
    clock += cost;
  };
  return { queue, work, slices };
}

describe('PacedQueue', () => {
  it('does at most a slice of work per turn, in order, and lets other callbacks run between slices', async () => {
    const { queue, work, slices } = queueWithClock({ sliceMs: 5, maxItems: 100, maxBytes: 1000 });
    for (let i = 0; i < 10; i++) queue.push(work(i, 2));
    // What else runs between turns (here the test itself) sees one more slice done each time.
    const seen: number[] = [];
    while (queue.size > 0) {
      await turn();
      seen.push(slices.length);
    }
    // 2 ms each, a 5 ms slice: the item that crosses the budget finishes, the next waits a turn.
    expect(slices).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(queue.bytes).toBe(0);
  });

  it('refuses offers past its item or byte bound and takes them again once drained', async () => {
    const { queue, work } = queueWithClock({ sliceMs: 5, maxItems: 3, maxBytes: 100 });
    expect([1, 2, 3, 4].map((i) => queue.offer(work(i, 0), 10))).toEqual([true, true, true, false]);
    while (queue.size > 0) await turn();
    expect(queue.offer(work(5, 0), 90)).toBe(true);
    expect(queue.offer(work(6, 0), 20)).toBe(false);
  });

  it('calls a paused reader back once it is half empty, and drains everything on close', async () => {
    const { queue, work, slices } = queueWithClock({ sliceMs: 1, maxItems: 4, maxBytes: 1000 });
    for (let i = 0; i < 6; i++) queue.push(work(i, 1));
    expect(queue.full).toBe(true);
    let resumedAt: number | undefined;
    queue.onRoom(() => (resumedAt = queue.size));
    while (resumedAt === undefined) await turn();
    expect(resumedAt).toBeLessThanOrEqual(2);
    queue.push(work(6, 1));
    queue.drainAll();
    expect(queue.size).toBe(0);
    expect(slices.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
