/**
 * pnpm bench [name ...]: runs every bench (or the named ones) one after another and prints their
 * figures. Each bench module exports `run(): Promise<void>`; add new ones to BENCHES.
 */
const BENCHES: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  ingest: () => import('./ingest.js'),
  'tick-latency': () => import('./tick-latency.js'),
  memory: () => import('./memory.js'),
  'memory-pool': () => import('./memory-pool.js'),
  'db-size': () => import('./db-size.js'),
  hep: () => import('./hep.js'),
  'flush-stall': () => import('./flush-stall.js'),
  'long-reads': () => import('./long-reads.js'),
  'hash-flood': () => import('./hash-flood.js'),
  hostile: () => import('./hostile.js'),
  dimensions: () => import('./dimensions.js'),
  explain: () => import('./explain.js'),
  cluster: () => import('./cluster.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((w) => !(w in BENCHES));
  if (unknown.length) {
    process.stderr.write(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  for (const [name, load] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    const { run } = await load();
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
