import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { CallDetail } from '@sipwatch/wire';
import { buildLadder, columnLetter, formatOffset } from '@sipwatch/wire';
import { formatDateTime } from '@sipwatch/wire/metrics';
import { CATEGORY_COLORS } from '../../lib/palette';

/**
 * The SIP ladder of one kept call: a column per address (named by the trunk map where known), an
 * arrow per message with its method or status, its time from the first message and its capture
 * time. Rows are one list of buttons: arrow keys move between them, Enter or a click shows the
 * whole message, as text. Every string came off the network; React renders it as text only.
 */
export function Ladder({ detail }: { detail: CallDetail }) {
  const ladder = useMemo(() => buildLadder(detail.messages, (ip) => detail.labels[ip]), [detail]);
  const [selected, setSelected] = useState<number | null>(null);
  const [focused, setFocused] = useState(0);
  const rows = useRef<(HTMLButtonElement | null)[]>([]);
  const n = ladder.columns.length;
  const finalIndex =
    detail.call.code === undefined
      ? -1
      : detail.messages.findIndex(
          (m) => m.code === detail.call.code && m.cseq?.endsWith('INVITE') && !m.retransmission,
        );

  const move = (to: number): void => {
    const i = Math.max(0, Math.min(ladder.arrows.length - 1, to));
    setFocused(i);
    rows.current[i]?.focus();
  };
  const onKey = (e: KeyboardEvent, i: number): void => {
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: ladder.arrows.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    move(to);
  };
  const columnName = (i: number): string => {
    const c = ladder.columns[i]!;
    return c.label !== undefined ? `${c.label} (${c.address})` : c.address;
  };
  const grid = { gridTemplateColumns: `7rem 11rem repeat(${n}, minmax(7rem, 1fr))` };
  const message = selected === null ? undefined : ladder.arrows[selected]?.message;

  return (
    <div className="ladder-wrap">
      <div className="ladder" role="group" aria-label="SIP ladder">
        <div className="ladder-row ladder-head" style={grid} aria-hidden="true">
          <span>From start</span>
          <span>Captured</span>
          {ladder.columns.map((c, i) => (
            <span key={c.address} className="ladder-column" data-testid="ladder-column">
              <b>{columnLetter(i)}</b> {c.label ?? ''}
              <span className="mono ladder-address">{c.address}</span>
            </span>
          ))}
        </div>
        <ol
          className="ladder-rows"
          aria-label={`${ladder.arrows.length} messages; arrow keys move, Enter shows one`}
        >
          {ladder.arrows.map((a, i) => {
            const left = Math.min(a.from, a.to);
            const right = Math.max(a.from, a.to);
            const rightward = a.to >= a.from;
            const isFinal = i === finalIndex;
            // The server's category of the outcome (it knows aggregation.categoryOverrides).
            const category = isFinal ? detail.call.category : undefined;
            const colour = category ? CATEGORY_COLORS[category] : undefined;
            const description = `${formatOffset(a.offsetMs)}, ${columnName(a.from)} to ${columnName(a.to)}: ${a.label}${a.message.retransmission ? ', retransmission' : ''}${category ? `, final response, ${category}` : ''}`;
            return (
              <li key={a.message.index}>
                <button
                  type="button"
                  ref={(el) => {
                    rows.current[i] = el;
                  }}
                  className={`ladder-row ladder-message${selected === i ? ' selected' : ''}${a.message.retransmission ? ' retransmission' : ''}`}
                  style={grid}
                  tabIndex={i === focused ? 0 : -1}
                  aria-pressed={selected === i}
                  aria-label={description}
                  data-testid="ladder-arrow"
                  onFocus={() => setFocused(i)}
                  onKeyDown={(e) => onKey(e, i)}
                  onClick={() => setSelected(selected === i ? null : i)}
                >
                  <span className="mono">{formatOffset(a.offsetMs)}</span>
                  <span className="mono nowrap">
                    {formatDateTime(a.message.ts)}.{String(Math.floor(a.message.ts % 1000)).padStart(3, '0')}
                  </span>
                  <span
                    className={`ladder-arrow ${rightward ? 'rightward' : 'leftward'}${a.from === a.to ? ' self' : ''}`}
                    style={{
                      gridColumn: `${left + 3} / ${right + 4}`,
                      // From the middle of one column to the middle of the other (percentages of
                      // the span's width: half a column at each end).
                      margin: `0 calc(100% / ${2 * (right - left + 1)})`,
                      ...(colour && { color: colour }),
                    }}
                  >
                    <span className="ladder-label">
                      {a.label}
                      {a.message.retransmission && (
                        <span className="chip ladder-retrans">retransmission</span>
                      )}
                      {category && <span className="chip">{category}</span>}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      {message && (
        <section className="panel ladder-message-text" aria-label="Message text">
          <h3>
            {formatOffset(message.ts - (detail.messages[0]?.ts ?? 0))} · {message.srcIp}:{message.srcPort} →{' '}
            {message.dstIp}:{message.dstPort}
            {message.retransmission ? ' · retransmission' : ''}
          </h3>
          {/* Focusable: long lines scroll, and a keyboard must be able to scroll them. */}
          <pre className="raw" tabIndex={0} data-testid="message-text">
            <code>{message.text}</code>
          </pre>
        </section>
      )}
    </div>
  );
}
