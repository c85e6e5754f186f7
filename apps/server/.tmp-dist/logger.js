import { pino } from 'pino';
/** Redacts anything that could carry a token; payloads are never logged whole. */
export function createLogger(level) {
    return pino({
        level,
        redact: {
            paths: ['req.headers.authorization', 'headers.authorization', 'token', '*.token', 'tokens', '*.tokens'],
            censor: '[redacted]',
        },
    });
}
export const silentLogger = pino({ level: 'silent' });
//# sourceMappingURL=logger.js.map