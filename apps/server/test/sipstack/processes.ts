import { until } from '@sipwatch/testing';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The programs the SIP stack suite drives, as Debian installs them. */
export const TOOLS = {
  kamailio: 'kamailio',
  sipp: 'sipp',
  rsyslogd: 'rsyslogd',
  unshare: 'unshare',
} as const;
export type Tool = keyof typeof TOOLS;

export const INSTALL_HINT = 'sudo apt-get install -y kamailio sip-tester rsyslog';

/** Finds a program on PATH or in the sbin directories (where Debian puts daemons). */
export function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function findTools(): { found: Partial<Record<Tool, string>>; missing: Tool[] } {
  const found: Partial<Record<Tool, string>> = {};
  const missing: Tool[] = [];
  for (const tool of Object.keys(TOOLS) as Tool[]) {
    const at = findProgram(TOOLS[tool]);
    if (at) found[tool] = at;
    else missing.push(tool);
  }
  return { found, missing };
}

/** A free UDP port on 127.0.0.1 (bound and released; good enough for a test on loopback). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export interface Started {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr (last 64 kB), for failure messages. */
  output(): string;
  exited: Promise<number | null>;
}

const OUTPUT_LIMIT = 64 * 1024;

export function start(name: string, command: string, args: string[], cwd: string): Started {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (chunk: Buffer): void => {
    out = (out + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      keep(Buffer.from(`\n${name}: ${err.message}\n`));
      resolve(-1);
    });
  });
  return { name, child, output: () => out, exited };
}

/** SIGTERM by pid, then SIGKILL if it is still there after `graceMs`. */
export async function stop(p: Started | undefined, graceMs = 3000): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined) return;
  process.kill(p.child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (p.child.exitCode === null && p.child.signalCode === null && p.child.pid !== undefined)
      process.kill(p.child.pid, 'SIGKILL');
  }, graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** Waits for a process to end by itself; fails with its output when it takes longer than `ms`. */
export async function finished(p: Started, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${p.name} still running after ${ms} ms:\n${p.output()}`)), ms);
  });
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether something listens on 127.0.0.1:<port>/udp (Linux /proc/net/udp). */
export function udpBound(port: number): true | undefined {
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const table = readFileSync('/proc/net/udp', 'utf8');
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1] === wanted) ? true : undefined;
}

export function fileExists(file: string): true | undefined {
  return existsSync(file) ? true : undefined;
}

/** Kamailio's own syntax check, so a bad generated config fails with Kamailio's words. */
export function checkKamailioConfig(kamailio: string, cfg: string): void {
  const r = spawnSync(kamailio, ['-c', '-f', cfg], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`kamailio -c rejected the generated config:\n${r.stdout}\n${r.stderr}`);
}

/** Sends an OPTIONS to Kamailio until it answers: the proxy is up and routing. */
export async function sipPing(port: number, ms: number): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = socket.address().port;
  let answered = false;
  socket.on('message', (msg) => {
    if (msg.toString().startsWith('SIP/2.0 200')) answered = true;
  });
  try {
    let n = 0;
    await until(
      () => {
        n++;
        const ping = [
          `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-ping-${n}`,
          `From: <sip:probe@127.0.0.1:${local}>;tag=probe`,
          `To: <sip:127.0.0.1:${port}>`,
          `Call-ID: sipwatch-probe-${n}@127.0.0.1`,
          'CSeq: 1 OPTIONS',
          'Max-Forwards: 70',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
        socket.send(ping, port, '127.0.0.1');
        return answered ? true : undefined;
      },
      { what: 'Kamailio to answer OPTIONS', timeoutMs: ms, everyMs: 200 },
    );
  } finally {
    socket.close();
  }
}
