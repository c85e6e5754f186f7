/** Appends to an immutable list and keeps only the newest `cap` items. */
export function appendBounded<T>(list: readonly T[], item: T, cap: number): T[] {
  if (cap <= 0) return [];
  const keep = list.length >= cap ? list.slice(list.length - cap + 1) : list.slice();
  keep.push(item);
  return keep;
}

/** Keeps only the newest `cap` items of a list (a snapshot may carry more than we hold). */
export function lastN<T>(list: readonly T[], cap: number): T[] {
  return list.length > cap ? list.slice(list.length - cap) : list.slice();
}
