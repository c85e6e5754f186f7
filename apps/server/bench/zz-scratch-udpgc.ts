process.env.X = '1';
const m = await import('./flush-stall.js');
// run only udp part
await (m as unknown as { run(): Promise<void> }).run();
process.exit(0);
