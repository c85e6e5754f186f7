import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
