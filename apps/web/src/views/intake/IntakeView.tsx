import { useState } from 'react';
import { CHANNELS } from '@sipwatch/wire';
import type { Channel, IngestCounts } from '@sipwatch/wire';
import { formatCount, formatDateTime, formatPercent } from '@sipwatch/wire/metrics';
import { useQuery } from '../../api/react';
import { feedRows, intakeHeadline, listenerRows } from '../../lib/intake-health';
import type { FeedState } from '../../lib/intake-health';
import { ClusterNodes } from './ClusterNodes';

const REFRESH_MS = 5_000;
const SAMPLE_LIMIT = 50;

const STATE_TEXT: Record<FeedState, string> = {
  refused: 'Only refused or unreadable',
  silent: 'Silent for the last minute',
  receiving: 'Receiving',
};
const STATE_CLASS: Record<FeedState, string> = { refused: 'bad', silent: 'warn', receiving: 'ok' };

const reasonsText = (reasons: [string, number][]): string =>
  reasons.length === 0 ? '—' : reasons.map(([r, n]) => `${r} ×${formatCount(n)}`).join(', ');

function CountCells({ counts }: { counts: IngestCounts }) {
  return (
    <>
      <td className="num">{formatCount(counts.accepted)}</td>
      <td className="num">{formatCount(counts.rejectedTotal)}</td>
      <td className="num">{formatCount(counts.unparsed)}</td>
    </>
  );
}

/**
 * The intake as sipwatch sees it: which feeds send, which went quiet, what is refused and why,
 * what the listeners lost, and the lines it could not read (as text: they come from anyone who
 * reaches an intake port).
 */
export default function IntakeView() {
  const stats = useQuery('ingest-stats', (api, signal) => api.ingestStats(signal), REFRESH_MS);
  const [channel, setChannel] = useState<Channel | ''>('');
  const [host, setHost] = useState<string | null>(null);
  const sampleQuery = { ...(channel && { channel }), ...(host !== null && { host }), limit: SAMPLE_LIMIT };
  const samples = useQuery(
    `ingest-unparsed:${JSON.stringify(sampleQuery)}`,
    (api, signal) => api.unparsed(sampleQuery, signal),
    REFRESH_MS,
  );
  const data = stats.data;
  const feeds = data ? feedRows(data) : [];
  const listeners = data ? listenerRows(data) : [];

  return (
    <div className="intake-view">
      <h1 className="page-title">Intake</h1>
      {stats.error && (
        <p className="notice notice-bad" role="alert">
          {stats.error.message}
        </p>
      )}
      {stats.loading && <p className="loading">Loading…</p>}
      {data && (
        <>
          <p data-testid="intake-headline">{intakeHeadline(data)}</p>
          <p className="muted">
            Counted since the server started at {formatDateTime(data.startedAt)}; “last minute” is the 60
            seconds before {formatDateTime(data.now)}. Refreshed every {REFRESH_MS / 1000} s.
          </p>
          <ClusterNodes now={data.now} refreshMs={REFRESH_MS} />

          <h2>Channels</h2>
          <table className="data-table" aria-label="Intake by channel" tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col" className="num">
                  Accepted, last minute
                </th>
                <th scope="col" className="num">
                  Refused
                </th>
                <th scope="col" className="num">
                  Unreadable
                </th>
                <th scope="col" className="num">
                  Accepted since start
                </th>
                <th scope="col" className="num">
                  Refused
                </th>
                <th scope="col" className="num">
                  Unreadable
                </th>
                <th scope="col" className="num">
                  Time clamped
                </th>
              </tr>
            </thead>
            <tbody>
              {CHANNELS.filter((ch) => ch !== 'demo' || data.channels.demo.sinceStart.accepted > 0).map(
                (ch) => (
                  <tr key={ch} data-testid={`channel-${ch}`}>
                    <th scope="row">{ch}</th>
                    <CountCells counts={data.channels[ch].lastMinute} />
                    <CountCells counts={data.channels[ch].sinceStart} />
                    <td className="num">{formatCount(data.channels[ch].sinceStart.clamped)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>

          <h2>Listeners</h2>
          {listeners.length === 0 ? (
            <p className="empty">No listener has had to drop or hold back anything since start.</p>
          ) : (
            <table className="data-table" aria-label="Listeners" tabIndex={0}>
              <thead>
                <tr>
                  <th scope="col">Listener</th>
                  <th scope="col" className="num">
                    Dropped by sipwatch
                  </th>
                  <th scope="col" className="num">
                    Dropped by the kernel
                  </th>
                  <th scope="col" className="num">
                    Times held back
                  </th>
                </tr>
              </thead>
              <tbody>
                {listeners.map((l) => (
                  <tr key={l.name} data-testid="listener-row" className={l.losing ? 'row-bad' : undefined}>
                    <th scope="row">{l.name}</th>
                    <td className="num">{formatCount(l.dropped)}</td>
                    <td className="num">
                      {l.kernelDropped === undefined ? '—' : formatCount(l.kernelDropped)}
                    </td>
                    <td className="num">{formatCount(l.pushedBack)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted">
            Dropped: lost because the intake was behind (UDP senders cannot be made to wait). Held back: TCP
            reading paused or an HTTP request answered 503, so the sender retries and nothing is lost.
          </p>

          <h2>Feeds</h2>
          {feeds.length === 0 ? (
            <p className="empty">No feed has sent anything yet.</p>
          ) : (
            <table className="data-table" aria-label="Feeds by source host">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Host</th>
                  <th scope="col" className="num">
                    Accepted, last minute
                  </th>
                  <th scope="col" className="num">
                    Refused
                  </th>
                  <th scope="col" className="num">
                    Unreadable
                  </th>
                  <th scope="col" className="num">
                    Bad share
                  </th>
                  <th scope="col">Why refused</th>
                  <th scope="col" className="num">
                    Accepted since start
                  </th>
                </tr>
              </thead>
              <tbody>
                {feeds.map((f) => (
                  <tr
                    key={`${f.channel} ${f.host}`}
                    data-testid="feed-row"
                    className={host === f.host ? 'selected' : undefined}
                  >
                    <td className={`feed-state feed-${STATE_CLASS[f.state]}`}>{STATE_TEXT[f.state]}</td>
                    <td>{f.channel}</td>
                    <td className="mono breakable">
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Unreadable lines from ${f.host}`}
                        onClick={() => setHost(host === f.host ? null : f.host)}
                      >
                        {f.host}
                      </button>
                    </td>
                    <CountCells counts={f.lastMinute} />
                    <td className="num">{f.badShare === null ? '—' : formatPercent(f.badShare)}</td>
                    <td className="breakable">{reasonsText(f.reasons)}</td>
                    <td className="num">{formatCount(f.sinceStart.accepted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      <h2>Unreadable lines</h2>
      <div className="intake-sample-filter">
        <label>
          Channel{' '}
          <select value={channel} onChange={(e) => setChannel(e.target.value as Channel | '')}>
            <option value="">all</option>
            {CHANNELS.map((ch) => (
              <option key={ch} value={ch}>
                {ch}
              </option>
            ))}
          </select>
        </label>
        {host !== null && (
          <button type="button" onClick={() => setHost(null)}>
            From every host (now: {host})
          </button>
        )}
      </div>
      {samples.error && (
        <p className="notice notice-bad" role="alert">
          {samples.error.message}
        </p>
      )}
      {samples.data && samples.data.samples.length === 0 && (
        <p className="empty">No unreadable line kept{host === null ? '' : ` from ${host}`}.</p>
      )}
      {samples.data && samples.data.samples.length > 0 && (
        <ol className="intake-samples" aria-label="Unreadable lines, newest first">
          {samples.data.samples.map((s, i) => (
            <li key={`${s.at}-${i}`} data-testid="unparsed-sample">
              <div className="muted">
                {formatDateTime(s.at)} · {s.channel} · <span className="mono">{s.host}</span>
              </div>
              <pre className="raw" tabIndex={0}>
                {s.line}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
