/**
 * The longest gap between two ticks of a 2 ms timer, in wall time and in this process's CPU time
 * over the same gap. On a shared box the wall figure also counts time the process waited for a
 * core; the CPU figure is what the server itself spent (all its threads, so an upper bound for
 * the event loop's share).
 */
export class StallMeter {
  private timer: NodeJS.Timeout | undefined;
  private lastWall = 0;
  private lastCpu = 0;
  /** The longest gap, ms of wall time. */
  longestWall = 0;
  /** The most CPU time spent in any one gap, ms. */
  longestCpu = 0;

  start(): void {
    this.lastWall = performance.now();
    this.lastCpu = cpuMs();
    this.timer = setInterval(() => {
      const wall = performance.now();
      const cpu = cpuMs();
      this.longestWall = Math.max(this.longestWall, wall - this.lastWall);
      this.longestCpu = Math.max(this.longestCpu, cpu - this.lastCpu);
      this.lastWall = wall;
      this.lastCpu = cpu;
    }, 2);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
