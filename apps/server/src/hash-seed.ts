import { randomBytes } from 'node:crypto';
import type { HashSeed } from './core/hash53.js';

/**
 * The seed of this process's Call-ID hashes (dedupe table, call tracker), drawn once at start:
 * nobody outside can know which Call-IDs would crowd one slot.
 */
export const PROCESS_HASH_SEED: HashSeed = (() => {
  const bytes = randomBytes(8);
  return [bytes.readUInt32LE(0), bytes.readUInt32LE(4)] as const;
})();
