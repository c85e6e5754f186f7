import type { Database } from 'better-sqlite3';
import type { MigrationSet } from './migrations.js';
import { SpanRollups } from './spans.js';

/**
 * The core tables. Rollups are stored as one compressed blob of cells per second or minute (see
 * cell-codec.ts): a row per cell would take about 20 times the space.
 */
export const CORE_MIGRATIONS: MigrationSet = {
  module: 'core',
  migrations: [
    {
      version: 1,
      name: 'rollups, dimensions and raw events',
      up: `
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE dimensions (
          kind TEXT NOT NULL,
          id INTEGER NOT NULL,
          name TEXT NOT NULL,
          PRIMARY KEY (kind, id)
        ) WITHOUT ROWID;
        CREATE TABLE rollup_second (second INTEGER PRIMARY KEY, cells BLOB NOT NULL);
        CREATE TABLE rollup_minute (minute INTEGER PRIMARY KEY, cells BLOB NOT NULL);
        CREATE TABLE raw_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          ts INTEGER NOT NULL,
          code INTEGER NOT NULL,
          trunk TEXT,
          source TEXT NOT NULL,
          method TEXT,
          call_id TEXT,
          event TEXT NOT NULL
        );
        CREATE INDEX raw_events_ts ON raw_events (ts);
        CREATE INDEX raw_events_code ON raw_events (code, id);
        CREATE INDEX raw_events_trunk ON raw_events (trunk, id);
        CREATE INDEX raw_events_source ON raw_events (source, id);
        CREATE INDEX raw_events_call_id ON raw_events (call_id);
      `,
    },
    {
      version: 2,
      name: 'call-timing histograms per slot and trunk',
      // pdd and setup hold a HistogramRecord as JSON (core/call-timing.ts).
      up: `
        CREATE TABLE timing_slots (
          start_ms INTEGER NOT NULL,
          trunk TEXT NOT NULL,
          pdd TEXT NOT NULL,
          setup TEXT NOT NULL,
          PRIMARY KEY (start_ms, trunk)
        ) WITHOUT ROWID;
      `,
    },
    {
      version: 3,
      name: 'span rollups (5 minutes to a day) over the minute rollups',
      // A rowid table: its blobs of a few kilobytes pack better than in a WITHOUT ROWID one. The
      // spans of the minutes already stored are built here, once, at the first start after an
      // upgrade (about 15 s for 30 days of 100 busy trunks).
      up: (db: Database) => {
        db.exec(`
          CREATE TABLE rollup_span (
            size INTEGER NOT NULL,
            start INTEGER NOT NULL,
            cells BLOB NOT NULL,
            PRIMARY KEY (size, start)
          );
        `);
        const minutes = db
          .prepare<[], { minute: number }>('SELECT minute FROM rollup_minute')
          .pluck()
          .all() as unknown as number[];
        new SpanRollups(db).rebuild(minutes);
      },
    },
    {
      version: 4,
      name: 'dimension names remember when they were last seen and whether they are retired',
      // last_seen 0: unknown (names from before this version count as seen at the next start).
      up: `
        ALTER TABLE dimensions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE dimensions ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
      `,
    },
    {
      version: 5,
      name: 'whole calls from HEP capture and their messages',
      // summary and message hold JSON (CallSummary without the counts, CapturedMessage); the
      // columns beside them are what searches filter and order by.
      up: `
        CREATE TABLE calls (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          call_id TEXT NOT NULL UNIQUE,
          started_at REAL NOT NULL,
          last_at REAL NOT NULL,
          code INTEGER NOT NULL,
          trunk TEXT,
          from_user TEXT,
          to_user TEXT,
          messages INTEGER NOT NULL,
          truncated INTEGER NOT NULL,
          summary TEXT NOT NULL
        );
        CREATE INDEX calls_started_at ON calls (started_at);
        CREATE INDEX calls_code ON calls (code, id);
        CREATE INDEX calls_trunk ON calls (trunk, id);
        CREATE INDEX calls_from_user ON calls (from_user, id);
        CREATE INDEX calls_to_user ON calls (to_user, id);
        CREATE TABLE call_messages (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          call INTEGER NOT NULL,
          message TEXT NOT NULL
        );
        CREATE INDEX call_messages_call ON call_messages (call, id);
      `,
    },
    {
      version: 6,
      name: 'run records: when the server ran, per start',
      // last_at is the time of the run's newest flush. A database from before this version gets
      // one run over the minutes it holds, so its history is not all drawn as an outage.
      up: `
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          started_at INTEGER NOT NULL,
          last_at INTEGER NOT NULL
        );
        CREATE INDEX runs_last_at ON runs (last_at);
        INSERT INTO runs (started_at, last_at)
          SELECT MIN(minute) * 60000, (MAX(minute) + 1) * 60000 FROM rollup_minute HAVING COUNT(*) > 0;
      `,
    },
  ],
};
