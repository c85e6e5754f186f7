import { startDemo } from './runner.js';
import { httpTransport, syslogUdpTransport } from './transport.js';
/**
 * The built-in demo: the server sends itself traffic through its own ingestion paths, syslog over
 * UDP when that listener is up (the gateways then show as sources), else the HTTP webhook.
 */
export function startBuiltInDemo(config, ports, clock, logger) {
    if (!config.demo.enabled || config.demo.rate <= 0)
        return undefined;
    const loopback = config.host === '::' || config.host.includes(':') ? '::1' : '127.0.0.1';
    const transport = ports.syslogUdp !== undefined
        ? syslogUdpTransport(loopback, ports.syslogUdp)
        : httpTransport(`http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${ports.http}`, config.ingest.tokens[0]);
    return startDemo({ clock, logger, rate: config.demo.rate, transport });
}
//# sourceMappingURL=in-app.js.map