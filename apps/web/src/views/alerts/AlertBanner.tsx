import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AlertView } from '@sipwatch/wire';
import { formatAge, formatClock } from '@sipwatch/wire/metrics';
import { parseViewState } from '../../lib/view-state';
import { firingAlerts } from '../../store/alerts';
import { useLive } from '../../store/react';
import { alertSliceLink } from './alert-slice';
import { formatMetricValue } from './format';
import './alert-banner.css';

const SHOWN = 5;

/** Drawn, not a font glyph: an emoji font may be missing on a wall display. */
function AlertIcon({ critical }: { critical: boolean }) {
  return (
    <svg className="alert-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {critical ? (
        <polygon points="7,1 17,1 23,7 23,17 17,23 7,23 1,17 1,7" className="alert-icon-shape" />
      ) : (
        <polygon points="12,1 23,22 1,22" className="alert-icon-shape" />
      )}
      <rect x="10.5" y={critical ? 5 : 8} width="3" height={critical ? 9 : 7} className="alert-icon-mark" />
      <rect x="10.5" y={critical ? 16 : 17} width="3" height="3" className="alert-icon-mark" />
    </svg>
  );
}

function AlertLine({
  alert,
  now,
  linked,
  more,
}: {
  alert: AlertView;
  now: number;
  linked: boolean;
  /** The wall: the other firing alerts, counted on the same line. */
  more?: string | undefined;
}) {
  const { rule, state } = alert;
  const critical = rule.severity === 'critical';
  const since = state.firingSince ?? state.since;
  return (
    <li
      className={`alert-line alert-${rule.severity}`}
      data-testid="alert-banner-item"
      data-severity={rule.severity}
      data-rule-id={rule.id}
    >
      <AlertIcon critical={critical} /> <strong>{critical ? 'CRITICAL' : 'WARNING'}</strong>{' '}
      <span className="alert-rule">{rule.name}</span>: {formatMetricValue(rule.metric, state.value)}{' '}
      (threshold {formatMetricValue(rule.metric, state.threshold)})
      <span className="alert-since">
        {' '}
        · firing since <time dateTime={new Date(since).toISOString()}>{formatClock(since)}</time>
        {now > since && ` (${formatAge(now - since)})`}
      </span>
      {state.ack && (
        <span className="alert-ack">
          {' '}
          · acknowledged by {state.ack.by}
          {state.ack.note && `: ${state.ack.note}`}
        </span>
      )}
      {state.silencedUntil !== null && (
        <span className="alert-ack"> · notifications silenced until {formatClock(state.silencedUntil)}</span>
      )}
      {more && <strong className="alert-more"> · {more}</strong>}
      {linked && (
        <>
          {' '}
          <Link
            to={alertSliceLink(rule, since, now)}
            className="alert-banner-link"
            aria-label={`Look into ${rule.name}`}
          >
            Look into it
          </Link>
        </>
      )}
    </li>
  );
}

/**
 * Firing alerts, critical first, on the overview and on the wall (through the layout's slot).
 * A critical alert stands out by colour, icon and word. Rule names and notes are user text:
 * rendered as text, never as markup.
 */
export function AlertBanner() {
  const alerts = useLive((s) => s.alerts);
  const now = useLive((s) => s.now);
  const [params] = useSearchParams();
  const kiosk = parseViewState(params).kiosk;
  const firing = useMemo(() => firingAlerts(alerts), [alerts]);
  if (firing.length === 0) return <div className="alert-slot" data-testid="alert-slot" hidden />;
  const critical = firing.some((a) => a.rule.severity === 'critical');
  return (
    <section
      className={`alert-slot alert-banner ${critical ? 'alert-banner-critical' : 'alert-banner-warning'}`}
      aria-label="Firing alerts"
      data-testid="alert-slot"
      data-severity={critical ? 'critical' : 'warning'}
    >
      <ul aria-live="polite">
        {kiosk ? (
          // The wall keeps its panels: one line, the worst alert and a count of the others.
          <AlertLine alert={firing[0]!} now={now} linked={false} more={othersFiring(firing.slice(1))} />
        ) : (
          <>
            {firing.slice(0, SHOWN).map((a) => (
              <AlertLine key={a.rule.id} alert={a} now={now} linked />
            ))}
            {firing.length > SHOWN && <li>and {firing.length - SHOWN} more</li>}
          </>
        )}
      </ul>
      {!kiosk && (
        <Link to="/alerts" className="alert-banner-link">
          Alert rules
        </Link>
      )}
    </section>
  );
}

/** "+2 more firing (1 critical, 1 warning)"; undefined when there are none. */
export function othersFiring(others: readonly AlertView[]): string | undefined {
  if (others.length === 0) return undefined;
  const critical = others.filter((a) => a.rule.severity === 'critical').length;
  const parts = [
    critical && `${critical} critical`,
    others.length - critical && `${others.length - critical} warning`,
  ];
  return `+${others.length} more firing (${parts.filter(Boolean).join(', ')})`;
}
