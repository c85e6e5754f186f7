import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests (see /work/shared/postgres-notes.md): initdb in a temp
 * dir owned by `postgres`, pg_ctl on a free port of 127.0.0.1 with a private socket directory and
 * fsync off, one database per test. Start one per test file: a start takes 1 to 3 s.
 */

export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const POSTGRES_INSTALL_HINT =
  'sudo apt-get install -y postgresql (or run scripts/ensure-test-tools.sh)';

/** Why no cluster can be started here, or undefined when one can. */
export function postgresMissing(): string | undefined {
  if (!existsSync(path.join(PG_BIN, 'initdb')) || !existsSync(path.join(PG_BIN, 'pg_ctl')))
    return `PostgreSQL 15 is not installed (${PG_BIN}/initdb)`;
  return undefined;
}

/**
 * Whether a suite needing PostgreSQL runs: locally it is skipped with an install hint when
 * PostgreSQL is missing; in CI it runs and fails in `startPostgres`, so a missing package is seen.
 */
export function postgresSuiteRuns(suite: string): boolean {
  const missing = postgresMissing();
  if (missing === undefined || process.env.CI) return true;
  console.warn(`${suite} skipped: ${missing}. Install it with: ${POSTGRES_INSTALL_HINT}`);
  return false;
}

export interface TestPostgres {
  port: number;
  /** The superuser's URL of database `name` (default: postgres). */
  url(name?: string): string;
  /** Creates an empty database of its own and returns its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server (`pg_ctl stop`, fast mode: sessions are cut), keeping its data for `resume`. */
  pause(): void;
  /** Starts the paused server again on the same port and data. */
  resume(): void;
  /** Stops the cluster and removes its directory. Idempotent. */
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as `postgres` when we are root (PostgreSQL refuses to run as root). */
function runAsPostgres(bin: string, args: string[]): void {
  const file = path.join(PG_BIN, bin);
  if (process.getuid?.() === 0)
    execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
  else execFileSync(file, args, { stdio: 'pipe' });
}

let databases = 0;

export async function startPostgres(): Promise<TestPostgres> {
  const missing = postgresMissing();
  if (missing)
    throw new Error(`this suite needs PostgreSQL: ${missing}. Install it with: ${POSTGRES_INSTALL_HINT}`);
  const root = mkdtempSync(path.join(tmpdir(), 'sipwatch-pg-'));
  const data = path.join(root, 'data');
  const sockets = path.join(root, 'sock');
  const owner =
    process.getuid?.() === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
          gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
        }
      : undefined;
  if (owner) chownSync(root, owner.uid, owner.gid);
  chmodSync(root, 0o700);
  const port = await freePort();
  let started = false;
  const pgStop = (): void => runAsPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  const pgStart = (): void =>
    runAsPostgres('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(root, 'log'),
      '-w',
      'start',
      '-o',
      `-k ${sockets} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    ]);
  const stop = (): void => {
    if (started) {
      started = false;
      try {
        pgStop();
      } catch {
        // Already gone: the directory is removed either way.
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    runAsPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    mkdirSync(sockets);
    if (owner) chownSync(sockets, owner.uid, owner.gid);
    pgStart();
    started = true;
  } catch (err) {
    stop();
    throw err;
  }
  const url = (name = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    port,
    url,
    async createDatabase() {
      const name = `t_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    pause() {
      if (!started) throw new Error('the test PostgreSQL is not running');
      pgStop();
      started = false;
    },
    resume() {
      if (started) throw new Error('the test PostgreSQL is running');
      pgStart();
      started = true;
    },
    stop,
  };
}
