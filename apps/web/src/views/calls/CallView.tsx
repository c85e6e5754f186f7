import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { CallDetail } from '@sipwatch/wire';
import { buildLadder, callFileName, textLadder } from '@sipwatch/wire';
import { formatDateTime, formatDelay } from '@sipwatch/wire/metrics';
import { ApiError } from '../../api/client';
import { useApi, useQuery } from '../../api/react';
import { CATEGORY_COLORS } from '../../lib/palette';
import { Ladder } from './Ladder';

/** Saves a blob under a name (an object URL on a link the page clicks, then given back). */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Summary({ detail }: { detail: CallDetail }) {
  const { call } = detail;
  return (
    <dl className="call-facts" data-testid="call-facts">
      <div>
        <dt>Outcome</dt>
        <dd>
          <span
            className="swatch"
            style={{ background: CATEGORY_COLORS[call.category] }}
            aria-hidden="true"
          />
          {call.code === undefined ? (
            <strong data-testid="call-no-final">No final response</strong>
          ) : (
            <>
              <Link to={`/codes/${call.code}`}>{call.code}</Link> {call.reason ?? ''}
            </>
          )}{' '}
          ({call.result}, {call.category})
        </dd>
      </div>
      <div>
        <dt>Post-dial delay</dt>
        <dd data-testid="call-pdd">{call.pddMs === undefined ? '—' : formatDelay(call.pddMs)}</dd>
      </div>
      <div>
        <dt>Setup time</dt>
        <dd data-testid="call-setup">{call.setupMs === undefined ? '—' : formatDelay(call.setupMs)}</dd>
      </div>
      <div>
        <dt>Trunk</dt>
        <dd>{call.trunk ?? '—'}</dd>
      </div>
      <div>
        <dt>From</dt>
        <dd className="mono breakable">{call.from ?? '—'}</dd>
      </div>
      <div>
        <dt>To</dt>
        <dd className="mono breakable">{call.to ?? '—'}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatDateTime(call.startedAt)}</dd>
      </div>
      <div>
        <dt>Captured by</dt>
        <dd>{call.source}</dd>
      </div>
      <div>
        <dt>Messages</dt>
        <dd>
          {call.messages}
          {call.truncated ? ' (more were not kept: calls.maxMessagesPerCall)' : ''}
        </dd>
      </div>
    </dl>
  );
}

/** One kept call: its facts, its ladder, the ladder as text, and the exports. */
export default function CallView() {
  const { callId = '' } = useParams();
  const api = useApi();
  const { data, error, loading } = useQuery(`call:${callId}`, (a, signal) => a.call(callId, signal));
  const text = useMemo(
    () =>
      data
        ? textLadder(
            data.call,
            buildLadder(data.messages, (ip) => data.labels[ip]),
          )
        : '',
    [data],
  );
  const [note, setNote] = useState('');

  if (loading) return <p className="loading">Loading the call…</p>;
  if (error || !data) {
    const notKept = error instanceof ApiError && error.status === 404;
    return (
      <div>
        <h1 className="page-title">Call {callId}</h1>
        <p className="notice notice-warn" role="status">
          {notKept
            ? 'This call was not kept. sipwatch keeps whole calls from HEP capture only, and only failed calls within the budget of each minute and a sampled share of the others.'
            : `The call could not be read: ${error?.message ?? 'no answer'}`}
        </p>
        <p>
          <Link to="/calls">Search the kept calls</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="call-view">
      <h1 className="page-title">
        Call <span className="mono breakable">{data.call.callId}</span>
      </h1>
      <Summary detail={data} />
      <p className="call-exports">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(
              () => setNote('Text ladder copied'),
              () => setNote('Copying was refused by the browser; select the text below instead'),
            );
          }}
        >
          Copy the text ladder
        </button>
        {' · '}
        <button
          type="button"
          className="link-button"
          onClick={() =>
            save(new Blob([text], { type: 'text/plain' }), `${callFileName(data.call.callId)}.txt`)
          }
        >
          Download as text
        </button>
        {' · '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            api.callPcapng(data.call.callId).then(
              (blob) => save(blob, `${callFileName(data.call.callId)}.pcapng`),
              (err: unknown) => setNote(`The pcap-ng file could not be fetched: ${(err as Error).message}`),
            );
          }}
        >
          Download pcap-ng (Wireshark)
        </button>
        <span role="status" className="muted">
          {' '}
          {note}
        </span>
      </p>
      <Ladder detail={data} />
      <details className="panel">
        <summary>Text ladder (for screen readers and for pasting into a ticket)</summary>
        <pre className="raw" tabIndex={0} data-testid="text-ladder">
          <code>{text}</code>
        </pre>
      </details>
    </div>
  );
}
