export interface JsonErrorLocation {
    /** Offset in UTF-16 units from the start of the text (what JSON.parse reports). */
    position: number;
    /** 1-based. */
    line: number;
    column: number;
    message: string;
}
export type JsonParseResult = {
    ok: true;
    value: unknown;
} | {
    ok: false;
    error: JsonErrorLocation;
};
/** JSON.parse with the place of the first syntax error (line and column), for 400 answers. */
export declare function parseJson(text: string, lineOffset?: number): JsonParseResult;
/**
 * Walks the JSON grammar and returns the offset of the first character that cannot belong to a
 * valid document (the text's length for a premature end). Only called after JSON.parse failed.
 */
export declare function locateSyntaxError(text: string): number;
