/** Collects what a client receives, so tests await messages instead of sleeping. */
export class Inbox<T> {
  private items: T[] = [];
  private waiters: ((t: T) => void)[] = [];
  received = 0;
  push = (t: T): void => {
    this.received++;
    const w = this.waiters.shift();
    if (w) w(t);
    else this.items.push(t);
  };
  next(): Promise<T> {
    const t = this.items.shift();
    if (t !== undefined) return Promise.resolve(t);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  get pending(): number {
    return this.items.length;
  }
}
