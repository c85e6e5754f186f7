import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CHALLENGE_CODES, CLASS_NAMES, REGISTRY, SIP_CLASSES, classify } from '@sipwatch/codes';
import type { SipClass } from '@sipwatch/codes';
import { describeGaps } from '../../charts/series-data';
import { CodeRateChart } from '../../charts/CodeRateChart';
import { CLASS_COLORS } from '../../lib/palette';
import { formatCount, formatPercent, ratio } from '@sipwatch/wire/metrics';
import { useViewState } from '../../lib/use-view-state';
import { RANGE_LABELS, isLiveRange } from '../../lib/view-state';
import { filterOptions, useHistoryOverview, useLiveOverview } from '../overview/use-overview';
import { Toolbar } from '../shell/Toolbar';

function isSipClass(value: string | undefined): value is SipClass {
  return (SIP_CLASSES as readonly string[]).includes(value ?? '');
}

interface CodeRow {
  code: number;
  phrase: string;
  count: number;
  registered: boolean;
  /** Why this code's count is not all failures, when it is not. */
  note?: string;
}

/** What the failure rate leaves out of a code's count, in words (kpis.md). */
function noteFor(code: number, count: number, abandoned: number): string | undefined {
  if (CHALLENGE_CODES.includes(code))
    return 'digest challenge: a normal step before the retry, not a failure';
  if (code === 487 && abandoned > 0)
    return `${formatCount(Math.min(abandoned, count))} abandoned by the caller (after CANCEL), not failures`;
  return undefined;
}

/** A class and its codes: which of them make up the class's traffic in the range. */
export default function ClassView() {
  const params = useParams();
  const [view, setView, carry] = useViewState();
  const live = isLiveRange(view.range);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const at = useMemo(() => Date.now(), [view.range, view.from, view.to]);
  const liveModel = useLiveOverview(view, live);
  const historyModel = useHistoryOverview(view, !live, at);
  const model = live ? liveModel : historyModel;
  const cls = isSipClass(params.cls) ? params.cls : null;

  const rows = useMemo<CodeRow[]>(() => {
    if (!cls || !model) return [];
    const byCode = model.byCode;
    const out = new Map<number, CodeRow>();
    for (const e of REGISTRY) {
      if (e.class === cls)
        out.set(e.code, {
          code: e.code,
          phrase: e.phrase,
          count: byCode[String(e.code)] ?? 0,
          registered: true,
        });
    }
    for (const [key, count] of Object.entries(byCode)) {
      const code = Number(key);
      const c = classify(code);
      if (c.ok && c.class === cls && !out.has(code))
        out.set(code, { code, phrase: 'Unregistered', count, registered: false });
    }
    const abandoned = model.kpis?.abandoned ?? 0;
    return [...out.values()]
      .map((r) => {
        const note = noteFor(r.code, r.count, abandoned);
        return note && r.count > 0 ? { ...r, note } : r;
      })
      .sort((a, b) => b.count - a.count || a.code - b.code);
  }, [cls, model]);
  const seen = rows.filter((r) => r.count > 0);
  const unseen = rows.filter((r) => r.count === 0);

  const chart = useMemo(
    () => (cls && model ? model.chart.map((p) => ({ t: p.t, rate: p[cls] })) : []),
    [cls, model],
  );

  if (!cls) {
    return (
      <div>
        <h1>Unknown class</h1>
        <p>
          Classes are {SIP_CLASSES.join(', ')}.{' '}
          <Link to={{ pathname: '/', search: carry }}>Back to the overview</Link>.
        </p>
      </div>
    );
  }
  if (!model) return null;
  const total = model.byClass?.[cls] ?? 0;
  return (
    <div className="class-view">
      <Toolbar view={view} onChange={setView} options={filterOptions(model)} />
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={{ pathname: '/', search: carry }}>Overview</Link> › {cls}
      </nav>
      <h1>
        {cls} {CLASS_NAMES[cls]}{' '}
        <span className="page-sub">
          {formatCount(total)} responses,{' '}
          {view.range === 'custom' ? 'custom range' : `last ${RANGE_LABELS[view.range]}`}
        </span>
      </h1>
      <section className="panel" aria-labelledby="class-series-title">
        <h2 id="class-series-title">{cls} per second</h2>
        <figure className="chart" aria-label={`${cls} responses per second over the range`}>
          <CodeRateChart
            data={chart}
            spanMs={model.range.spanMs}
            color={CLASS_COLORS[cls]}
            gaps={model.gaps}
          />
          {model.gaps.length > 0 && <figcaption>{describeGaps(model.gaps)}</figcaption>}
        </figure>
      </section>
      <section className="panel" aria-labelledby="class-codes-title">
        <h2 id="class-codes-title">Codes</h2>
        {seen.length === 0 ? (
          <p className="empty">No {cls} responses in this range.</p>
        ) : (
          <CodeTable title={`${cls} codes seen`} cls={cls} rows={seen} total={total} carry={carry} />
        )}
        {unseen.length > 0 && (
          <details className="unseen-codes">
            <summary>
              {unseen.length} registered {cls} codes not seen in this range
            </summary>
            <CodeTable title={`${cls} codes not seen`} cls={cls} rows={unseen} total={total} carry={carry} />
          </details>
        )}
      </section>
    </div>
  );
}

function CodeTable(props: { title: string; cls: SipClass; rows: CodeRow[]; total: number; carry: string }) {
  const { title, cls, rows, total, carry } = props;
  return (
    <table className="data-table" aria-label={title}>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Reason phrase</th>
          <th scope="col" className="num">
            Count
          </th>
          <th scope="col" className="num">
            Share of {cls}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.code} className={r.count === 0 ? 'dim' : undefined} data-testid="class-code-row">
            <td>
              <Link to={{ pathname: `/codes/${r.code}`, search: carry }} className="code-link">
                {r.code}
              </Link>
            </td>
            <td>
              {r.phrase}
              {r.note && <span className="code-note"> ({r.note})</span>}
            </td>
            <td className="num">{formatCount(r.count)}</td>
            <td className="num">{formatPercent(ratio(r.count, total))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
