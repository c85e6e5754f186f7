import { useEffect } from 'react';
import { useMatch } from 'react-router-dom';
import type { LiveWindow } from '@sipwatch/wire';
import type { ViewState } from '../../lib/view-state';
import { isLiveRange } from '../../lib/view-state';
import { makeSubscription } from '@sipwatch/wire/subscription';
import { useFeed } from '../../store/react';

/**
 * Keeps the socket subscription in step with the URL: the live window, the filters, and on a
 * code's page that code (the server then adds its breakdown to every tick).
 */
export function LiveSubscription({ view }: { view: ViewState }) {
  const feed = useFeed();
  const live = isLiveRange(view.range);
  const window: LiveWindow = isLiveRange(view.range) ? view.range : '15m';
  const { trunk, source, method } = view.filter;
  const codeParam = useMatch('/codes/:code')?.params.code;
  const code = live && codeParam && /^[1-6]\d\d$/.test(codeParam) ? Number(codeParam) : undefined;
  useEffect(() => {
    feed?.subscribe(makeSubscription({ trunk, source, method }, window, code));
  }, [feed, window, trunk, source, method, code]);
  return null;
}
