import type { MigrationSet } from './migrations.js';
/**
 * The core tables. Rollups are stored as one compressed blob of cells per second or minute (see
 * cell-codec.ts): a row per cell would take about 20 times the space.
 */
export declare const CORE_MIGRATIONS: MigrationSet;
