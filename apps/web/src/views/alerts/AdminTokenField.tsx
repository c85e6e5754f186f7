import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useAdminToken } from '../../api/alerts-react';
import { saveAdminToken } from '../../api/alerts-token';

/**
 * Where the admin enters the token that writes need (when the server has one). Kept for this tab
 * only; the field never shows it back, and nothing puts it in a URL or a log.
 */
export function AdminTokenField() {
  const token = useAdminToken();
  const [draft, setDraft] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    saveAdminToken(draft);
    setDraft('');
  };
  return (
    <form className="admin-token" onSubmit={submit} aria-label="Admin access">
      <label htmlFor={id}>Admin token</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={token ? 'set for this tab' : 'needed to change rules'}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" disabled={!draft.trim()}>
        Use token
      </button>
      {token && (
        <button type="button" onClick={() => saveAdminToken(null)}>
          Forget token
        </button>
      )}
      <span className="muted" data-testid="admin-token-status">
        {token
          ? 'A token is set for this tab.'
          : 'No token set: you can read; changes need the token when the server has one.'}
      </span>
    </form>
  );
}
