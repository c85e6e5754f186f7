/**
 * The rule form validates with the server's zod schemas. Zod probes for eval (`new Function`) when
 * it builds an object schema; under the server's CSP (script-src 'self') the probe fails, which
 * zod handles, but the browser still reports a CSP violation for it. `jitless` skips the probe.
 * Zod keeps its config on globalThis so every copy shares it; the dashboard has no zod import of
 * its own to call `z.config({ jitless: true })` with. Imported first, before any schema is built.
 */
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
