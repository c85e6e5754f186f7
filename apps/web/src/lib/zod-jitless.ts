import { config } from 'zod';

/**
 * The rule form validates with the wire's zod schemas. Zod probes for eval (`new Function`) when it
 * builds an object schema; under the server's CSP (script-src 'self') the probe fails, which zod
 * handles, but the browser still reports a CSP violation for it. `jitless` skips the probe.
 * Imported first, before any schema is built.
 */
config({ jitless: true });
