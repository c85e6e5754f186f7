import type { Logger } from 'pino';
export type { Logger };
/** Redacts anything that could carry a token; payloads are never logged whole. */
export declare function createLogger(level: string): Logger;
export declare const silentLogger: Logger;
