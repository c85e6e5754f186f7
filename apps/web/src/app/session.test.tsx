import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { startLiveApp, tempDir } from '../../../server/src/test-support/live-app.js';
import type { LiveApp } from '../../../server/src/test-support/live-app.js';
import type { ConfigInput } from '../../../server/src/config.js';
import type { ApiClient } from '../api/client';
import { createHttpApi } from '../api/client';
import { createAlertsApi } from '../api/alerts';
import type { AlertsApi } from '../api/alerts';
import { AlertsApiProvider } from '../api/alerts-react';
import { ApiProvider } from '../api/react';
import { readToken, saveToken } from '../api/token';
import { createLiveStore } from '../store/live-store';
import { LiveProvider } from '../store/react';
import { withoutSignals } from '../test/real-server';
import { startFeed } from '../store/socket-feed';
import { App } from './App';

/**
 * Signing in against the real server (every route, the session route and the Socket.IO guard),
 * with the loopback test switch off so this test counts as a browser on another machine.
 */

const VIEWER = 'wall-viewer-token-0123456789';
const ADMIN = 'noc-admin-token-0123456789';
const REMOTE: ConfigInput = {
  auth: { viewer: [`wall:${VIEWER}`], admin: [`alice:${ADMIN}`], trustLoopback: false },
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  cleanup();
  saveToken('sign-in', null);
  saveToken('admin', null);
  while (cleanups.length) await cleanups.pop()!();
});

async function server(config: ConfigInput, dir = tempDir()): Promise<LiveApp> {
  // No dashboard files: this test renders the app itself (and jsdom's URL cannot find the default).
  const app = await startLiveApp(dir.dir, {
    config: { ...config, http: { webRoot: dir.dir, ...config.http } },
  });
  cleanups.push(() => dir.cleanup());
  cleanups.push(() => app.stop());
  return app;
}

/** The app as main.tsx starts it: REST and the live socket against `base`. */
function renderAgainst(base: string, path = '/') {
  const store = createLiveStore({ now: Date.now() });
  const feed = startFeed(store, { url: base, socket: { transports: ['websocket'] } });
  cleanups.push(() => feed.stop());
  const api: ApiClient = withoutSignals(createHttpApi(base));
  const alerts: AlertsApi = withoutSignals(createAlertsApi({ base }));
  render(
    <LiveProvider store={store} feed={feed}>
      <ApiProvider api={api}>
        <AlertsApiProvider api={alerts}>
          <MemoryRouter initialEntries={[path]}>
            <App />
          </MemoryRouter>
        </AlertsApiProvider>
      </ApiProvider>
    </LiveProvider>,
  );
  return { store };
}

async function signIn(user: ReturnType<typeof userEvent.setup>, token: string) {
  await user.type(screen.getByLabelText('Access token'), token);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('signing in', { timeout: 20_000 }, () => {
  it('asks a browser elsewhere for a token, refuses a wrong one, and shows the live dashboard with the right one', async () => {
    const app = await server(REMOTE);
    const user = userEvent.setup({ delay: null });
    renderAgainst(app.base);

    const form = await screen.findByRole('form', { name: 'Sign in to sipwatch' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(within(form).getByTestId('sign-in-reason')).toHaveTextContent('This dashboard needs a token.');
    // The variable the operator sets, and the server's own words from the refused live stream.
    expect(form).toHaveTextContent('SIPWATCH_VIEWER_TOKEN');
    await waitFor(() =>
      expect(within(form).getByTestId('sign-in-server-message')).toHaveTextContent('viewer token'),
    );
    expect(screen.getByLabelText('Access token')).toHaveAttribute('type', 'password');

    await signIn(user, 'not-a-token-at-all');
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The server does not accept this token. Check it and try again.',
    );
    expect(screen.getByRole('form', { name: 'Sign in to sipwatch' })).toBeInTheDocument();
    expect(screen.getByLabelText('Access token')).toHaveValue('');
    expect(readToken('sign-in')).toBeNull();

    await signIn(user, VIEWER);
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Sign in to sipwatch' })).toBeNull();
    // The socket reconnected with the token: the snapshot came and the badge says live.
    await waitFor(() => expect(screen.getByTestId('freshness')).toHaveAttribute('data-status', 'live'));
    expect(window.sessionStorage.getItem('sipwatch.token')).toBe(VIEWER);
    expect(window.localStorage.getItem('sipwatch.token')).toBeNull();
    expect(screen.queryByTestId('local-access')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('form', { name: 'Sign in to sipwatch' })).toBeInTheDocument();
    expect(readToken('sign-in')).toBeNull();
  });

  it('goes back to the sign-in screen when the server stops taking the token', async () => {
    const dir = tempDir();
    let app = await server(REMOTE, dir);
    saveToken('sign-in', VIEWER);
    renderAgainst(app.base);
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeInTheDocument();

    // The operator rotates the viewer token and restarts the server on the same port.
    const port = app.ports.http;
    await app.stop();
    app = await server(
      { ...REMOTE, auth: { ...REMOTE.auth, viewer: ['wall:rotated-token-0123456789'] }, http: { port } },
      dir,
    );

    const form = await screen.findByRole('form', { name: 'Sign in to sipwatch' }, { timeout: 10_000 });
    expect(within(form).getByTestId('sign-in-server-message')).toHaveTextContent('not valid');
  });

  it('does not ask for the admin token again when the tab signed in with one', async () => {
    const app = await server(REMOTE);
    const user = userEvent.setup({ delay: null });
    renderAgainst(app.base, '/alerts');
    await screen.findByRole('form', { name: 'Sign in to sipwatch' });
    await signIn(user, ADMIN);

    expect(await screen.findByRole('heading', { name: /Alert rules/ })).toBeInTheDocument();
    expect(screen.getByTestId('admin-token-status')).toHaveTextContent('Signed in with an admin token');
    expect(screen.queryByLabelText('Admin token')).toBeNull();
    expect(await screen.findByText('No rules yet.')).toBeInTheDocument();
  });

  it('on the server’s own machine with no tokens set, opens at once and says it is open to this machine only', async () => {
    const app = await server({});
    renderAgainst(app.base);
    const badge = await screen.findByTestId('local-access');
    expect(badge).toHaveTextContent('Open to this machine only');
    expect(badge).toHaveAttribute(
      'title',
      'Anyone on this machine may use it without a token. Set SIPWATCH_VIEWER_TOKEN / SIPWATCH_ADMIN_TOKEN on the server to open it to the network.',
    );
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    await waitFor(() => expect(screen.getByTestId('freshness')).toHaveAttribute('data-status', 'live'));
  });
});
