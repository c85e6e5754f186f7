export interface UntilOptions {
  /** What is awaited, for the failure message. */
  what?: string | (() => string);
  /** Default 5 s: a bound on a wait for a real socket, never a measure of speed. */
  timeoutMs?: number;
  /** Default 5 ms. */
  everyMs?: number;
}

/**
 * Polls `check` until it answers something other than `undefined` or `false`, and returns that;
 * fails after `timeoutMs`, naming `what`. For state a real server reaches asynchronously (a
 * datagram processed, a socket closed, a row written).
 */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: UntilOptions | string = {},
): Promise<T> {
  const {
    what = 'a condition',
    timeoutMs = 5_000,
    everyMs = 5,
  } = typeof options === 'string' ? { what: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
