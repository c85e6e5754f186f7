import type { SipEvent } from '@sipwatch/wire';

/** A valid normalised event with sensible defaults; tests override what they are about. */
export function sipEvent(overrides: Partial<SipEvent> & Pick<SipEvent, 'code'>): SipEvent {
  const ts = overrides.ts ?? 1_700_000_000_000;
  return {
    ts,
    receivedAt: overrides.receivedAt ?? ts,
    scope: 'transaction',
    method: 'INVITE',
    source: { channel: 'http', format: 'json', host: 'proxy-1' },
    ...overrides,
  };
}
