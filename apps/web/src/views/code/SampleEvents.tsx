import { Link } from 'react-router-dom';
import type { SipEvent } from '@sipwatch/wire';
import { formatDateTime } from '@sipwatch/wire/metrics';
import { callPath } from '../../lib/call-path';

/** The capture UI link for a Call-ID; only http(s) templates make links. */
export function callIdLink(template: string | null | undefined, callId: string): string | null {
  if (!template || !/^https?:\/\//i.test(template)) return null;
  return template.split('{callId}').join(encodeURIComponent(callId));
}

function CallId({ callId, template }: { callId: string | undefined; template: string | null | undefined }) {
  if (!callId) return <>—</>;
  const href = callIdLink(template, callId);
  // The ladder is sipwatch's own, when the call was kept; the capture tool's link stays beside it.
  const ladder = (
    <Link to={callPath(callId)} className="ladder-link" aria-label={`Ladder of call ${callId}`}>
      ladder
    </Link>
  );
  return href ? (
    <>
      <CaptureLink href={href} callId={callId} /> {ladder}
    </>
  ) : (
    <>
      <span>{callId}</span> {ladder}
    </>
  );
}

function CaptureLink({ href, callId }: { href: string; callId: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      aria-label={`Open call ${callId} in the capture tool`}
    >
      {callId}
    </a>
  );
}

/**
 * The most recent events of a code. Every string here came off the network (reason phrases,
 * URIs, raw lines): React renders them as text, and the raw line sits in a <pre><code>.
 */
export function SampleEvents({
  events,
  callIdTemplate,
}: {
  events: readonly SipEvent[];
  /** From /api/v1/ui-config: a capture tool (Homer, ...) URL with `{callId}`. */
  callIdTemplate?: string | null;
}) {
  if (events.length === 0) return <p className="empty">No events in this range.</p>;
  return (
    <table className="data-table samples" aria-label="Most recent events">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Trunk</th>
          <th scope="col">Source</th>
          <th scope="col">Method</th>
          <th scope="col">Reason</th>
          <th scope="col">Call-ID</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
        </tr>
      </thead>
      {events.map((e, i) => (
        <tbody key={`${e.ts}-${e.callId ?? ''}-${i}`} className="sample" data-testid="sample-event">
          <tr>
            <td className="nowrap">{formatDateTime(e.ts)}</td>
            <td>{e.trunk ?? '—'}</td>
            <td title={`${e.source.channel} / ${e.source.format}`}>{e.source.host}</td>
            <td>{e.method ?? '—'}</td>
            <td className="reason">{e.reason ?? '—'}</td>
            <td className="mono breakable">
              <CallId callId={e.callId} template={callIdTemplate} />
            </td>
            <td className="mono breakable">{e.from ?? '—'}</td>
            <td className="mono breakable">{e.to ?? '—'}</td>
          </tr>
          {e.raw !== undefined && e.raw !== '' && (
            <tr className="raw-row">
              <td colSpan={8}>
                {/* Focusable: a long line scrolls, and a keyboard must be able to scroll it. */}
                <pre className="raw" aria-label="Raw line" tabIndex={0}>
                  <code>{e.raw}</code>
                </pre>
              </td>
            </tr>
          )}
        </tbody>
      ))}
    </table>
  );
}
