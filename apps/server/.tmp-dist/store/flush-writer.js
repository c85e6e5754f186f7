import { CellTable } from '../core/cell-table.js';
import { decodeCells, encodeCells } from './cell-codec.js';
/**
 * Snapshots a batch for the writer: the cell arrays are copied (the aggregator keeps counting into
 * its tables meanwhile); the copies can be transferred, not cloned.
 */
export function toWriterBatch(batch) {
    const transfer = [];
    const copy = (list) => list.map(({ at, table }) => {
        const { keys, counts } = table.arrays();
        const out = { at, keys: keys.slice(), counts: counts.slice() };
        transfer.push(out.keys.buffer, out.counts.buffer);
        return out;
    });
    return {
        batch: {
            dimensions: batch.dimensions,
            seconds: copy(batch.seconds),
            minutes: copy(batch.minutes),
            minuteDeltas: copy(batch.minuteDeltas),
            events: batch.events,
            ...(batch.maxEvents !== undefined && { maxEvents: batch.maxEvents }),
        },
        transfer,
    };
}
export class FlushWriter {
    db;
    stmt;
    constructor(db) {
        this.db = db;
        this.stmt = {
            dimension: db.prepare('INSERT OR REPLACE INTO dimensions (kind, id, name) VALUES (?, ?, ?)'),
            second: db.prepare('INSERT OR REPLACE INTO rollup_second (second, cells) VALUES (?, ?)'),
            minute: db.prepare('INSERT OR REPLACE INTO rollup_minute (minute, cells) VALUES (?, ?)'),
            minuteGet: db.prepare('SELECT cells FROM rollup_minute WHERE minute = ?'),
            event: db.prepare('INSERT INTO raw_events (ts, code, trunk, source, method, call_id, event) VALUES (?, ?, ?, ?, ?, ?, ?)'),
            newestEvent: db.prepare('SELECT MAX(id) AS id FROM raw_events'),
            trimEvents: db.prepare('DELETE FROM raw_events WHERE id <= ?'),
            pruneSeconds: db.prepare('DELETE FROM rollup_second WHERE second < ?'),
            pruneMinutes: db.prepare('DELETE FROM rollup_minute WHERE minute < ?'),
            pruneEvents: db.prepare('DELETE FROM raw_events WHERE ts < ?'),
        };
    }
    /** One flush, in one transaction: all of it is written or none. */
    write(batch) {
        const { stmt } = this;
        const encode = (c) => encodeCells(CellTable.fromArrays(c.keys, c.counts));
        this.db.transaction(() => {
            for (const d of batch.dimensions)
                stmt.dimension.run(d.kind, d.id, d.name);
            for (const s of batch.seconds)
                stmt.second.run(s.at, encode(s));
            for (const m of batch.minutes)
                stmt.minute.run(m.at, encode(m));
            for (const m of batch.minuteDeltas) {
                const existing = stmt.minuteGet.get(m.at);
                const table = CellTable.fromArrays(m.keys, m.counts);
                if (existing) {
                    const merged = decodeCells(existing.cells);
                    merged.merge(table);
                    stmt.minute.run(m.at, encodeCells(merged));
                }
                else {
                    stmt.minute.run(m.at, encodeCells(table));
                }
            }
            for (const e of batch.events) {
                stmt.event.run(e.ts, e.code, e.trunk ?? null, e.source.host, e.method?.toUpperCase() ?? null, e.callId ?? null, JSON.stringify(e));
            }
            if (batch.maxEvents !== undefined && batch.events.length > 0)
                this.trimEvents(batch.maxEvents);
        })();
    }
    prune(p) {
        return this.db.transaction(() => {
            const seconds = this.stmt.pruneSeconds.run(p.secondsBefore).changes;
            const minutes = this.stmt.pruneMinutes.run(p.minutesBefore).changes;
            const events = this.stmt.pruneEvents.run(p.eventsBefore).changes + this.trimEvents(p.maxEvents);
            return { seconds, minutes, events };
        })();
    }
    /** Keeps the newest `max` raw events (ids are dense: one writer, AUTOINCREMENT). */
    trimEvents(max) {
        const newest = this.stmt.newestEvent.get()?.id;
        if (newest === null || newest === undefined)
            return 0;
        return this.stmt.trimEvents.run(newest - max).changes;
    }
}
//# sourceMappingURL=flush-writer.js.map