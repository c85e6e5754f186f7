import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';
import type { Logger } from '../logger.js';

/**
 * Socket.IO across the cluster (@socket.io/postgres-adapter): what a node emits to every socket
 * (`io.emit`: alert changes) reaches every node's sockets through PostgreSQL NOTIFY; what it emits
 * to `io.local` (ticks, snapshots, storage status) stays on its own.
 *
 * The adapter gets a pool of its own. It holds one client checked out for its LISTEN, and when that
 * connection ends (PostgreSQL restarted, the backend terminated) it connects again without
 * releasing the dead one, which would hold any `pool.end()` for ever; here a checked-out client
 * that ends is released (as broken) so the pool can close.
 */
export async function attachClusterAdapter(
  io: Server,
  options: { url: string; nodeId: string; logger: Logger },
): Promise<{ close(): Promise<void> }> {
  const applicationName = `sipwatch ${options.nodeId} socket.io`;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 2,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
  });
  const lost = (err: Error): void =>
    options.logger.warn({ err }, 'the cluster Socket.IO connection was lost');
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('acquire', (client) => {
    const ended = (): void => {
      try {
        client.release(true);
      } catch {
        // Released already (the adapter closed it).
      }
    };
    client.once('end', ended);
    // The adapter removes its own 'end' listener (and with it this one) before it releases on close.
  });
  io.adapter(
    createAdapter(pool, {
      errorHandler: (err) => options.logger.warn({ err }, 'the cluster Socket.IO adapter failed'),
    }),
  );
  // The adapter connects in the background. Waiting for its LISTEN means this node hears the
  // others' alert events from its start, and a close right after the start does not race its
  // connect (a client checked out after the adapter closed would never be released).
  if (!(await listening(pool, applicationName)))
    options.logger.warn(
      'the cluster Socket.IO adapter is not listening yet; alert events of other nodes may be missed',
    );
  return {
    // After io.close(), which closes the adapter and releases its client. Bounded: a client
    // checked out by a reconnect under way at that moment is never released.
    close: async () => {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
        timer.unref();
      });
      await Promise.race([pool.end(), bounded]);
      clearTimeout(timer);
    },
  };
}

const LISTEN_WAIT_MS = 5000;
const CLOSE_WAIT_MS = 2000;

async function listening(pool: pg.Pool, applicationName: string): Promise<boolean> {
  const deadline = Date.now() + LISTEN_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE application_name = $1 AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
        [applicationName],
      );
      if ((rows[0]?.n ?? 0) > 0) return true;
    } catch {
      // Tried again until the deadline.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
