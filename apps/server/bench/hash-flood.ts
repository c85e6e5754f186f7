import { Dedupe } from '../src/core/dedupe.js';
import { PROCESS_HASH_SEED } from '../src/hash-seed.js';
import { craftedCallIds, legacyDedupeKey, legacySlot } from '../src/test-support/crafted-call-ids.js';
import { sipEvent } from '@sipwatch/testing';
import { line } from './support.js';

/**
 * Hash flooding: 200,000 Call-IDs chosen to crowd the slots of the dedupe table as it was (fixed
 * hash seeds, slots from the low bits, linear probing) against 200,000 ordinary ones.
 *
 * - the table as it is (random per-process seed, lanes mixed before masking): time per admitted
 *   event, crafted against random, in the same run;
 * - the table as it was: probes per insert, counted on a linear-probing table sized the way the
 *   dedupe table grows (timing it would take hours: the probes grow with the square of the keys).
 */

const KEYS = 200_000;
const T0 = 1_700_000_000_000;

function randomCallIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${i.toString(36)}-${Math.random().toString(36).slice(2)}@pbx`);
}

function admitAll(callIds: readonly string[]): number {
  const events = callIds.map((callId) => sipEvent({ code: 486, callId, cseq: 1, method: 'INVITE' }));
  const d = new Dedupe(32_000, 1_000_000, PROCESS_HASH_SEED);
  const started = process.hrtime.bigint();
  for (const e of events) d.admit(e, T0);
  return Number(process.hrtime.bigint() - started) / events.length;
}

/** Mean probes per insert of the former slots into a table kept at most half full. */
function legacyProbes(callIds: readonly string[]): number {
  let capacity = 1024;
  let keys = new Float64Array(capacity);
  let count = 0;
  let probes = 0;
  const place = (table: Float64Array, k: number): number => {
    const mask = table.length - 1;
    let n = 1;
    for (let i = legacySlot(k, mask); table[i] !== 0; i = (i + 1) & mask) n++;
    table[(legacySlot(k, mask) + n - 1) & mask] = k;
    return n;
  };
  for (const id of callIds) {
    if ((count + 1) * 2 > capacity) {
      const old = keys;
      capacity *= 2;
      keys = new Float64Array(capacity);
      for (const k of old) if (k !== 0) place(keys, k);
    }
    probes += place(keys, legacyDedupeKey(id));
    count++;
  }
  return probes / callIds.length;
}

export async function run(): Promise<void> {
  const crafted = craftedCallIds(KEYS);
  const random = randomCallIds(KEYS);
  process.stdout.write(`dedupe table, ${KEYS.toLocaleString('en')} Call-IDs each\n`);
  // Warm up the code paths first, so the first measured set does not pay for compilation.
  admitAll(random.slice(0, 20_000));
  const r = admitAll(random);
  const c = admitAll(crafted);
  line('now, random Call-IDs', `${r.toFixed(0)} ns/event`);
  line('now, crafted Call-IDs', `${c.toFixed(0)} ns/event`);
  line('now, crafted / random', `${(c / r).toFixed(2)}×`, 'about 1');
  const lr = legacyProbes(random);
  const lc = legacyProbes(crafted);
  line('former hash, random: probes per insert', lr.toFixed(1));
  line('former hash, crafted: probes per insert', lc.toFixed(0));
  line('former hash, crafted / random', `${(lc / lr).toFixed(0)}×`);
}
