/** Node's fetch does not know jsdom's AbortSignal (it would hold the connection): calls go without it. */
export function withoutSignals<T extends object>(api: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => unknown][])
    out[name] = (...args: unknown[]) => fn(...args.filter((a) => !(a instanceof AbortSignal)));
  return out as T;
}
