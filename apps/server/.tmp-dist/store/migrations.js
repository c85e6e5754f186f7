export function runMigrations(db, sets, now) {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (module, version)
  ) WITHOUT ROWID`);
    const appliedVersion = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?');
    const record = db.prepare('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)');
    const applied = [];
    const seen = new Set();
    for (const set of sets) {
        if (seen.has(set.module))
            throw new Error(`migration module registered twice: ${set.module}`);
        seen.add(set.module);
        const sorted = [...set.migrations].sort((a, b) => a.version - b.version);
        sorted.forEach((m, i) => {
            if (m.version !== i + 1)
                throw new Error(`${set.module}: migration versions must be 1, 2, 3, ... (found ${m.version})`);
        });
        const current = appliedVersion.get(set.module)?.v ?? 0;
        if (current > sorted.length) {
            throw new Error(`${set.module}: the database is at schema version ${current}, newer than this sipwatch knows (${sorted.length}); upgrade sipwatch or use another database file`);
        }
        for (const m of sorted) {
            if (m.version <= current)
                continue;
            db.transaction(() => {
                if (typeof m.up === 'string')
                    db.exec(m.up);
                else
                    m.up(db);
                record.run(set.module, m.version, m.name, now);
            })();
            applied.push({ module: set.module, version: m.version, name: m.name });
        }
    }
    return applied;
}
//# sourceMappingURL=migrations.js.map