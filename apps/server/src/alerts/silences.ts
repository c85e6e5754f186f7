import type { AlertScope, Silence } from '@sipwatch/wire';

/**
 * Whether a silence covers a rule: a silence names a rule, or a scope. A scope silence covers
 * every rule whose own scope has each of the silence's fields with the same value, so
 * `{ trunk: "carrier-a" }` covers every rule watching carrier-a (whatever else they narrow by),
 * and `{}` covers every rule.
 */
export function silenceCovers(silence: Silence, rule: { id: string; scope: AlertScope }): boolean {
  if (silence.ruleId !== null) return silence.ruleId === rule.id;
  if (silence.scope === null) return false;
  return (Object.keys(silence.scope) as (keyof AlertScope)[]).every(
    (key) => silence.scope![key] === undefined || silence.scope![key] === rule.scope[key],
  );
}

/** The latest end of the silences covering the rule at `at`, or null when none does. */
export function silencedUntil(
  rule: { id: string; scope: AlertScope },
  silences: readonly Silence[],
  at: number,
): number | null {
  let until: number | null = null;
  for (const s of silences) {
    if (s.until > at && silenceCovers(s, rule) && (until === null || s.until > until)) until = s.until;
  }
  return until;
}
