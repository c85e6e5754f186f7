import pg from 'pg';
import { decodeCells } from '../store/cell-codec.js';

/**
 * What PostgreSQL holds of each node, read straight from the committed rows (not through a node):
 * the events counted in its published seconds, summed over its boots. For tests that compare a
 * node's answer, or what a sender was acknowledged, with what the cluster really has.
 */
export async function committedEventsByNode(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ node_id: string; cells: Buffer }>(
      'SELECT node_id, cells FROM node_seconds',
    );
    const totals = new Map<string, number>();
    for (const row of rows)
      totals.set(row.node_id, (totals.get(row.node_id) ?? 0) + decodeCells(row.cells).total());
    return totals;
  } finally {
    await client.end();
  }
}

/** Outbox rows of the alert leader not marked sent yet. */
export async function unsentAlertNotifications(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM cluster_alert_outbox WHERE sent_at IS NULL',
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
