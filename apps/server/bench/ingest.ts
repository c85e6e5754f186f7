import { createAccessPolicy } from '../src/security/access.js';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApplication } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import type { ServerContext } from '../src/context.js';
import { createIngestRouter } from '../src/intake/http/router.js';
import { createIntake } from '../src/intake/intake.js';
import { IngestStats } from '../src/intake/stats.js';
import { createSyslogServer } from '../src/intake/syslog/server.js';
import { silentLogger } from '../src/logger.js';
import { line, mb, settle, tempDir } from './support.js';

/**
 * The intake on loopback: events/s, peak RSS and CPU per event for HTTP NDJSON batches (1,000
 * events per request), UDP syslog and TCP syslog. Each transport is measured three times on the same
 * run: a bare Node receiver that only counts (node:http / dgram / net), sipwatch's intake alone (the
 * HTTP router and syslog listeners into a sink that only counts), and the whole application (intake,
 * dedupe, aggregation, SQLite flushes). Senders are child processes, so the server's event loop (one
 * core) is what is measured and the RSS is the server's. Every phase is bounded in count and time.
 * On a busy machine the rates drop with the CPU share; the CPU per event stays comparable.
 */

const HTTP_SECONDS = 3;
const HTTP_EVENTS_PER_REQUEST = 1000;
const HTTP_IN_FLIGHT = 4;
const UDP_RATES = [25_000, 50_000, 100_000];
const UDP_SECONDS = 2;
const TCP_LINES = 600_000;
const TCP_MAX_SECONDS = 5;
const AIM_HTTP = 100_000;
const AIM_UDP = 50_000;

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
const [port, total, maxSeconds] = process.argv.slice(1).map(Number);
const line = (n) => ${JSON.stringify(SYSLOG_LINE(0))}.replace('bench-0@', 'bench-' + n + '@') + '\\n';
const socket = net.connect({ port, host: '127.0.0.1' }, () => {
  const start = Date.now();
  process.stdout.write(JSON.stringify({ start }) + '\\n');
  let n = 0;
  function pump() {
    while (n < total && Date.now() - start < maxSeconds * 1000) {
      let chunk = '';
      for (let i = 0; i < 500 && n < total; i++) chunk += line(n++);
      if (!socket.write(chunk)) return socket.once('drain', pump);
    }
    socket.end(() => process.stdout.write(JSON.stringify({ sent: n, ms: Date.now() - start }) + '\\n'));
  }
  pump();
});
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
  /** Server CPU time (user + system, all threads) per event: steady on a busy machine, unlike rates. */
  cpuUsPerEvent: number;
  note?: string;
}

/** Measures this process's CPU time from now; call the result with the events handled. */
function cpuMeter(): (events: number) => number {
  const start = process.cpuUsage();
  return (events) => {
    const d = process.cpuUsage(start);
    return events > 0 ? (d.user + d.system) / events : NaN;
  };
}

const rate = (n: number): string => `${Math.round(n).toLocaleString('en')}/s`;

function report(what: string, bare: Figure, intakeOnly: Figure, app: Figure, aim: number): void {
  const rows: [string, Figure][] = [
    [`bare node receiver (${what})`, bare],
    ['sipwatch intake (sink only counts)', intakeOnly],
    ['sipwatch application (whole pipeline)', app],
  ];
  for (const [label, f] of rows) {
    line(label, rate(f.perSecond), f === bare ? undefined : rate(aim));
    line('', `peak RSS ${mb(f.peakRss)}`);
    line('', `CPU ${f.cpuUsPerEvent.toFixed(2)} µs/event (one core: ${rate(1e6 / f.cpuUsPerEvent)})`);
    if (f.note) line('', f.note);
  }
  line('ratio intake / bare', (intakeOnly.perSecond / bare.perSecond).toFixed(2), '>= 0.50');
  line('ratio application / bare', (app.perSecond / bare.perSecond).toFixed(2), '>= 0.50');
}

// ---------------------------------------------------------------- HTTP

async function httpPhase(port: number): Promise<Figure> {
  const stop = rssSampler();
  const cpu = cpuMeter();
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
    cpuUsPerEvent: cpu(r.events!),
    note: `${r.requests!.toLocaleString('en')} requests, ${r.errors} errors`,
  };
}

async function bareHttp(): Promise<Figure> {
  const server = createHttpServer((req, res) => {
    let lines = 0;
    req.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    req.on('end', () => {
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

async function udpPhase(port: number, count: () => number, reset: () => void): Promise<Figure> {
  const stop = rssSampler();
  const cpu = cpuMeter();
  let total = 0;
  let best = 0;
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
  return { perSecond: best, peakRss: stop(), cpuUsPerEvent: cpu(total), note: notes.join(', ') };
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

async function tcpPhase(port: number, count: () => number, reset: () => void): Promise<Figure> {
  reset();
  const stop = rssSampler();
  const cpu = cpuMeter();
  let start = 0;
  const { lines } = await runSender(TCP_SENDER, [port, TCP_LINES, TCP_MAX_SECONDS], (o) => {
    if (o.start) start = o.start;
  });
  const sent = lines.at(-1)!.sent!;
  await settle(count, sent);
  const end = Date.now();
  const received = count();
  return {
    perSecond: (received * 1000) / (end - start),
    peakRss: stop(),
    cpuUsPerEvent: cpu(received),
    note: `${received.toLocaleString('en')}/${sent.toLocaleString('en')} lines`,
  };
}

async function bareTcp(): Promise<Figure> {
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

/** The whole application: intake, dedupe, aggregation, SQLite flushes, Socket.IO ticks. */
async function startApp(): Promise<Target> {
  const tmp = tempDir('sipwatch-bench-ingest-');
  const app = await createApplication(parseConfig({ ...BENCH_CONFIG, storage: { dataDir: tmp.dir } }));
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
    async close() {
      await app.close();
      tmp.cleanup();
    },
  };
}

/** The intake alone (this part): HTTP router and syslog listeners into a sink that counts. */
async function startIntakeOnly(): Promise<Target> {
  const config = parseConfig(BENCH_CONFIG);
  let n = 0;
  const ctx: ServerContext = {
    config,
    clock: systemClock,
    logger: silentLogger,
    stats: new IngestStats(systemClock, config.ingest.unparsedSamples),
    sink: (events) => {
      n += events.length;
    },
    access: createAccessPolicy(config),
  };
  const intake = createIntake(ctx);
  const syslog = createSyslogServer(ctx, intake);
  const app = express();
  app.use('/api/v1', createIngestRouter(ctx, intake));
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ports = await syslog.listen();
  return {
    http: (server.address() as AddressInfo).port,
    syslogUdp: ports.syslogUdp!,
    syslogTcp: ports.syslogTcp!,
    count: () => n,
    reset: () => (n = 0),
    async close() {
      await syslog.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function measure(start: () => Promise<Target>, phase: (t: Target) => Promise<Figure>): Promise<Figure> {
  const target = await start();
  try {
    return await phase(target);
  } finally {
    await target.close();
  }
}

export async function run(): Promise<void> {
  process.stdout.write(
    `ingest: HTTP NDJSON (${HTTP_EVENTS_PER_REQUEST.toLocaleString('en')} events per request, ${HTTP_IN_FLIGHT} in flight, ${HTTP_SECONDS} s)\n`,
  );
  const httpPhaseOf = (t: Target): Promise<Figure> => httpPhase(t.http);
  report(
    'HTTP',
    await bareHttp(),
    await measure(startIntakeOnly, httpPhaseOf),
    await measure(startApp, httpPhaseOf),
    AIM_HTTP,
  );

  process.stdout.write(
    `\ningest: UDP syslog, best rate without loss (${UDP_RATES.map(rate).join(', ')}; ${UDP_SECONDS} s each)\n`,
  );
  const udpPhaseOf = (t: Target): Promise<Figure> => udpPhase(t.syslogUdp, t.count, t.reset);
  report(
    'UDP',
    await bareUdp(),
    await measure(startIntakeOnly, udpPhaseOf),
    await measure(startApp, udpPhaseOf),
    AIM_UDP,
  );

  process.stdout.write(
    `\ningest: TCP syslog, LF-framed, one connection (${TCP_LINES.toLocaleString('en')} lines)\n`,
  );
  const tcpPhaseOf = (t: Target): Promise<Figure> => tcpPhase(t.syslogTcp, t.count, t.reset);
  report(
    'TCP',
    await bareTcp(),
    await measure(startIntakeOnly, tcpPhaseOf),
    await measure(startApp, tcpPhaseOf),
    AIM_UDP,
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
