import { CellTable } from '../core/cell-table.js';
export declare function encodeCells(table: CellTable): Buffer;
export declare function decodeCells(blob: Uint8Array): CellTable;
