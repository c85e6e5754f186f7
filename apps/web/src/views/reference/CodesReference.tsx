import { useDeferredValue, useId, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { CATEGORY_DESCRIPTIONS, CLASS_NAMES, REGISTRY, searchCodes } from '@sipwatch/codes';
import { rfcUrl } from '../code/CodeFacts';

/** The whole registry, searchable by code prefix or words; the query lives in the URL (`q`). */
export default function CodesReference() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const deferred = useDeferredValue(query);
  const results = useMemo(() => searchCodes(deferred), [deferred]);
  const id = useId();
  const carry = (() => {
    const p = new URLSearchParams(params);
    p.delete('q');
    const s = p.toString();
    return s ? `?${s}` : '';
  })();

  return (
    <div className="reference">
      <h1>SIP response codes</h1>
      <div className="search">
        <label htmlFor={id}>Search codes</label>
        <input
          id={id}
          type="search"
          value={query}
          placeholder="48, 5xx, busy, timeout…"
          autoComplete="off"
          onChange={(e) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (e.target.value) next.set('q', e.target.value);
                else next.delete('q');
                return next;
              },
              { replace: true },
            )
          }
        />
        <span role="status" className="muted" data-testid="result-count">
          {results.length} of {REGISTRY.length} codes
        </span>
      </div>
      <table className="data-table reference-table" aria-label="SIP response codes">
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Reason phrase</th>
            <th scope="col">Class</th>
            <th scope="col">Category</th>
            <th scope="col">Meaning</th>
            <th scope="col">RFC</th>
          </tr>
        </thead>
        <tbody>
          {results.map((e) => (
            <tr key={e.code} data-testid="reference-row">
              <td>
                <Link to={{ pathname: `/codes/${e.code}`, search: carry }} className="code-link">
                  {e.code}
                </Link>
              </td>
              <td>{e.phrase}</td>
              <td>
                {e.class} {CLASS_NAMES[e.class]}
              </td>
              <td title={CATEGORY_DESCRIPTIONS[e.category]}>{e.category}</td>
              <td className="meaning">{e.meaning}</td>
              <td className="nowrap">
                {e.rfcs.map((r) => {
                  const url = rfcUrl(r);
                  return url ? (
                    <a key={r} href={url} target="_blank" rel="noreferrer noopener">
                      {r}
                    </a>
                  ) : (
                    <span key={r}>{r}</span>
                  );
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
