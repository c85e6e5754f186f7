import { Link } from 'react-router-dom';
import { CATEGORY_DESCRIPTIONS, CLASS_NAMES } from '@sipwatch/codes';
import type { Classified, OutcomeCategory } from '@sipwatch/codes';

/** "RFC3261" → https://www.rfc-editor.org/rfc/rfc3261; anything else is shown as plain text. */
export function rfcUrl(ref: string): string | null {
  const m = /^RFC\s?(\d{1,5})$/i.exec(ref.trim());
  return m ? `https://www.rfc-editor.org/rfc/rfc${m[1]}` : null;
}

/** What the registry says about a code: class, category, RFCs, meaning, causes, first checks. */
export function CodeFacts({
  info,
  search,
  category = info.category,
}: {
  info: Classified;
  search: string;
  /** The server's category when it overrides the registry's (configuration). */
  category?: OutcomeCategory;
}) {
  const { entry } = info;
  return (
    <div className="code-facts">
      <dl className="facts">
        <div>
          <dt>Class</dt>
          <dd>
            <Link to={{ pathname: `/classes/${info.class}`, search }}>
              {info.class} {CLASS_NAMES[info.class]}
            </Link>
          </dd>
        </div>
        <div>
          <dt>Outcome category</dt>
          <dd data-testid="code-category">
            {category}: {CATEGORY_DESCRIPTIONS[category]}
            {category !== info.category && ' (set by configuration)'}
          </dd>
        </div>
        <div>
          <dt>Final</dt>
          <dd>{info.final ? 'yes' : 'no (provisional)'}</dd>
        </div>
        <div>
          <dt>Defined in</dt>
          <dd>
            {entry.rfcs.length === 0
              ? '—'
              : entry.rfcs.map((ref, i) => {
                  const url = rfcUrl(ref);
                  return (
                    <span key={ref}>
                      {i > 0 && ', '}
                      {url ? (
                        <a href={url} target="_blank" rel="noreferrer noopener">
                          {ref.replace(/^RFC\s?/i, 'RFC ')}
                        </a>
                      ) : (
                        ref
                      )}
                    </span>
                  );
                })}
            {entry.historic && <span className="chip">historic, not in the IANA registry</span>}
          </dd>
        </div>
      </dl>
      {!info.known && (
        <p className="notice notice-warn">
          {info.code} is not a registered code. Equipment treats an unknown code as its class&apos;s{' '}
          {entry.code} (RFC 3261 §21), so that is what is described here.
        </p>
      )}
      <h2>Meaning</h2>
      <p data-testid="code-meaning">{entry.meaning}</p>
      <div className="columns">
        <section aria-labelledby="causes-title">
          <h2 id="causes-title">Likely causes</h2>
          {entry.causes.length ? (
            <ul>
              {entry.causes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p className="empty">None listed.</p>
          )}
        </section>
        <section aria-labelledby="checks-title">
          <h2 id="checks-title">First checks</h2>
          {entry.checks.length ? (
            <ol>
              {entry.checks.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ol>
          ) : (
            <p className="empty">None listed.</p>
          )}
        </section>
      </div>
    </div>
  );
}
