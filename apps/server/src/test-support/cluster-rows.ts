import pg from 'pg';
import { decodeCells } from '../store/cell-codec.js';

/**
 * What PostgreSQL holds, read straight from the committed rows (not through a node), for tests
 * that compare a node's answer, or what a sender or a receiver was told, with what the cluster has.
 */

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The events counted in each node's published seconds, summed over its boots. */
export function committedEventsByNode(url: string): Promise<Map<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ node_id: string; cells: Buffer }>(
      'SELECT node_id, cells FROM node_seconds',
    );
    const totals = new Map<string, number>();
    for (const row of rows)
      totals.set(row.node_id, (totals.get(row.node_id) ?? 0) + decodeCells(row.cells).total());
    return totals;
  });
}

/** Alert notifications in the outbox not marked sent yet. */
export function unsentAlertNotifications(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM cluster_alert_outbox WHERE sent_at IS NULL',
    );
    return Number(rows[0]!.n);
  });
}
