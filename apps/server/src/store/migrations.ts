import type { Database } from 'better-sqlite3';

/**
 * Schema changes, per module. Each module of the server that keeps tables (the core store, the
 * alerts) owns one MigrationSet with its own version numbers; the store applies the pending ones
 * in order at open, each in its own transaction, and records them in `schema_migrations`.
 *
 * A migration is never edited once released: add the next version instead.
 */
export interface Migration {
  /** 1, 2, 3, ... within its module. */
  version: number;
  /** What it does, for the log and the table. */
  name: string;
  /** SQL (several statements allowed) or a function for changes SQL alone cannot express. */
  up: string | ((db: Database) => void);
}

export interface MigrationSet {
  /** A stable name, e.g. "core", "alerts". */
  module: string;
  migrations: readonly Migration[];
}

export interface AppliedMigration {
  module: string;
  version: number;
  name: string;
}

export function runMigrations(db: Database, sets: readonly MigrationSet[], now: number): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (module, version)
  ) WITHOUT ROWID`);
  const appliedVersion = db.prepare<[string], { v: number | null }>(
    'SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?',
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  const applied: AppliedMigration[] = [];
  const seen = new Set<string>();
  for (const set of sets) {
    if (seen.has(set.module)) throw new Error(`migration module registered twice: ${set.module}`);
    seen.add(set.module);
    const sorted = [...set.migrations].sort((a, b) => a.version - b.version);
    sorted.forEach((m, i) => {
      if (m.version !== i + 1)
        throw new Error(`${set.module}: migration versions must be 1, 2, 3, ... (found ${m.version})`);
    });
    const current = appliedVersion.get(set.module)?.v ?? 0;
    if (current > sorted.length) {
      throw new Error(
        `${set.module}: the database is at schema version ${current}, newer than this sipwatch knows (${sorted.length}); upgrade sipwatch or use another database file`,
      );
    }
    for (const m of sorted) {
      if (m.version <= current) continue;
      db.transaction(() => {
        if (typeof m.up === 'string') db.exec(m.up);
        else m.up(db);
        record.run(set.module, m.version, m.name, now);
      })();
      applied.push({ module: set.module, version: m.version, name: m.name });
    }
  }
  return applied;
}
