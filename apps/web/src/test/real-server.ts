/** Node's fetch does not know jsdom's AbortSignal (it would hold the connection): calls go without it. */
export function withoutSignals<T extends object>(api: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (...args: unknown[]) => unknown][])
    out[name] = (...args: unknown[]) => fn(...args.filter((a) => !(a instanceof AbortSignal)));
  return out as T;
}

/**
 * jsdom has no layout: every chart box measures 0 × 0 and Recharts draws nothing. This gives the
 * charts' boxes a size (800 × 320) so their SVG is drawn; returns what puts it back.
 */
export function giveChartsASize(): () => void {
  const original = HTMLElement.prototype.getBoundingClientRect;
  HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
    if (
      this.classList.contains('recharts-responsive-container') ||
      this.parentElement?.classList.contains('recharts-responsive-container')
    )
      return {
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        right: 800,
        bottom: 320,
        width: 800,
        height: 320,
        toJSON: () => ({}),
      } as DOMRect;
    return original.call(this);
  };
  return () => {
    HTMLElement.prototype.getBoundingClientRect = original;
  };
}
