import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * How the server starts a worker thread from the TypeScript sources (tests, benches, `pnpm dev`)
 * and from dist alike: `Worker(workerBootstrap(entry, onFailure), { eval: true })`.
 */

/** The entry module `name` (without extension) next to the module at `here` (its import.meta.url). */
export function workerEntry(here: string, name: string): string {
  return new URL(here.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, here).href;
}

/**
 * The thread's first code (CommonJS, run with `eval`): loads the entry; a failure to load it runs
 * `onFailure` (JavaScript with `err` and `workerData` in scope), since a caller blocked waiting for
 * the thread would not see the worker's 'error' event. From source, when the process's TypeScript
 * loader did not reach the thread (tsx's --import hook does not on Node 20, nor does Vitest's), it
 * registers tsx there and loads the entry again.
 */
export function workerBootstrap(entry: string, onFailure: string): string {
  const retry = entry.endsWith('.ts')
    ? `if (err?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    (await import(${JSON.stringify(tsxApiUrl())})).register();
    await import(${JSON.stringify(`${entry}?tsx`)});`
    : 'throw err;';
  return `
const { workerData } = require('node:worker_threads');
(async () => {
  try {
    await import(${JSON.stringify(entry)});
  } catch (err) {
    ${retry}
  }
})().catch((err) => {
  ${onFailure}
});`;
}

function tsxApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return new URL(pkg.exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}
