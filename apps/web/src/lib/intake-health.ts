import type { Channel, IngestCounts, IngestStatsSnapshot } from '@sipwatch/wire';

/**
 * What the intake page says about each feed (a channel and source host): whether it is sending
 * events now, has gone quiet, or sends only what sipwatch refuses or cannot read.
 */
export type FeedState = 'refused' | 'silent' | 'receiving';

export interface FeedRow {
  channel: Channel;
  host: string;
  state: FeedState;
  lastMinute: IngestCounts;
  sinceStart: IngestCounts;
  /** Refused plus unreadable over everything the feed sent in the last minute; null when it sent nothing. */
  badShare: number | null;
  /** Refusal reasons of the last minute, or since start when the last minute has none, most first. */
  reasons: [reason: string, count: number][];
}

export interface ListenerRow {
  name: string;
  dropped: number;
  pushedBack: number;
  /** UDP only, where the kernel's count can be read. */
  kernelDropped: number | undefined;
  /** Something was lost (dropped by sipwatch or by the kernel), not only slowed down. */
  losing: boolean;
}

const STATE_ORDER: Record<FeedState, number> = { refused: 0, silent: 1, receiving: 2 };

const sentIn = (c: IngestCounts): number => c.accepted + c.rejectedTotal + c.unparsed;

const byCount = (rejected: Record<string, number>): [string, number][] =>
  Object.entries(rejected)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function stateOf(lastMinute: IngestCounts): FeedState {
  if (lastMinute.accepted > 0) return 'receiving';
  return sentIn(lastMinute) > 0 ? 'refused' : 'silent';
}

/** Every feed, those that need a look first (refused, then silent, then the worst share of bad input). */
export function feedRows(stats: IngestStatsSnapshot): FeedRow[] {
  return stats.hosts
    .map((h): FeedRow => {
      const sent = sentIn(h.lastMinute);
      const recent = byCount(h.lastMinute.rejected);
      return {
        channel: h.channel,
        host: h.host,
        state: stateOf(h.lastMinute),
        lastMinute: h.lastMinute,
        sinceStart: h.sinceStart,
        badShare: sent === 0 ? null : (h.lastMinute.rejectedTotal + h.lastMinute.unparsed) / sent,
        reasons: recent.length > 0 ? recent : byCount(h.sinceStart.rejected),
      };
    })
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        (b.badShare ?? 0) - (a.badShare ?? 0) ||
        a.channel.localeCompare(b.channel) ||
        a.host.localeCompare(b.host),
    );
}

export function listenerRows(stats: IngestStatsSnapshot): ListenerRow[] {
  return Object.entries(stats.listeners)
    .map(([name, p]) => ({
      name,
      dropped: p.dropped,
      pushedBack: p.pushedBack,
      kernelDropped: p.kernelDropped,
      losing: p.dropped > 0 || (p.kernelDropped ?? 0) > 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One sentence for the top of the page: how many feeds, which need a look, and what was lost. */
export function intakeHeadline(stats: IngestStatsSnapshot): string {
  const rows = feedRows(stats);
  if (rows.length === 0) return 'Nothing has been received since the server started.';
  const count = (s: FeedState) => rows.filter((r) => r.state === s).length;
  const parts = [`${count('receiving')} receiving`];
  if (count('silent') > 0) parts.push(`${count('silent')} silent for the last minute`);
  if (count('refused') > 0) parts.push(`${count('refused')} sending only what is refused or unreadable`);
  const sentences = [`${plural(rows.length, 'feed')}: ${parts.join(', ')}.`];
  const bad = stats.lastMinute.rejectedTotal + stats.lastMinute.unparsed;
  if (bad > 0)
    sentences.push(
      `In the last minute ${plural(stats.lastMinute.rejectedTotal, 'item')} refused and ${plural(stats.lastMinute.unparsed, 'line')} unreadable.`,
    );
  const lost = listenerRows(stats).filter((l) => l.losing);
  if (lost.length > 0)
    sentences.push(
      `Messages were lost since start on ${lost.map((l) => l.name).join(', ')}: see the listeners.`,
    );
  return sentences.join(' ');
}
