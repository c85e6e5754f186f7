import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createApplication } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { line, mainThreadCpuMs, mb, settle, tempDir } from './support.js';

/**
 * The intake on loopback: events/s, peak RSS and the CPU of each thread for HTTP NDJSON batches
 * (1,000 events per request), UDP syslog and TCP syslog (one connection and four). Each transport is
 * measured on the same run against a bare Node receiver doing the least possible work (node:http +
 * JSON.parse per line / dgram / net counting LFs), then the whole application (intake, dedupe,
 * aggregation, SQLite flushes) with intake.workers 0 (everything on the event loop) and with the
 * default pool. Senders are child processes, so the RSS and CPU are the server's. Every phase is
 * bounded in count and time. On a busy machine the rates drop with the CPU share.
 */

const HTTP_SECONDS = 3;
const HTTP_EVENTS_PER_REQUEST = 1000;
const HTTP_IN_FLIGHT = 4;
const UDP_RATES = [50_000, 100_000, 200_000];
const UDP_SECONDS = 2;
const TCP_LINES = 1_000_000;
const TCP_MAX_SECONDS = 5;
/** The aims of issue 15, per path. */
const AIM_HTTP = 600_000;
const AIM_UDP = 200_000;
const AIM_TCP_ONE = 600_000;
const AIM_TCP_FOUR = 800_000;

const SYSLOG_LINE = (n: number): string =>
  `<134>1 - proxy-1 kamailio - - - reply: rs=486 rr="Busy Here" rm=INVITE ci=bench-${n}@192.0.2.10 cs=1 si=203.0.113.7 sp=5060`;

/** Child-process senders (plain CommonJS, run with `node -e`). They print one JSON line when done. */
const HTTP_SENDER = `
const http = require('node:http');
const [port, seconds, perRequest, inFlight] = process.argv.slice(1).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
const bodies = Array.from({ length: 8 }, (_, b) => {
  let s = '';
  for (let i = 0; i < perRequest; i++)
    s += JSON.stringify({ code: [200, 486, 503, 404][i % 4], reason: 'Busy Here', method: 'INVITE',
      callId: 'b' + b + '-' + i + '@192.0.2.10', cseq: 1, srcIp: '203.0.113.7', trunk: 'carrier-a' }) + '\\n';
  return Buffer.from(s);
});
const start = Date.now();
const deadline = start + seconds * 1000;
let requests = 0, events = 0, errors = 0, n = 0;
function one() {
  if (Date.now() >= deadline) return Promise.resolve();
  const body = bodies[n++ % bodies.length];
  return new Promise((resolve) => {
    const req = http.request({ port, host: '127.0.0.1', path: '/api/v1/events', method: 'POST', agent,
      headers: { 'content-type': 'application/x-ndjson', 'content-length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        requests++;
        try { events += JSON.parse(Buffer.concat(chunks).toString()).accepted || 0; } catch { errors++; }
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  }).then(one);
}
Promise.all(Array.from({ length: inFlight }, one)).then(() => {
  process.stdout.write(JSON.stringify({ requests, events, errors, ms: Date.now() - start }) + '\\n');
  agent.destroy();
});
`;

export const UDP_SENDER = `
const dgram = require('node:dgram');
const [port, rate, seconds] = process.argv.slice(1).map(Number);
const line = (n) => ${JSON.stringify(SYSLOG_LINE(0))}.replace('bench-0@', 'bench-' + n + '@');
const socket = dgram.createSocket('udp4');
const total = rate * seconds;
let sent = 0;
const start = Date.now();
function pump() {
  const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000));
  while (sent < due) socket.send(line(sent++), port, '127.0.0.1');
  if (sent < total) setImmediate(pump);
  else setTimeout(() => socket.close(() => process.stdout.write(JSON.stringify({ sent, ms: Date.now() - start }) + '\\n')), 50);
}
pump();
`;

const TCP_SENDER = `
const net = require('node:net');
const [port, total, maxSeconds, connections] = process.argv.slice(1).map(Number);
const line = (n) => ${JSON.stringify(SYSLOG_LINE(0))}.replace('bench-0@', 'bench-' + n + '@') + '\\n';
const start = Date.now();
process.stdout.write(JSON.stringify({ start }) + '\\n');
let n = 0;
let open = connections;
for (let c = 0; c < connections; c++) {
  const socket = net.connect({ port, host: '127.0.0.1' }, () => {
    function pump() {
      while (n < total && Date.now() - start < maxSeconds * 1000) {
        let chunk = '';
        for (let i = 0; i < 500 && n < total; i++) chunk += line(n++);
        if (!socket.write(chunk)) return socket.once('drain', pump);
      }
      socket.end(() => {
        if (--open === 0) process.stdout.write(JSON.stringify({ sent: n, ms: Date.now() - start }) + '\\n');
      });
    }
    pump();
  });
}
`;

interface SenderOutput {
  lines: Record<string, number>[];
}

export function runSender(
  script: string,
  args: number[],
  onLine?: (o: Record<string, number>) => void,
  textArgs: string[] = [],
): Promise<SenderOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args.map(String), ...textArgs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, number>[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const o = JSON.parse(buffered.slice(0, nl)) as Record<string, number>;
        buffered = buffered.slice(nl + 1);
        lines.push(o);
        onLine?.(o);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve({ lines }) : reject(new Error(`sender exited with ${code}`)),
    );
  });
}

/** Samples this process's RSS until stopped; returns the peak. */
function rssSampler(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

interface Figure {
  perSecond: number;
  peakRss: number;
  /** CPU per thread over the phase: event loop, each intake worker, the rest. */
  cpu: string;
  note?: string;
}

/**
 * CPU per thread from now: the event loop, each intake worker, and the rest of the process (GC
 * helpers, the database writer), as a share of one core and as µs per event handled (steadier than
 * rates on a busy machine).
 */
function cpuMeter(target?: Target): (events: number) => Promise<string> {
  const wall = Date.now();
  const process0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const workers0 = target?.workersCpuMs() ?? Promise.resolve([]);
  return async (events) => {
    const ms = Date.now() - wall;
    const d = process.cpuUsage(process0);
    const mainMs = mainThreadCpuMs() - main0;
    const before = await workers0;
    const after = (await target?.workersCpuMs()) ?? [];
    const workers = after.map((a, i) => a - (before[i] ?? 0));
    const total = (d.user + d.system) / 1000;
    const rest = Math.max(0, total - mainMs - workers.reduce((a, b) => a + b, 0));
    const of = (x: number): string =>
      `${Math.round((100 * x) / ms)}% ${events > 0 ? ((1000 * x) / events).toFixed(2) : '-'} µs/ev`;
    const parts = [`event loop ${of(mainMs)}`, ...workers.map((w, i) => `worker ${i + 1} ${of(w)}`)];
    return `CPU ${parts.join(', ')}, rest ${of(rest)}`;
  };
}

const rate = (n: number): string => `${Math.round(n).toLocaleString('en')}/s`;

function report(what: string, bare: Figure, rows: [string, Figure][], aim: number): void {
  line(`bare node receiver (${what})`, rate(bare.perSecond));
  line('', bare.cpu);
  if (bare.note) line('', bare.note);
  for (const [label, f] of rows) {
    line(label, rate(f.perSecond), rate(aim));
    line('', `ratio to bare ${(f.perSecond / bare.perSecond).toFixed(2)}; peak RSS ${mb(f.peakRss)}`);
    line('', f.cpu);
    if (f.note) line('', f.note);
  }
}

// ---------------------------------------------------------------- HTTP

async function httpPhase(port: number, target?: Target): Promise<Figure> {
  const stop = rssSampler();
  const cpu = cpuMeter(target);
  const { lines } = await runSender(HTTP_SENDER, [
    port,
    HTTP_SECONDS,
    HTTP_EVENTS_PER_REQUEST,
    HTTP_IN_FLIGHT,
  ]);
  const peakRss = stop();
  const r = lines.at(-1)!;
  return {
    perSecond: (r.events! * 1000) / r.ms!,
    peakRss,
    cpu: await cpu(r.events!),
    note: `${r.requests!.toLocaleString('en')} requests, ${r.errors} errors`,
  };
}

/** node:http, JSON.parse of each line, a count: the least a receiver of NDJSON events does. */
async function bareHttp(): Promise<Figure> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let lines = 0;
      for (let start = 0; start < body.length;) {
        let end = body.indexOf('\n', start);
        if (end < 0) end = body.length;
        if (end > start && JSON.parse(body.slice(start, end))) lines++;
        start = end + 1;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accepted: lines, rejected: [] }));
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await httpPhase((server.address() as AddressInfo).port);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- UDP

async function udpPhase(
  port: number,
  count: () => number,
  reset: () => void,
  target?: Target,
): Promise<Figure> {
  const stop = rssSampler();
  const cpu = cpuMeter(target);
  let best = 0;
  let total = 0;
  const notes: string[] = [];
  for (const r of UDP_RATES) {
    reset();
    const { lines } = await runSender(UDP_SENDER, [port, r, UDP_SECONDS]);
    const sent = lines.at(-1)!.sent!;
    await settle(count, sent);
    const received = count();
    total += received;
    const loss = (100 * (sent - received)) / sent;
    notes.push(`${rate(r)}: ${loss.toFixed(2)}% lost`);
    if (received >= sent) best = Math.max(best, r);
  }
  return { perSecond: best, peakRss: stop(), cpu: await cpu(total), note: notes.join(', ') };
}

async function bareUdp(): Promise<Figure> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  let n = 0;
  socket.on('message', () => {
    n++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    return await udpPhase(
      socket.address().port,
      () => n,
      () => (n = 0),
    );
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- TCP

async function tcpPhase(
  port: number,
  connections: number,
  count: () => number,
  reset: () => void,
  target?: Target,
): Promise<Figure> {
  reset();
  const stop = rssSampler();
  const cpu = cpuMeter(target);
  let start = 0;
  const { lines } = await runSender(TCP_SENDER, [port, TCP_LINES, TCP_MAX_SECONDS, connections], (o) => {
    if (o.start) start = o.start;
  });
  const sent = lines.at(-1)!.sent!;
  await settle(count, sent);
  const end = Date.now();
  const received = count();
  return {
    perSecond: (received * 1000) / (end - start),
    peakRss: stop(),
    cpu: await cpu(received),
    note: `${received.toLocaleString('en')}/${sent.toLocaleString('en')} lines`,
  };
}

async function bareTcp(connections: number): Promise<Figure> {
  let n = 0;
  const server = createTcpServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await tcpPhase(
      (server.address() as AddressInfo).port,
      connections,
      () => n,
      () => (n = 0),
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- sipwatch

/** A running receiver: its ports and how many events it has taken in. */
interface Target {
  http: number;
  syslogUdp: number;
  syslogTcp: number;
  count(): number;
  reset(): void;
  /** CPU ms of each intake worker thread (none with intake.workers 0). */
  workersCpuMs(): Promise<number[]>;
  close(): Promise<void>;
}

const BENCH_CONFIG = {
  host: '127.0.0.1',
  logLevel: 'silent',
  http: { port: 0, bodyLimitBytes: 16 * 1024 * 1024 },
  syslog: { port: 0 },
  hep: { port: 0, udp: false, tcp: false },
  demo: { enabled: false },
} as const;

/** The whole application (intake, dedupe, aggregation, SQLite flushes, Socket.IO ticks) with `workers`. */
async function startApp(workers: number | undefined): Promise<Target> {
  const tmp = tempDir('sipwatch-bench-ingest-');
  const app = await createApplication(
    parseConfig({
      ...BENCH_CONFIG,
      storage: { dataDir: tmp.dir },
      ...(workers !== undefined && { intake: { workers } }),
    }),
  );
  let n = 0;
  app.onAccepted((events) => {
    n += events.length;
  });
  const ports = await app.listen();
  return {
    http: ports.http,
    syslogUdp: ports.syslogUdp!,
    syslogTcp: ports.syslogTcp!,
    count: () => n,
    reset: () => (n = 0),
    workersCpuMs: () => app.intakePool?.cpuMs() ?? Promise.resolve([]),
    async close() {
      await app.close();
      tmp.cleanup();
    },
  };
}

async function measure(workers: number | undefined, phase: (t: Target) => Promise<Figure>): Promise<Figure> {
  const target = await startApp(workers);
  try {
    return await phase(target);
  } finally {
    await target.close();
  }
}

/** The two configurations of each path: everything on the event loop, and the default pool. */
async function sipwatchRows(phase: (t: Target) => Promise<Figure>): Promise<[string, Figure][]> {
  const pool = parseConfig({}).intake.workers;
  return [
    ['sipwatch, intake.workers 0', await measure(0, phase)],
    [`sipwatch, intake.workers ${pool} (default)`, await measure(undefined, phase)],
  ];
}

/** SIPWATCH_BENCH_INGEST=http,udp,tcp1,tcp4 runs only those paths (default: all). */
const PATHS = (process.env.SIPWATCH_BENCH_INGEST ?? 'http,udp,tcp1,tcp4').split(',');

export async function run(): Promise<void> {
  if (PATHS.includes('http')) await runHttp();
  if (PATHS.includes('udp')) await runUdp();
  for (const connections of [1, 4] as const)
    if (PATHS.includes(`tcp${connections}`)) await runTcp(connections);
}

async function runHttp(): Promise<void> {
  process.stdout.write(
    `ingest: HTTP NDJSON (${HTTP_EVENTS_PER_REQUEST.toLocaleString('en')} events per request, ${HTTP_IN_FLIGHT} in flight, ${HTTP_SECONDS} s)\n`,
  );
  const bareH = await bareHttp();
  report('HTTP + JSON.parse per line', bareH, await sipwatchRows((t) => httpPhase(t.http, t)), AIM_HTTP);
}

async function runUdp(): Promise<void> {
  process.stdout.write(
    `\ningest: UDP syslog, best rate without loss (${UDP_RATES.map(rate).join(', ')}; ${UDP_SECONDS} s each)\n`,
  );
  const bareU = await bareUdp();
  report('UDP', bareU, await sipwatchRows((t) => udpPhase(t.syslogUdp, t.count, t.reset, t)), AIM_UDP);
}

async function runTcp(connections: 1 | 4): Promise<void> {
  const aim = connections === 1 ? AIM_TCP_ONE : AIM_TCP_FOUR;
  process.stdout.write(
    `\ningest: TCP syslog, LF-framed, ${connections} connection${connections > 1 ? 's' : ''} (${TCP_LINES.toLocaleString('en')} lines, at most ${TCP_MAX_SECONDS} s)\n`,
  );
  const bareT = await bareTcp(connections);
  report(
    'TCP, counting LFs',
    bareT,
    await sipwatchRows((t) => tcpPhase(t.syslogTcp, connections, t.count, t.reset, t)),
    aim,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
