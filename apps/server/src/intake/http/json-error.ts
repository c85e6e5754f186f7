export interface JsonErrorLocation {
  /** Offset in UTF-16 units from the start of the text (what JSON.parse reports). */
  position: number;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
}

export type JsonParseResult =
  { ok: true; value: unknown } | { ok: false; error: JsonErrorLocation; tooDeep?: undefined };

export type BoundedJsonResult =
  | JsonParseResult
  /** Objects and arrays nest deeper than allowed: not parsed at all. */
  | { ok: false; tooDeep: true; error?: undefined };

/** JSON.parse with the place of the first syntax error (line and column), for 400 answers. */
export function parseJson(text: string, lineOffset = 0): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const position = locateSyntaxError(text);
    const { line, column } = lineColumn(text, position);
    const detail = (err as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '');
    return { ok: false, error: { position, line: line + lineOffset, column, message: detail } };
  }
}

/** As parseJson, but a text nesting objects and arrays deeper than `maxDepth` is not parsed. */
export function parseJsonBounded(text: string, maxDepth: number, lineOffset = 0): BoundedJsonResult {
  return findDeepNesting(text, maxDepth, false).root
    ? { ok: false, tooDeep: true }
    : parseJson(text, lineOffset);
}

export interface DeepNesting {
  /** The document itself nests deeper than allowed (not looked for in the elements of an array). */
  root: boolean;
  /** `elementsOfArray`: the elements of the top-level array that nest too deep, where they are. */
  elements: { index: number; start: number; end: number }[];
  /** `elementsOfArray`: how many elements the top-level array has (commas + 1; 0 when it is not one). */
  count: number;
}

/**
 * Where a JSON text nests objects and arrays deeper than `max` (a value is level 1), in one pass
 * over the text without parsing it: JSON.parse takes tens of milliseconds to build 100,000 nested
 * arrays, and everything recursive that walks the result overflows the stack. With
 * `elementsOfArray`, a top-level array is a list of values each measured on its own. Says nothing
 * about whether the text is valid JSON.
 */
export function findDeepNesting(text: string, max: number, elementsOfArray: boolean): DeepNesting {
  const out: DeepNesting = { root: false, elements: [], count: 0 };
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  const list = elementsOfArray && text.charCodeAt(i) === 0x5b;
  // Inside a top-level array its elements sit at depth 2.
  const limit = list ? max + 1 : max;
  let depth = 0;
  let index = 0;
  let start = -1;
  let deep = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (list && depth === 1) {
        start = i;
        deep = false;
      }
      if (++depth > limit) {
        if (!list) {
          out.root = true;
          return out;
        }
        deep = true;
      }
    } else if (c === 0x5d || c === 0x7d) {
      if (--depth === 1 && deep) {
        out.elements.push({ index, start, end: i + 1 });
        deep = false;
      }
    } else if (c === 0x2c && depth === 1) index++;
  }
  if (list) {
    let first = text.indexOf('[') + 1;
    while (first < text.length && isJsonSpace(text.charCodeAt(first))) first++;
    out.count = text.charCodeAt(first) === 0x5d ? 0 : index + 1;
  }
  return out;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: position - lastBreak };
}

/**
 * Walks the JSON grammar and returns the offset of the first character that cannot belong to a
 * valid document (the text's length for a premature end). Only called after JSON.parse failed.
 */
export function locateSyntaxError(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) {
              i += k;
              fail();
            }
          }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (depth: number): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value(0);
    ws();
    if (i < n) fail();
    // The grammar accepted it (JSON.parse failed for another reason, e.g. nesting depth).
    return 0;
  } catch (pos) {
    if (typeof pos !== 'number') return 0;
    return Math.min(pos, n);
  }
}
