import { distance } from 'fastest-levenshtein';

/**
 * For a name typed into a form: the seen name it most likely meant, when it is not one of them.
 * Names that differ only in case or punctuation ("carrier_c" for "carrier-c") match first; else
 * the nearest by edit distance, within a third of the name's length (at most 3). Pure.
 */
export function didYouMean(typed: string, seen: readonly string[]): string | null {
  const text = typed.trim();
  if (text === '' || seen.includes(text)) return null;
  const bare = squash(text);
  const same = seen.find((name) => squash(name) === bare);
  if (same !== undefined) return same;
  const limit = Math.min(3, Math.max(1, Math.floor(text.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const name of seen) {
    const d = distance(text.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
