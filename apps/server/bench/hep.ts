import { createSocket } from 'node:dgram';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createApplication } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { encodeHep } from '@sipwatch/hep';
import { RECV_BUFFER_BYTES } from '../src/intake/hep/udp.js';
import { line, mainThreadCpuMs, settle, tempDir, udpReceiveBufferErrors } from './support.js';

/**
 * HEP v3 over UDP: how many packets per second the real server takes in (decode, SIP parse, call
 * tracking, normalise, dedupe, aggregate, with its tick and flush timers running) without losing
 * any, against a bare dgram socket that only counts datagrams, on the same machine and run. Another
 * process sends, on another CPU when it can (see PIN), so one core's worth of server is what is
 * measured. Aim: 50,000 packets/s. Each packet is a response of a new call (the call table's worst
 * case: every packet creates a call and, past hep.maxCalls, evicts one).
 */

/** Override with SIPWATCH_BENCH_HEP_RATES=25000,50000 (e.g. to profile one rate). */
const RATES = (process.env.SIPWATCH_BENCH_HEP_RATES ?? '25000,50000,75000,100000').split(',').map(Number);
const SECONDS = 5;
/** After the sender stops, wait until the count has not moved for this long. */
const QUIET = { quietMs: 500, timeoutMs: 5000 };
const AIM = 50_000;

/** Distinct Call-IDs: the digits at `offset` are rewritten per call by the sender. */
const COUNTER_DIGITS = 10;
const CALL_ID = `bench-${'0'.repeat(COUNTER_DIGITS)}@192.0.2.10`;

/**
 * What is sent. `responses`: every packet is a final or provisional response of a new call, the
 * worst case for the call table (each packet creates a call and, past hep.maxCalls, evicts one).
 * `calls`: whole calls as a capture agent sees them, INVITE, 100, 180, 200, BYE, 200, six packets
 * per call (two requests, which make no event).
 */
const SHAPES = {
  responses: {
    perCall: 1,
    messages: ['180 Ringing', '200 OK', '486 Busy Here', '503 Service Unavailable', '404 Not Found'].map(
      (r) => sip(`SIP/2.0 ${r}`, 'INVITE', 1, true),
    ),
  },
  calls: {
    perCall: 6,
    messages: [
      sip('INVITE sip:+15551234567@carrier.example.net SIP/2.0', 'INVITE', 1, false),
      sip('SIP/2.0 100 Trying', 'INVITE', 1, false),
      sip('SIP/2.0 180 Ringing', 'INVITE', 1, true),
      sip('SIP/2.0 200 OK', 'INVITE', 1, true),
      sip('BYE sip:+15551234567@198.51.100.20 SIP/2.0', 'BYE', 2, true),
      sip('SIP/2.0 200 OK', 'BYE', 2, true),
    ],
  },
} as const;
type Shape = keyof typeof SHAPES;

const SHAPE_DESCRIPTIONS: Record<Shape, string> = {
  responses: 'every packet a response of a new call (the worst case)',
  calls: 'whole calls, INVITE 100 180 200 BYE 200 (4 events per 6 packets)',
};

/** Override with SIPWATCH_BENCH_HEP_SHAPES=calls (or responses). */
const SHAPE_NAMES = (process.env.SIPWATCH_BENCH_HEP_SHAPES ?? 'responses,calls').split(',') as Shape[];

function sip(startLine: string, method: string, cseq: number, toTag: boolean): string {
  return [
    startLine,
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
    'From: "Alice" <sip:alice@example.com>;tag=1928301774',
    `To: <sip:+15551234567@carrier.example.net>${toTag ? ';tag=a6c85cf' : ''}`,
    `Call-ID: ${CALL_ID}`,
    `CSeq: ${cseq} ${method}`,
    'Contact: <sip:198.51.100.20:5060>',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

function templates(shape: Shape): { packets: Buffer[]; offsets: number[]; perCall: number } {
  const packets: Buffer[] = [];
  const offsets: number[] = [];
  for (const payload of SHAPES[shape].messages) {
    const request = !payload.startsWith('SIP/2.0');
    const packet = encodeHep({
      srcIp: request ? '192.0.2.10' : '198.51.100.20',
      dstIp: request ? '198.51.100.20' : '192.0.2.10',
      srcPort: 5060,
      dstPort: 5060,
      tsMs: 0,
      captureId: 2001,
      nodeName: 'bench',
      payload,
    });
    packets.push(packet);
    offsets.push(packet.indexOf(CALL_ID) + 'bench-'.length);
  }
  return { packets, offsets, perCall: SHAPES[shape].perCall };
}

/**
 * Paced sender in its own process, as a capture agent would be (CommonJS source, so it runs without a
 * TypeScript loader): reads its settings as JSON on stdin, prints what it sent as JSON on stdout.
 */
const SENDER = `
const dgram = require('node:dgram');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const { port, rate, seconds, packets, offsets, perCall, base, digits } = JSON.parse(input);
  const templates = packets.map((p) => Buffer.from(p, 'base64'));
  const socket = dgram.createSocket('udp4');
  const total = rate * seconds;
  let sent = 0;
  const start = Date.now();
  function pump() {
    const due = Math.min(total, Math.floor(((Date.now() - start) * rate) / 1000));
    while (sent < due) {
      const i = sent % templates.length;
      const buf = Buffer.from(templates[i]);
      buf.write(String(base + Math.floor(sent / perCall)).padStart(digits, '0'), offsets[i], 'latin1');
      socket.send(buf, port, '127.0.0.1');
      sent++;
    }
    // Sleep until the next millisecond's packets are due rather than spin: on a small machine a
    // spinning sender would take the CPU the server under test needs.
    if (sent < total) setTimeout(pump, 1);
    else setTimeout(() => socket.close(() => process.stdout.write(JSON.stringify({ sent }))), 50);
  }
  pump();
});
`;

/**
 * Pinning: when the machine has two or more CPUs and `taskset` is available, every thread of this
 * process (event loop, database writer, GC helpers) is held to CPU 0 and the sender runs on CPU 1,
 * so "per core" figures mean exactly one core. SIPWATCH_BENCH_PIN=0 turns it off.
 */
const PIN = process.env.SIPWATCH_BENCH_PIN !== '0' && availableParallelism() >= 2 && hasTaskset();

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

function pinThisProcess(): void {
  // -a: all threads that exist now; threads started later inherit the affinity of their creator.
  spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
}

/** Each run's Call-IDs start here, so no run's calls look like retransmissions of an earlier one's. */
let nextCallBase = 0;

function send(port: number, rate: number, shape: Shape, seconds = SECONDS): Promise<{ sent: number }> {
  const { packets, offsets, perCall } = templates(shape);
  const base = nextCallBase;
  nextCallBase += rate * seconds;
  const [command, args] = PIN
    ? ['taskset', ['-c', '1', process.execPath, '-e', SENDER]]
    : [process.execPath, ['-e', SENDER]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(JSON.parse(output) as { sent: number });
      else reject(new Error(`the sender exited with ${code}`));
    });
    child.stdin.end(
      JSON.stringify({
        port,
        rate,
        seconds,
        packets: packets.map((p) => p.toString('base64')),
        offsets,
        perCall,
        base,
        digits: COUNTER_DIGITS,
      }),
    );
  });
}

interface Result {
  rate: number;
  /** What should have arrived: packets (bare socket) or events (sipwatch). */
  expected: number;
  received: number;
}

interface Target {
  name: string;
  port: number;
  shape: Shape;
  /** Packets, or events, so far. */
  count(): number;
  reset(): void;
  /** What `count` should reach once `sent` packets arrived. */
  expected(sent: number): number;
  detail?(): string;
}

/** Events a server makes of the first `sent` packets of a shape: one per response. */
function responsesIn(shape: Shape, sent: number): number {
  const messages = SHAPES[shape].messages;
  let n = 0;
  for (let i = 0; i < messages.length; i++) {
    if (!messages[i]!.startsWith('SIP/2.0')) continue;
    n += Math.floor(sent / messages.length) + (i < sent % messages.length ? 1 : 0);
  }
  return n;
}

/** Sent first and not measured, so the first rate is not also the JIT's and the heap's warm-up. */
const WARMUP = { rate: 20_000, seconds: 2 };

async function measure(target: Target): Promise<Result[]> {
  const { name, port, shape } = target;
  const warm = await send(port, WARMUP.rate, shape, WARMUP.seconds);
  await settle(() => target.count(), target.expected(warm.sent), QUIET);
  const results: Result[] = [];
  for (const rate of RATES) {
    target.reset();
    const overflowBefore = udpReceiveBufferErrors();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpuBefore = mainThreadCpuMs();
    const processCpuBefore = process.cpuUsage();
    const { sent } = await send(port, rate, shape);
    const expected = target.expected(sent);
    const received = await settle(() => target.count(), expected, QUIET);
    const cpuMs = mainThreadCpuMs() - cpuBefore;
    const processCpu = process.cpuUsage(processCpuBefore);
    delay.disable();
    results.push({ rate, expected, received });
    const loss = expected === 0 ? 0 : (100 * (expected - received)) / expected;
    line(`${name} @ ${rate.toLocaleString('en')}/s: received/expected`, `${received}/${expected}`);
    line(`  loss; longest event-loop stall`, `${loss.toFixed(2)}%; ${(delay.max / 1e6).toFixed(0)} ms`);
    const overflow = udpReceiveBufferErrors() - overflowBefore;
    if (!Number.isNaN(overflow)) line('  dropped by the kernel (socket buffer full)', String(overflow));
    if (received > 0 && !Number.isNaN(cpuMs)) {
      // The sender is another process: this is the receiver's event loop alone.
      const packets = (received * sent) / expected;
      const us = (cpuMs * 1000) / packets;
      line(
        '  event-loop CPU per packet received',
        `${us.toFixed(1)} µs (one core: ${Math.round(1e6 / us).toLocaleString('en')}/s)`,
      );
      const all = (processCpu.user + processCpu.system) / packets;
      line('  whole process (+ database writer, GC threads)', `${all.toFixed(1)} µs`);
    }
    if (target.detail) line('  ', target.detail());
  }
  return results;
}

function bestLossless(results: Result[]): number {
  return results.filter((r) => r.received >= r.expected).reduce((best, r) => Math.max(best, r.rate), 0);
}

export async function run(): Promise<void> {
  if (PIN) pinThisProcess();
  process.stdout.write(
    `HEP v3 over UDP: packets/s without loss (${SECONDS} s per rate after a ${WARMUP.seconds} s warm-up, sender in another process${
      PIN ? '; this process held to CPU 0, the sender on CPU 1' : ''
    })\n`,
  );

  // Baseline: a bare socket that only counts.
  const bare = createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
  let bareCount = 0;
  bare.on('message', () => {
    bareCount++;
  });
  await new Promise<void>((resolve) => bare.bind(0, '127.0.0.1', resolve));
  const baseline = await measure({
    name: 'bare dgram',
    port: bare.address().port,
    shape: 'responses',
    count: () => bareCount,
    reset: () => (bareCount = 0),
    expected: (sent) => sent,
  });
  await new Promise<void>((resolve) => bare.close(() => resolve()));

  // sipwatch: the real application, HEP UDP only.
  const tmp = tempDir('sipwatch-bench-hep-');
  const app = await createApplication(
    parseConfig({
      host: '127.0.0.1',
      logLevel: 'silent',
      http: { port: 0 },
      syslog: { port: 0, udp: false, tcp: false },
      hep: { port: 0, udp: true, tcp: false },
      storage: { dataDir: tmp.dir },
      demo: { enabled: false },
      // SIPWATCH_BENCH_HEP_CALLS=0: without keeping whole calls, for comparison.
      calls: { enabled: process.env.SIPWATCH_BENCH_HEP_CALLS !== '0' },
    }),
  );
  let accepted = 0;
  app.onAccepted((events) => {
    accepted += events.length;
  });
  try {
    const ports = await app.listen();
    line('bare dgram: best rate without loss', `${bestLossless(baseline).toLocaleString('en')}/s`);
    for (const shape of SHAPE_NAMES) {
      process.stdout.write(`sipwatch, ${SHAPE_DESCRIPTIONS[shape]}:\n`);
      const results = await measure({
        name: `sipwatch HEP (${shape})`,
        port: ports.hepUdp!,
        shape,
        count: () => accepted,
        reset: () => (accepted = 0),
        expected: (sent) => responsesIn(shape, sent),
        detail: () => {
          const flush = app.live.pipeline.lastFlush;
          const rejected = app.stats.snapshot().channels.hep.sinceStart.rejected;
          const took = flush
            ? `${flush.loopMs.toFixed(0)} ms on the event loop, ${flush.durationMs.toFixed(0)} ms to write`
            : '-';
          return `last flush ${took}; rejected ${JSON.stringify(rejected)}`;
        },
      });
      line(
        `sipwatch HEP (${shape}): best rate without loss`,
        `${bestLossless(results).toLocaleString('en')}/s`,
        `${AIM.toLocaleString('en')}/s`,
      );
    }
  } finally {
    await app.close();
    tmp.cleanup();
  }
}
