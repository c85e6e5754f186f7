import { PerformanceObserver } from 'node:perf_hooks';
const gcs: { start: number; dur: number; kind: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    gcs.push({
      start: e.startTime,
      dur: e.duration,
      kind: (e as unknown as { detail: { kind: number } }).detail.kind,
    });
}).observe({ entryTypes: ['gc'] });
let last = performance.now();
const gaps: { at: number; gap: number }[] = [];
setInterval(() => {
  const now = performance.now();
  if (now - last > 10) gaps.push({ at: now, gap: now - last });
  last = now;
}, 1).unref();
const { run } = await import('./flush-stall.js');
await run();
for (const g of gaps.slice(-25)) {
  const from = g.at - g.gap;
  const gc = gcs
    .filter((x) => x.start + x.dur >= from && x.start <= g.at)
    .map((x) => `${x.kind}:${x.dur.toFixed(1)}`)
    .join(',');
  console.log(`gap ${g.gap.toFixed(1)} ms at ${(g.at / 1000).toFixed(2)} s  gc[${gc}]`);
}
process.exit(0);
