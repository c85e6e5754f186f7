import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConfigInput } from '../config.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(HERE, '..', 'main.ts');
/** tsx as a loader of node itself, not its CLI: the CLI relays signals and can kill a child that has not told it yet that it listens for them (exit 143). */
const TSX_LOADER = pathToFileURL(path.resolve(HERE, '../../../../node_modules/tsx/dist/esm/index.mjs')).href;

export interface ServerProcess {
  child: ChildProcess;
  /** The HTTP port, once the server logged that it listens (logLevel info or finer). */
  http: Promise<number>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
}

/** `main.ts` from the TypeScript sources in a process of its own, with SIPWATCH_CONFIG set to `configFile`. */
export function spawnServer(configFile: string): ServerProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, '--conditions=@sipwatch/source', MAIN], {
    env: { ...process.env, SIPWATCH_CONFIG: configFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const http = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /"ports":\{"http":(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, http, exited, output: () => output };
}

/**
 * Writes `config.json` in `dataDir` for a server process: 127.0.0.1, free ports, demo traffic off,
 * info logs (which name the ports), its data in `dataDir`; `extra` on top. Returns its path.
 */
export function writeServerConfig(dataDir: string, extra: ConfigInput = {}): string {
  const file = path.join(dataDir, 'config.json');
  const config: ConfigInput = {
    host: '127.0.0.1',
    logLevel: 'info',
    http: { port: 0 },
    syslog: { port: 0 },
    hep: { port: 0 },
    demo: { enabled: false },
    ...extra,
    storage: { dataDir, ...extra.storage },
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}
