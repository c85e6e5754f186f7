import { describe, expect, it } from 'vitest';
import { CandidateSchema, prepareCandidate, validCandidate } from './normalise-schema.js';

/** Values each field may be sent with, valid and not. */
const TRIES: Record<string, unknown[]> = {
  code: [200, '486', 99, 700, 200.5, '2OO', null, Infinity],
  ts: [undefined, 1_736_164_800_000, 1_736_164_800, '2025-01-06T12:00:00Z', -1, 1.5, 'soon', 2 ** 60],
  method: [undefined, 'INVITE', 'invite', 'IN/VITE', 7, 'A'.repeat(40)],
  scope: [undefined, 'call', 'transaction', 'session', 1],
  cseq: [undefined, 1, '21 INVITE', -3, 2 ** 31, 'x'],
  srcPort: [undefined, 5060, '5060', 70_000, 1.5],
  inDialog: [undefined, true, 'false', 'yes', 0],
  callId: [undefined, 'a@b', 42, { id: 1 }, ''],
  raw: [undefined, 'line', 12, ['x']],
};

describe('the fast check of a prepared candidate', () => {
  it('accepts only what the schema accepts, giving what the schema gives, and takes the common case', () => {
    let fast = 0;
    const fields = Object.keys(TRIES);
    // Each field's values in turn, the others at their first (valid) value.
    for (const field of fields) {
      for (const value of TRIES[field]!) {
        const input: Record<string, unknown> = { code: 200 };
        input[field] = value;
        const prepared = prepareCandidate(input);
        const checked = validCandidate(prepared);
        const parsed = CandidateSchema.safeParse(prepared);
        if (checked) {
          fast++;
          expect({ field, value, ok: parsed.success }).toEqual({ field, value, ok: true });
          expect(checked).toEqual(parsed.data);
        }
      }
    }
    expect(fast).toBeGreaterThan(20);
    expect(
      validCandidate(
        prepareCandidate({
          code: '486',
          method: 'INVITE',
          callId: 'c',
          cseq: '1 INVITE',
          srcIp: '192.0.2.1',
        }),
      ),
    ).toBeDefined();
  });
});
