/**
 * Whether the server is saving what it counts. Served in /readyz, pushed to dashboards as
 * `storage:status` on connect and whenever it changes.
 * - ok: the last flush was written.
 * - failing: flushes fail (the database is locked, unreadable, …); retried with backoff.
 * - disk-full: SQLite reported the disk (or the file's size limit) full; retried with backoff.
 * - stalled: a write overran its deadline and the writer was restarted, or none has finished for
 *   several flush intervals.
 * In every state but ok, counts are kept in memory (bounded; see the server's ingest.md, "When
 * writes fail") and written once the database takes them again.
 */
export const STORAGE_STATES = ['ok', 'failing', 'disk-full', 'stalled'] as const;
export type StorageState = (typeof STORAGE_STATES)[number];

export interface StorageStatus {
  state: StorageState;
  /** Since when (ms) the state holds. */
  since: number;
  /** When (ms) a flush was last written; null when none has been since start. */
  lastGoodFlushAt: number | null;
  /** What went wrong, in plain words; null while ok. Plain text, never markup. */
  message: string | null;
  /** True while intake is refused because too much waits in memory to be written. */
  refusingIntake: boolean;
}
