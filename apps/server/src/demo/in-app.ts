import { parseTokenEntry } from '../security/roles.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { DemoRunner } from './runner.js';
import { startDemo } from './runner.js';
import { hepUdpTransport, transportByGateway } from './hep-transport.js';
import { DEMO_HEP_GATEWAY, DEMO_TRUNK_MAP } from './traffic.js';
import { httpTransport, syslogUdpTransport } from './transport.js';

export interface BoundPorts {
  http: number;
  syslogUdp?: number;
  hepUdp?: number;
}

/**
 * The built-in demo: the server sends itself traffic through its own ingestion paths, syslog over
 * UDP when that listener is up (the gateways then show as sources), else the HTTP webhook. When
 * the HEP listener is up too, one gateway mirrors its calls as HEP instead, so per-call timing
 * shows for its trunks.
 */
export function startBuiltInDemo(
  config: Config,
  ports: BoundPorts,
  clock: Clock,
  logger: Logger,
): DemoRunner | undefined {
  if (!config.demo.enabled || config.demo.rate <= 0) return undefined;
  const loopback = config.host === '::' || config.host.includes(':') ? '::1' : '127.0.0.1';
  const logs =
    ports.syslogUdp !== undefined
      ? syslogUdpTransport(loopback, ports.syslogUdp)
      : httpTransport(
          `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${ports.http}`,
          config.auth.ingest[0] === undefined
            ? undefined
            : parseTokenEntry(config.auth.ingest[0], 'ingest').token,
        );
  let transport = logs;
  if (ports.hepUdp !== undefined) {
    const hep = hepUdpTransport(loopback, ports.hepUdp);
    transport = transportByGateway((gateway) => (gateway === DEMO_HEP_GATEWAY ? hep : logs), [logs, hep]);
  }
  return startDemo({ clock, logger, rate: config.demo.rate, transport });
}

/**
 * The configuration the demo needs: its trunks' addresses in the trunk table (HEP carries
 * addresses, not trunk names), after the configured entries so those win.
 */
export function withDemoTrunks(config: Config): Config {
  if (!config.demo.enabled || config.demo.rate <= 0) return config;
  const named = new Set(config.ingest.trunks.map((t) => t.name));
  const extra = DEMO_TRUNK_MAP.filter((t) => !named.has(t.name));
  return { ...config, ingest: { ...config.ingest, trunks: [...config.ingest.trunks, ...extra] } };
}
