import { CellTable } from '../core/cell-table.js';
import { packCell, unpackCell } from '../core/cell-key.js';
import { DIMENSION_KINDS } from '../core/dimensions.js';
import type { DimensionKind } from '../core/dimensions.js';
import { decodeCells } from '../store/cell-codec.js';

/** A boot's published names, `kind:id` → name (see node_dimensions). */
export type BootNames = Map<string, string>;

/** Adds one published `node_dimensions` row to the names of its boot. */
export function addBootName(names: BootNames, row: { kind: string; id: number; name: string }): void {
  if ((DIMENSION_KINDS as readonly string[]).includes(row.kind)) names.set(`${row.kind}:${row.id}`, row.name);
}

/**
 * A published row's cells in another id space: each node-local id is translated through the name
 * its boot published (`(none)` and `other` are the same everywhere); an id without a name yet
 * counts under `other`.
 */
export function translateCells(
  cells: Uint8Array,
  names: BootNames | undefined,
  idOf: (kind: DimensionKind, name: string) => number,
): CellTable {
  const translate = (kind: DimensionKind, id: number): number => {
    if (id < 2) return id;
    const name = names?.get(`${kind}:${id}`);
    return name === undefined ? 1 : idOf(kind, name);
  };
  const table = new CellTable();
  decodeCells(cells).forEach((key, count) => {
    const c = unpackCell(key);
    const trunk = translate('trunk', c.trunk);
    const source = translate('source', c.source);
    const method = translate('method', c.method);
    table.add(packCell(trunk, source, method, c.code, c.flags), count);
  });
  table.compact();
  return table;
}
