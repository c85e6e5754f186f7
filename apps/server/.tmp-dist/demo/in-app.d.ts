import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { DemoRunner } from './runner.js';
export interface BoundPorts {
    http: number;
    syslogUdp?: number;
}
/**
 * The built-in demo: the server sends itself traffic through its own ingestion paths, syslog over
 * UDP when that listener is up (the gateways then show as sources), else the HTTP webhook.
 */
export declare function startBuiltInDemo(config: Config, ports: BoundPorts, clock: Clock, logger: Logger): DemoRunner | undefined;
