import { parseTokenEntry } from '../security/roles.js';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { DemoPlan } from './plan.js';
import type { DemoTransport } from './transport.js';
import { httpTransport, syslogUdpTransport } from './transport.js';

/**
 * pnpm simulate --rate 500 --target http://host:8080 [--duration 60] [--token T] [--syslog host:5514]
 *
 * Sends the demo traffic (with its incidents) to any sipwatch server: JSON batches to
 * POST /api/v1/events, or syslog lines over UDP with --syslog.
 */

const USAGE = `usage: pnpm simulate [--rate N] [--target URL] [--duration SECONDS] [--token TOKEN] [--syslog HOST:PORT] [--seed N]
  --rate      events per second (default 100)
  --target    the sipwatch server (default http://127.0.0.1:8080); events go to POST /api/v1/events
  --duration  stop after this many seconds (default: run until Ctrl-C)
  --token     ingest token (default: $SIPWATCH_INGEST_TOKEN)
  --syslog    send RFC 5424 syslog lines over UDP to HOST:PORT instead of HTTP
  --seed      random seed, for repeatable traffic`;

interface CliOptions {
  rate: number;
  target: string;
  durationS?: number;
  token?: string;
  syslog?: { host: string; port: number };
  seed: number;
}

export function parseCli(argv: string[], env: Record<string, string | undefined>): CliOptions | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rate: { type: 'string' },
        target: { type: 'string' },
        duration: { type: 'string' },
        token: { type: 'string' },
        syslog: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return `${(err as Error).message}\n${USAGE}`;
  }
  if (values.help) return USAGE;
  const rate = values.rate === undefined ? 100 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) return `--rate: expected a positive number, got ${values.rate}`;
  const target = values.target ?? 'http://127.0.0.1:8080';
  try {
    const u = new URL(target);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    return `--target: expected an http(s) URL, got ${target}`;
  }
  const out: CliOptions = {
    rate,
    target,
    seed: values.seed === undefined ? Date.now() : Number(values.seed),
  };
  if (values.duration !== undefined) {
    const d = Number(values.duration);
    if (!Number.isFinite(d) || d <= 0) return `--duration: expected seconds, got ${values.duration}`;
    out.durationS = d;
  }
  const first = env.SIPWATCH_INGEST_TOKEN?.split(',')[0]?.trim();
  const token = values.token ?? (first ? parseTokenEntry(first, 'ingest').token : undefined);
  if (token) out.token = token;
  if (values.syslog !== undefined) {
    const m = /^(.+):(\d+)$/.exec(values.syslog);
    if (!m || Number(m[2]) > 65535) return `--syslog: expected HOST:PORT, got ${values.syslog}`;
    out.syslog = { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  }
  return out;
}

async function main(): Promise<number> {
  const parsed = parseCli(
    process.argv.slice(2).filter((a) => a !== '--'),
    process.env,
  );
  if (typeof parsed === 'string') {
    const help = parsed.startsWith('usage');
    (help ? process.stdout : process.stderr).write(`${parsed}\n`);
    return help ? 0 : 2;
  }
  const transport: DemoTransport = parsed.syslog
    ? syslogUdpTransport(parsed.syslog.host, parsed.syslog.port)
    : httpTransport(parsed.target, parsed.token);
  const clock = systemClock;
  const started = clock.now();
  const plan = new DemoPlan({ startedAt: started, rate: parsed.rate, seed: parsed.seed });
  const totals = { sent: 0, accepted: 0, failed: 0 };
  let lastError = '';
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  process.once('SIGTERM', () => (stop = true));
  process.stdout.write(
    `sending ${parsed.rate} events/s via ${transport.name}${parsed.durationS ? ` for ${parsed.durationS} s` : ''}\n`,
  );

  let nextReport = started + 5000;
  let lastIncident = 0;
  while (!stop) {
    const now = clock.now();
    if (parsed.durationS !== undefined && now - started >= parsed.durationS * 1000) break;
    const incident = plan.incidentAt(now);
    if (incident && incident.from !== lastIncident) {
      lastIncident = incident.from;
      process.stdout.write(`incident: ${incident.description}\n`);
    }
    const events = plan.due(now);
    // Batches of at most 1,000 per request.
    for (let i = 0; i < events.length; i += 1000) {
      const r = await transport.send(events.slice(i, i + 1000));
      totals.sent += r.sent;
      totals.accepted += r.accepted ?? r.sent;
      if (r.error) {
        totals.failed += events.length - r.sent || 1;
        if (r.error !== lastError) process.stderr.write(`error: ${r.error}\n`);
        lastError = r.error;
      }
    }
    if (now >= nextReport) {
      const secs = (now - started) / 1000;
      process.stdout.write(
        `${secs.toFixed(0)} s: sent ${totals.sent} (${(totals.sent / secs).toFixed(0)}/s), accepted ${totals.accepted}, failed ${totals.failed}\n`,
      );
      nextReport += 5000;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (clock.now() - now))));
  }
  await transport.close();
  process.stdout.write(`done: sent ${totals.sent}, accepted ${totals.accepted}, failed ${totals.failed}\n`);
  return totals.sent > 0 && totals.failed === 0 ? 0 : 1;
}

// Run only as a program, not when a test imports parseCli.
if (process.argv[1] && /[\\/]demo[\\/]cli\.(ts|js)$/.test(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`simulate: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
