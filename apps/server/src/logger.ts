import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** Redacts anything that could carry a token; payloads are never logged whole. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'token', '*.token', 'tokens', '*.tokens'],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });
