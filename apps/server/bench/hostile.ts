import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createApplication } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { HEP_CHUNK } from '../src/intake/hep/decoder.js';
import { assembleHep } from '../src/intake/hep/encoder.js';
import { benignLine, hostileLines } from '../src/test-support/hostile-lines.js';
import { runSender } from './ingest.js';
import { line, tempDir } from './support.js';

/**
 * The longest event-loop stall of the real server while another process sends it input built to
 * make it stall (issue 12), against the same schedule with ordinary input, in the same run:
 *
 * - syslog UDP and TCP: 64 KiB lines that made the extractors backtrack, and a line against the
 *   user extractor configured here, `(\w+\s?)*$`, which backtracks exponentially on a run of
 *   letters that ends badly;
 * - HEP UDP: the same lines, three to a gzipped log packet (type 100);
 * - HTTP: 100,000 nested arrays (JSON), a 5 MiB NDJSON body of `{}` lines.
 *
 * Every 100 ms for SECONDS (after WARMUP_SECONDS not measured), one round: 12 datagrams, 12 TCP frames, 4 HEP packets, one HTTP request.
 * The benign run sends ordinary outcome lines and a 200-event NDJSON body on the same schedule.
 * Aim: the longest stall under 50 ms.
 */

const SECONDS = 4;
/** Sent first and not measured: the first rounds also pay for compiling the code they run. */
const WARMUP_SECONDS = 2;
const ROUND_MS = 100;

const SENDER = `
const fs = require('node:fs');
const dgram = require('node:dgram');
const net = require('node:net');
const http = require('node:http');
const [file] = process.argv.slice(1);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const buf = (x) => Buffer.from(x, 'base64');
const udp = p.udp.map(buf), tcp = p.tcp.map(buf), hep = p.hep.map(buf), bodies = p.http.map((h) => ({ ...h, body: buf(h.body) }));
const u = dgram.createSocket('udp4');
const t = net.connect({ port: p.ports.syslogTcp, host: '127.0.0.1' });
t.on('error', () => {});
let rounds = 0, answers = {};
const start = Date.now();
function round(i) {
  for (const m of udp) u.send(m, p.ports.syslogUdp, '127.0.0.1');
  for (const m of tcp) t.write(m);
  for (const m of hep) u.send(m, p.ports.hepUdp, '127.0.0.1');
  const h = bodies[i % bodies.length];
  const req = http.request({ port: p.ports.http, host: '127.0.0.1', path: '/api/v1/events', method: 'POST', headers: { 'content-type': h.type } }, (res) => {
    answers[res.statusCode] = (answers[res.statusCode] || 0) + 1;
    res.resume();
  });
  req.on('error', () => {});
  req.end(h.body);
}
let warm = false;
const timer = setInterval(() => {
  if (!warm && Date.now() - start >= p.warmupSeconds * 1000) {
    warm = true;
    process.stdout.write(JSON.stringify({ warm: 1 }) + '\\n');
  }
  if (Date.now() - start >= (p.warmupSeconds + p.seconds) * 1000) {
    clearInterval(timer);
    setTimeout(() => { t.end(); u.close(); process.stdout.write(JSON.stringify({ rounds, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => ['http' + k, v])) }) + '\\n'); }, 1000);
    return;
  }
  round(rounds++);
}, p.roundMs);
`;

interface Payloads {
  udp: Buffer[];
  tcp: Buffer[];
  hep: Buffer[];
  http: { type: string; body: Buffer }[];
}

function hepLog(lines: string[]): Buffer {
  return assembleHep([
    [HEP_CHUNK.ipFamily, Buffer.from([2])],
    [HEP_CHUNK.ipProtocol, Buffer.from([17])],
    [HEP_CHUNK.protoType, Buffer.from([100])],
    [HEP_CHUNK.nodeName, Buffer.from('capture-1')],
    [HEP_CHUNK.compressedPayload, gzipSync(lines.join('\n'))],
  ]);
}

const octet = (l: string): Buffer => Buffer.from(`${Buffer.byteLength(l)} ${l}`);

function attack(): Payloads {
  const lines = [
    ...hostileLines(),
    `<134>Nov 24 10:00:00 attacker app: 486 ${'a'.repeat(7000)}!${'a'.repeat(57_000)}`,
  ].slice(0, 12);
  const depth = 100_000;
  return {
    udp: lines.map((l) => Buffer.from(l)),
    tcp: lines.map(octet),
    hep: [0, 3, 6, 9].map((i) => hepLog(lines.slice(i, i + 3))),
    http: [
      { type: 'application/json', body: Buffer.from('['.repeat(depth) + ']'.repeat(depth)) },
      { type: 'application/x-ndjson', body: Buffer.from('{}\n'.repeat(Math.floor((5 * 1024 * 1024) / 3))) },
    ],
  };
}

function benign(): Payloads {
  const lines = Array.from({ length: 12 }, (_, i) => benignLine(i));
  const events = Array.from({ length: 200 }, (_, i) => `{"code":486,"callId":"b-${i}","method":"INVITE"}`);
  return {
    udp: lines.map((l) => Buffer.from(l)),
    tcp: lines.map(octet),
    hep: [0, 3, 6, 9].map((i) => hepLog(lines.slice(i, i + 3))),
    http: [{ type: 'application/x-ndjson', body: Buffer.from(events.join('\n')) }],
  };
}

async function measure(label: string, payloads: Payloads): Promise<number> {
  const tmp = tempDir('sipwatch-bench-hostile-');
  const config = parseConfig({
    host: '127.0.0.1',
    logLevel: 'silent',
    http: { port: 0 },
    syslog: { port: 0, extractors: [{ name: 'words', pattern: '(?<code>\\d{3}) (?:\\w+\\s?)*$' }] },
    hep: { port: 0 },
    storage: { dataDir: tmp.dir },
    demo: { enabled: false },
  });
  const app = await createApplication(config);
  const ports = await app.listen();
  const file = path.join(tmp.dir, 'payloads.json');
  const b64 = (b: Buffer) => b.toString('base64');
  writeFileSync(
    file,
    JSON.stringify({
      ports,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      roundMs: ROUND_MS,
      udp: payloads.udp.map(b64),
      tcp: payloads.tcp.map(b64),
      hep: payloads.hep.map(b64),
      http: payloads.http.map((h) => ({ type: h.type, body: b64(h.body) })),
    }),
  );
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const { lines } = await runSender(
    SENDER,
    [],
    (o) => {
      if (o.warm) delay.enable();
    },
    [file],
  );
  delay.disable();
  const stats = app.stats.snapshot().sinceStart;
  await app.close();
  tmp.cleanup();
  const worst = delay.max / 1e6;
  const sent = lines.find((l) => l.rounds !== undefined) ?? {};
  line(
    `${label}: longest event-loop stall`,
    `${worst.toFixed(1)} ms`,
    label === 'attack' ? 'under 50 ms' : undefined,
  );
  line(`${label}: p99 event-loop delay`, `${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
  line(
    `${label}: rounds sent, HTTP answers`,
    `${sent.rounds ?? 0}, ${Object.entries(sent)
      .filter(([k]) => k.startsWith('http'))
      .map(([k, v]) => `${k.slice(4)}×${v}`)
      .join(' ')}`,
  );
  line(
    `${label}: accepted, unparsed, refused`,
    `${stats.accepted}, ${stats.unparsed}, ${stats.rejectedTotal}`,
  );
  return worst;
}

export async function run(): Promise<void> {
  process.stdout.write(`hostile input, ${SECONDS} s each, a round every ${ROUND_MS} ms (real server)\n`);
  const b = await measure('benign', benign());
  const a = await measure('attack', attack());
  line('attack / benign, longest stall', `${(a / b).toFixed(1)}×`);
}
