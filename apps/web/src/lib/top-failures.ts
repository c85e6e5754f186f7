import { classify } from '@sipwatch/codes';
import type { TopFailure } from '@sipwatch/server/wire';

export interface TopFailureRow {
  code: number;
  /** The phrase the equipment sent (untrusted text), else the registered one. */
  reason: string;
  count: number;
  /** Of counted finals, 0..1. */
  share: number | null;
  /** count / the baseline's count; null when the baseline had none. */
  vsUsual: number | null;
}

/** A final that counts against the failure rate: 3xx-6xx except auth challenges. */
export function isFailureCode(code: number): boolean {
  const c = classify(code);
  if (!c.ok || !c.final) return false;
  return c.category !== 'success' && c.category !== 'challenge' && c.category !== 'redirect';
}

/**
 * The top failure codes of a live window: the server's list (its reason phrases and its own
 * failure rules) with counts brought up to date by the latest tick, plus failure codes that
 * appeared since the server's list was made. Pure.
 */
export function topFailureRows(
  top: readonly TopFailure[],
  byCode: Record<string, number> | null,
  finals: number | null,
  usual: Record<string, number> | undefined,
  limit = 10,
): TopFailureRow[] {
  const rows = new Map<number, TopFailureRow>();
  const shareOf = (count: number): number | null => (finals && finals > 0 ? count / finals : null);
  const vs = (code: number, count: number): number | null => {
    const before = usual?.[String(code)];
    return before && before > 0 ? count / before : null;
  };
  for (const t of top) {
    const count = byCode ? (byCode[String(t.code)] ?? 0) : t.count;
    rows.set(t.code, {
      code: t.code,
      reason: t.reason,
      count,
      share: byCode ? shareOf(count) : t.share,
      vsUsual: vs(t.code, count),
    });
  }
  if (byCode) {
    for (const [key, count] of Object.entries(byCode)) {
      const code = Number(key);
      if (rows.has(code) || count <= 0 || !isFailureCode(code)) continue;
      const c = classify(code);
      rows.set(code, {
        code,
        reason: c.ok ? c.entry.phrase : '',
        count,
        share: shareOf(count),
        vsUsual: vs(code, count),
      });
    }
  }
  return [...rows.values()]
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, limit);
}
