import { formatAge, formatClock } from '@sipwatch/wire/metrics';
import { useLive } from '../../store/react';
import { lastDataAt as newestData } from '../../store/live-store';

/** "LIVE · 0 s" with the age of the last tick; says STALE or OFFLINE in words, not only colour. */
export function FreshnessBadge({ large = false }: { large?: boolean }) {
  const freshness = useLive((s) => s.freshness);
  const lastDataAt = useLive(newestData);
  const now = useLive((s) => s.now);
  const age = lastDataAt === null ? null : formatAge(now - lastDataAt);
  let text: string;
  switch (freshness.status) {
    case 'live':
      text = `Live · ${age ?? '—'}`;
      break;
    case 'stale':
      text = `Stale since ${freshness.since === null ? '—' : formatClock(freshness.since)}`;
      break;
    case 'disconnected':
      text = 'Disconnected';
      break;
    default:
      text = 'Connecting…';
  }
  return (
    <span
      className={`freshness freshness-${freshness.status}${large ? ' freshness-large' : ''}`}
      data-testid="freshness"
      data-status={freshness.status}
      title={lastDataAt === null ? 'No data yet' : `Last update at ${formatClock(lastDataAt)}`}
    >
      <span className="freshness-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
