import { DAY_MS } from '@sipwatch/wire/metrics';
import { useQuery } from '../../api/react';

/** The trunk, source and method names seen over the last 24 hours (the server's clock), by kind. */
export interface SeenNames {
  trunk: string[];
  source: string[];
  method: string[];
}

/**
 * What the rule form offers in its scope fields. Two requests: the live window says where the
 * server's time stands (its clock, not the browser's), then the day before it. Undefined until known.
 */
export function useSeenNames(): SeenNames | undefined {
  return useQuery<SeenNames>('seen-names', async (api, signal) => {
    const live = await api.summary({ window: '1m', filter: {} }, signal);
    const to = live.window.to;
    const day = await api.summary({ from: to - DAY_MS, to, filter: {} }, signal);
    return {
      trunk: day.trunks.map((r) => r.name),
      source: day.sources.map((r) => r.name),
      method: Object.keys(day.byMethod).sort(),
    };
  }).data;
}
