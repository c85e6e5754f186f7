import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useAdminToken } from '../../api/alerts-react';
import { saveToken } from '../../api/token';
import { useSession } from '../../app/session';

/**
 * Where a viewer elevates: the admin token that changes need. Kept for this tab only; the field
 * never shows it back, and nothing puts it in a URL or a log. Not asked for when the tab signed
 * in with an admin token already.
 */
export function AdminTokenField() {
  const token = useAdminToken();
  const admin = useSession()?.session?.grants.admin ?? null;
  const [draft, setDraft] = useState('');
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    saveToken('admin', draft);
    setDraft('');
  };
  if (admin === 'token' && !token) {
    return (
      <p className="admin-token muted" data-testid="admin-token-status">
        Signed in with an admin token: you can change rules, silences and acknowledgements.
      </p>
    );
  }
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
        <button type="button" onClick={() => saveToken('admin', null)}>
          Forget token
        </button>
      )}
      <span className="muted" data-testid="admin-token-status">
        {token
          ? 'A token is set for this tab.'
          : admin === 'local'
            ? 'No token needed on this machine: the server has no admin token.'
            : 'No token set: you can read; changes need the admin token.'}
      </span>
    </form>
  );
}
