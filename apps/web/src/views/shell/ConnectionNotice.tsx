import { formatClock } from '@sipwatch/wire/metrics';
import { useLive } from '../../store/react';
import { lastDataAt as newestData } from '../../store/live-store';

/**
 * The prominent notice when the screen cannot be trusted: the socket dropped (it reconnects by
 * itself) or ticks stopped arriving. Says since when, so a glance tells how old the numbers are.
 */
export function ConnectionNotice() {
  const freshness = useLive((s) => s.freshness);
  const refused = useLive((s) => s.refused);
  const handshake = useLive((s) => s.handshakeRefusal);
  const lastDataAt = useLive(newestData);
  if (refused !== null) {
    return (
      <div className="notice notice-bad" role="alert" data-testid="connection-notice">
        <strong>The server refused this view&apos;s filters</strong>
        <span> ({refused}). Change or clear the filters; no live data is shown for them.</span>
      </div>
    );
  }
  // A refused token shows the sign-in screen instead; other refusals say why nothing is live.
  if (handshake !== null && handshake.error !== 'unauthorized') {
    return (
      <div className="notice notice-bad" role="alert" data-testid="connection-notice">
        <strong>The server refused the live connection</strong>
        <span> ({handshake.message}). No live data is shown.</span>
      </div>
    );
  }
  const asOf = asOfText(lastDataAt);
  if (freshness.status === 'disconnected') {
    return (
      <div className="notice notice-bad" role="alert" data-testid="connection-notice">
        <strong>Disconnected — reconnecting…</strong>
        {freshness.since !== null && (
          <span> The connection to the server dropped at {formatClock(freshness.since)}.</span>
        )}
        {asOf}
      </div>
    );
  }
  if (freshness.status === 'stale') {
    return (
      <div className="notice notice-warn" role="alert" data-testid="connection-notice">
        <strong>Data is stale since {freshness.since === null ? '—' : formatClock(freshness.since)}</strong>
        <span> No update from the server for 3 ticks or more.</span>
        {asOf}
      </div>
    );
  }
  return null;
}

function asOfText(lastDataAt: number | null) {
  if (lastDataAt === null) return null;
  return (
    <span data-testid="as-of"> The live figures are greyed: they are as of {formatClock(lastDataAt)}.</span>
  );
}
