import './lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { ApiProvider } from './api/react';
import { createHttpApi } from './api/client';
import { takeFragmentToken } from './api/token';
import { App } from './app/App';
import { createLiveStore } from './store/live-store';
import { startFeed } from './store/socket-feed';
import { LiveProvider } from './store/react';
import './styles.css';

// Before anything connects: a kiosk link's `#token=` is stored and leaves the address bar.
takeFragmentToken();

// The store and its socket live outside React: rendering never owns the connection.
const store = createLiveStore({ now: Date.now() });
const feed = startFeed(store);
const api = createHttpApi();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LiveProvider store={store} feed={feed}>
        <ApiProvider api={api}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ApiProvider>
      </LiveProvider>
    </StrictMode>,
  );
}
