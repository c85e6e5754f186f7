import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router-dom';
import { useToken } from '../../api/token';
import { useSession } from '../../app/session';
import { timeZoneLabel } from '@sipwatch/wire/metrics';
import { useViewState } from '../../lib/use-view-state';
import { RANGE_LABELS, isLiveRange } from '../../lib/view-state';
import { AlertBannerSlot } from './AlertBannerSlot';
import { ConnectionNotice } from './ConnectionNotice';
import { StorageNotice } from './StorageNotice';
import { FreshnessBadge } from './FreshnessBadge';
import { LiveReconcile } from './LiveReconcile';
import { LocalAccessBadge } from './LocalAccessBadge';
import { LiveSubscription } from './LiveSubscription';
import { useTheme } from './theme';
import { useTimeZone } from './time-zone';
import { useLiveHonesty } from './use-live-honesty';

function requestFullscreen(): void {
  const el = document.documentElement;
  // Browsers refuse without a user gesture or inside some frames; the wall works windowed too.
  if (typeof el.requestFullscreen === 'function' && !document.fullscreenElement) {
    el.requestFullscreen().catch(() => undefined);
  }
}

function exitFullscreen(): void {
  if (document.fullscreenElement && typeof document.exitFullscreen === 'function') {
    document.exitFullscreen().catch(() => undefined);
  }
}

/** The frame around every page: header, notices, alert slot. The wall (`?kiosk`) drops the chrome. */
export function Layout() {
  const [view, setView, carry] = useViewState();
  const [theme, toggleTheme] = useTheme(view.kiosk ? 'dark' : undefined);
  const [zone, toggleZone] = useTimeZone();
  // The button's name starts with what it shows, so a voice user can say what they see.
  const zoneText = `Times: ${zone === 'utc' ? 'UTC' : `local (${timeZoneLabel()})`}`;
  const navigate = useNavigate();
  const location = useLocation();
  const navigationType = useNavigationType();
  // A new page starts at its top (a drill-down used to open at the overview's scroll position);
  // back and forward leave the browser's own restoring alone.
  useEffect(() => {
    const page = document.scrollingElement;
    if (navigationType !== 'POP' && page) page.scrollTop = 0;
  }, [location.pathname, navigationType]);
  const honesty = useLiveHonesty(isLiveRange(view.range), location.pathname);
  const session = useSession();
  const signedIn = useToken('sign-in') !== null;

  useEffect(() => {
    document.documentElement.dataset.kiosk = view.kiosk ? 'true' : 'false';
    if (!view.kiosk) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        exitFullscreen();
        setView({ ...view, kiosk: false });
      }
    };
    // A wall opened from a bookmark (`?kiosk`) goes full screen at the first click: browsers
    // allow it only from a user gesture.
    const onClick = () => requestFullscreen();
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onClick, { once: true });
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onClick);
    };
  }, [view, setView]);

  const enterWall = () => {
    requestFullscreen();
    const params = new URLSearchParams(carry);
    params.set('kiosk', '');
    navigate({ pathname: '/', search: `?${params.toString().replace(/(^|&)kiosk=(?=&|$)/, '$1kiosk')}` });
  };

  return (
    <div className={`app${view.kiosk ? ' kiosk' : ''}`}>
      <LiveSubscription view={view} />
      <LiveReconcile />
      {!view.kiosk && (
        <>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <header className="app-header">
            <Link to={{ pathname: '/', search: carry }} className="brand" aria-label="sipwatch overview">
              sipwatch
            </Link>
            <nav aria-label="Main">
              <NavLink to={{ pathname: '/', search: carry }} end>
                Overview
              </NavLink>
              <NavLink to={{ pathname: '/codes', search: carry }} end>
                Codes reference
              </NavLink>
              <NavLink to="/calls" end>
                Calls
              </NavLink>
              <NavLink to="/alerts" end>
                Alert rules
              </NavLink>
              <NavLink to="/alerts/history" end>
                Alert history
              </NavLink>
              <NavLink to="/intake" end>
                Intake
              </NavLink>
            </nav>
            <span className="header-spacer" />
            <LocalAccessBadge />
            <FreshnessBadge />
            <button
              type="button"
              onClick={toggleZone}
              className="zone-switch"
              data-testid="zone-switch"
              aria-label={`${zoneText}; switch to ${zone === 'utc' ? 'local time' : 'UTC'}`}
            >
              {zoneText}
            </button>
            <button
              type="button"
              onClick={toggleTheme}
              aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
            >
              {theme === 'dark' ? '☀ Light' : '☾ Dark'}
            </button>
            <button type="button" onClick={enterWall} aria-label="Wall mode: full screen, no controls">
              Wall mode
            </button>
            {signedIn && session && (
              <button type="button" onClick={session.signOut}>
                Sign out
              </button>
            )}
          </header>
        </>
      )}
      {/* Keyed by the zone: everything that shows a time renders again when it changes. */}
      <AlertBannerSlot key={`banner-${zone}`} />
      <ConnectionNotice key={`notice-${zone}`} />
      <StorageNotice />
      {view.rangeProblem && (
        <p className="notice notice-warn" role="status" data-testid="range-notice">
          Showing the live {RANGE_LABELS[view.range]}: {view.rangeProblem}.
        </p>
      )}
      <main id="main" key={zone} tabIndex={-1} data-dimmed={honesty.dimmed || undefined}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Outlet key={location.pathname} />
        </Suspense>
      </main>
    </div>
  );
}
