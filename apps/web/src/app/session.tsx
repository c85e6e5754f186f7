import { createContext, useCallback, useContext, useEffect, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { AuthSession } from '../api/client';
import { onSignInRefused } from '../api/http';
import { useApi } from '../api/react';
import { saveToken } from '../api/token';
import { useFeed, useLive } from '../store/react';
import { useTheme } from '../views/shell/theme';

/**
 * Who this tab is to the server. On start the app asks GET /api/v1/auth/session with the tab's
 * sign-in token; without a viewer grant, or as soon as the REST API or the live stream refuses
 * the token, it shows the sign-in screen instead of the dashboard. The server enforces all of
 * this on its own; the gate only spares the user a dashboard full of refusals.
 */

export const VIEWER_VARIABLE = 'SIPWATCH_VIEWER_TOKEN';
export const ADMIN_VARIABLE = 'SIPWATCH_ADMIN_TOKEN';

export interface SessionValue {
  /** null when the server did not say (it could not be reached, or predates sign-in). */
  session: AuthSession | null;
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in session; null outside the gate (components rendered on their own in tests). */
export function useSession(): SessionValue | null {
  return useContext(SessionContext);
}

interface Reason {
  text: string;
  /** The server's own words, when it gave them. */
  server?: string;
  variable: string;
}

type Gate =
  { phase: 'checking' } | { phase: 'in'; session: AuthSession | null } | { phase: 'out'; reason: Reason };

function reasonFor(session: AuthSession): Reason {
  const server = session.viewerRefusal ? { server: session.viewerRefusal } : {};
  if (session.token === 'invalid')
    return {
      text: 'The server no longer accepts the token this tab signed in with.',
      variable: VIEWER_VARIABLE,
      ...server,
    };
  if (session.modes.viewer === 'token')
    return { text: 'This dashboard needs a token.', variable: VIEWER_VARIABLE, ...server };
  return {
    text: 'This server is open to its own machine only, and this browser is on another one.',
    variable: VIEWER_VARIABLE,
    ...server,
  };
}

export function SessionGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const feed = useFeed();
  const [gate, setGate] = useState<Gate>({ phase: 'checking' });
  const socketRefusal = useLive((s) =>
    s.handshakeRefusal?.error === 'unauthorized' ? s.handshakeRefusal : null,
  );

  const check = useCallback(
    (signal?: AbortSignal) =>
      api.session(undefined, signal).then(
        (session) => {
          if (signal?.aborted) return;
          setGate(
            session.grants.viewer !== null
              ? { phase: 'in', session }
              : { phase: 'out', reason: reasonFor(session) },
          );
        },
        () => {
          // No answer to go by: show the dashboard, whose own notices say what is wrong.
          if (!signal?.aborted) setGate({ phase: 'in', session: null });
        },
      ),
    [api],
  );

  useEffect(() => {
    const controller = new AbortController();
    void check(controller.signal);
    return () => controller.abort();
  }, [check]);

  useEffect(
    () =>
      onSignInRefused((refusal) =>
        setGate({
          phase: 'out',
          reason: {
            text: 'The server asks this tab to sign in.',
            server: refusal.message,
            variable: refusal.variable ?? VIEWER_VARIABLE,
          },
        }),
      ),
    [],
  );

  const signedIn = useCallback(
    (token: string, session: AuthSession) => {
      saveToken('sign-in', token);
      setGate({ phase: 'in', session });
      feed?.reconnect();
    },
    [feed],
  );

  const signOut = useCallback(() => {
    saveToken('sign-in', null);
    saveToken('admin', null);
    feed?.reconnect();
    setGate({ phase: 'checking' });
    void check();
  }, [feed, check]);

  if (gate.phase === 'checking') return <p className="loading">Checking access…</p>;
  if (gate.phase === 'out' || socketRefusal) {
    const reason: Reason =
      gate.phase === 'out'
        ? { ...gate.reason, server: gate.reason.server ?? socketRefusal?.message }
        : {
            text: 'The server refused the live connection with this tab’s token.',
            server: socketRefusal!.message,
            variable: socketRefusal!.variable ?? VIEWER_VARIABLE,
          };
    return <SignInScreen reason={reason} onSignedIn={signedIn} />;
  }
  return (
    <SessionContext.Provider value={{ session: gate.session, signOut }}>{children}</SessionContext.Provider>
  );
}

function SignInScreen({
  reason,
  onSignedIn,
}: {
  reason: Reason;
  onSignedIn: (token: string, session: AuthSession) => void;
}) {
  const api = useApi();
  useTheme();
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = draft.trim();
    if (!token || busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api.session(token);
      if (session.token === 'invalid')
        setError('The server does not accept this token. Check it and try again.');
      else if (session.grants.viewer === null)
        setError('This token does not open the dashboard: it is not a viewer or admin token.');
      else return onSignedIn(token, session);
      setDraft('');
    } catch (err) {
      setError(`Could not reach the server: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form className="panel sign-in-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>Sign in to sipwatch</h1>
        <p data-testid="sign-in-reason">{reason.text}</p>
        {reason.server && (
          <p className="muted" data-testid="sign-in-server-message">
            The server says: {reason.server}
          </p>
        )}
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={draft}
          aria-describedby={`${id}-help`}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !draft.trim()}>
          Sign in
        </button>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <p className="muted" id={`${id}-help`}>
          Use a viewer token or an admin token. Whoever runs the server sets them in{' '}
          <code>{reason.variable}</code> (viewer) or <code>{ADMIN_VARIABLE}</code> (admin), or in its config
          file. This tab keeps the token until it is closed or you sign out.
        </p>
      </form>
    </main>
  );
}
