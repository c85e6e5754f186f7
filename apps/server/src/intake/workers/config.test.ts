import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.js';

describe('intake.workers', () => {
  it('defaults to the cores but one, at least one, and takes 0 for the single-thread path', () => {
    expect(parseConfig({}).intake).toEqual({
      workers: Math.max(1, availableParallelism() - 1),
      maxBacklogBytes: 32 * 1024 * 1024,
    });
    expect(parseConfig({ intake: { workers: 0 } }).intake.workers).toBe(0);
    expect(parseConfig({ intake: { workers: 3 } }).intake.workers).toBe(3);
  });

  it('refuses what is not a thread count, naming the key', () => {
    for (const workers of [-1, 1.5, 65, '2']) {
      expect(() => parseConfig({ intake: { workers } } as never)).toThrow(ConfigError);
      expect(() => parseConfig({ intake: { workers } } as never)).toThrow(/intake\.workers/);
    }
    expect(() => parseConfig({ intake: { maxBacklogBytes: 0 } })).toThrow(/intake\.maxBacklogBytes/);
    expect(() => parseConfig({ intake: { threads: 2 } } as never)).toThrow(/intake/);
  });
});
