import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The browser-side headers, set once for every response. The built dashboard loads only its own
 * script and style files and talks only to its own origin (REST and the Socket.IO WebSocket), so
 * nothing beyond 'self' is needed; React sets inline styles through the CSSOM, which a CSP allows.
 * HSTS is left to the TLS-terminating proxy: over plain HTTP browsers ignore it anyway.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
}
