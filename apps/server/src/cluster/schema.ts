import type pg from 'pg';

/**
 * The cluster's tables in PostgreSQL. Each node writes only rows of its own (node_id, boot_id):
 * a restarted node has a new boot_id and never touches the rows of its previous run, so a dead
 * node's last counts stay in the history.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE cluster_boots (
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     started_at bigint NOT NULL,
     -- The newest closed second this boot has published (epoch seconds).
     watermark bigint NOT NULL DEFAULT 0,
     flushed_at bigint,
     PRIMARY KEY (node_id, boot_id)
   );
   CREATE TABLE node_seconds (
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     second bigint NOT NULL,
     cells bytea NOT NULL,
     rev bigint NOT NULL,
     PRIMARY KEY (node_id, boot_id, second)
   );
   CREATE INDEX node_seconds_by_second ON node_seconds (second);
   CREATE TABLE node_minutes (
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     minute bigint NOT NULL,
     cells bytea NOT NULL,
     rev bigint NOT NULL,
     PRIMARY KEY (node_id, boot_id, minute)
   );
   CREATE INDEX node_minutes_by_minute ON node_minutes (minute);
   -- The names behind the node's own dimension ids in its cells.
   CREATE TABLE node_dimensions (
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     kind text NOT NULL,
     id integer NOT NULL,
     name text NOT NULL,
     rev bigint NOT NULL,
     PRIMARY KEY (node_id, boot_id, kind, id)
   );`,
  // Whole calls each node keeps (docs/calls.md), for any node's search and ladder. `id` orders the
  // cluster's calls for paging, as the SQLite file's id does on one node; `rev` guards the rows of
  // a call as for the counts (a replayed or older publish changes nothing).
  `CREATE TABLE cluster_calls (
     id bigserial PRIMARY KEY,
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     call_id text NOT NULL,
     rev bigint NOT NULL,
     started_at double precision NOT NULL,
     last_at double precision NOT NULL,
     code integer NOT NULL,
     trunk text,
     from_user text,
     to_user text,
     messages integer NOT NULL,
     truncated boolean NOT NULL,
     summary jsonb NOT NULL,
     UNIQUE (node_id, boot_id, call_id)
   );
   CREATE INDEX cluster_calls_by_call_id ON cluster_calls (call_id, id);
   CREATE INDEX cluster_calls_by_start ON cluster_calls (started_at);
   CREATE INDEX cluster_calls_by_node ON cluster_calls (node_id, id);
   CREATE TABLE cluster_call_messages (
     call bigint NOT NULL REFERENCES cluster_calls (id) ON DELETE CASCADE,
     -- The message's place in the call, as the capturing node counted it.
     seq integer NOT NULL,
     rev bigint NOT NULL,
     ts double precision NOT NULL,
     message text NOT NULL,
     PRIMARY KEY (call, seq)
   );`,
  // Alerts (cluster/alert-store.ts, cluster/alert-leader.ts): rules, silences and acks written by
  // any node; states, history and the outbox by the alert leader only.
  `CREATE TABLE cluster_alert_rules (
     id text PRIMARY KEY,
     name text NOT NULL UNIQUE,
     spec jsonb NOT NULL,
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL
   );
   CREATE TABLE cluster_alert_states (rule_id text PRIMARY KEY, state jsonb NOT NULL);
   CREATE TABLE cluster_alert_history (
     id bigserial PRIMARY KEY,
     rule_id text NOT NULL,
     rule_name text NOT NULL,
     severity text NOT NULL,
     from_state text NOT NULL,
     to_state text NOT NULL,
     metric text,
     unit text,
     value double precision,
     threshold double precision NOT NULL,
     at bigint NOT NULL,
     reason text NOT NULL,
     -- The leader that recorded it.
     node_id text NOT NULL
   );
   CREATE INDEX cluster_alert_history_at ON cluster_alert_history (at);
   CREATE INDEX cluster_alert_history_rule ON cluster_alert_history (rule_id, at);
   -- One row per notification a transition sends, committed with it; sent_at once delivered.
   CREATE TABLE cluster_alert_outbox (
     transition_id bigint PRIMARY KEY REFERENCES cluster_alert_history (id) ON DELETE CASCADE,
     notification jsonb NOT NULL,
     created_at bigint NOT NULL,
     sent_at bigint,
     sent_by text
   );
   CREATE INDEX cluster_alert_outbox_unsent ON cluster_alert_outbox (transition_id) WHERE sent_at IS NULL;
   CREATE TABLE cluster_alert_silences (
     id text PRIMARY KEY,
     rule_id text,
     scope jsonb,
     until bigint NOT NULL,
     comment text NOT NULL,
     created_at bigint NOT NULL,
     created_by text NOT NULL
   );
   CREATE TABLE cluster_alert_acks (
     id bigserial PRIMARY KEY,
     rule_id text NOT NULL,
     by text NOT NULL,
     note text NOT NULL,
     at bigint NOT NULL
   );
   -- Who holds the alert lock: written by each leader as it takes it (checked against pg_locks).
   CREATE TABLE cluster_alert_leader (
     lock bigint PRIMARY KEY,
     node_id text NOT NULL,
     boot_id uuid NOT NULL,
     pid integer NOT NULL,
     since bigint NOT NULL
   );
   -- cluster.alerts of the boot, and the backend of its alert session (whether it is up).
   ALTER TABLE cluster_boots ADD COLUMN alerts boolean NOT NULL DEFAULT false, ADD COLUMN alert_pid integer;
   -- @socket.io/postgres-adapter keeps packets too large for a NOTIFY here.
   CREATE TABLE socket_io_attachments (
     id bigserial UNIQUE,
     created_at timestamptz DEFAULT now(),
     payload bytea
   );`,
];

/** Any constant that no other user of the database picks: the lock that serialises migrations. */
const MIGRATION_LOCK = 0x5157_0001;
/** The session-level advisory lock the alert leader holds (see cluster/alert-leader.ts). */
export const ALERT_LEADER_LOCK = 0x5157_0002;

/**
 * Brings the schema up to date, once per cluster: every node calls this at start; the advisory
 * lock makes the others wait while one applies the migrations, then find nothing left to do.
 */
export async function migrateCluster(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS cluster_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM cluster_schema');
    const current = rows[0]?.v ?? 0;
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v - 1]!);
      await client.query('INSERT INTO cluster_schema (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
    return MIGRATIONS.length - current;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
