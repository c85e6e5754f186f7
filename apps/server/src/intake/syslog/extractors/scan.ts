/**
 * Character tests and searches for the hand-written extractors. Syslog text is unauthenticated, so
 * the extractors find their anchoring literal with indexOf and read the rest by hand: every
 * character is looked at a bounded number of times, whatever the line holds (a backtracking regex
 * such as `(\S+) Failed` costs the square of the line's length on a line of one long word).
 */

/** The characters of JavaScript's `\s` (and of String.prototype.trim). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** What `.` does not match (without the `s` flag). */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** `\w`: [A-Za-z0-9_]. */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || isUpper(c) || isDigit(c) || c === 95;
}

/** Whether text[at] starts exactly three ASCII digits (`\d{3}`, nothing said about what follows). */
export function threeDigitsAt(text: string, at: number): boolean {
  return isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2));
}

/** Index just past the run of characters from `at` that pass `test`. */
export function runEnd(text: string, at: number, test: (c: number) => boolean): number {
  let i = at;
  while (i < text.length && test(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the first line terminator at or after `at`, or text.length. */
export function lineEnd(text: string, at: number): number {
  return runEnd(text, at, (c) => !isLineTerminator(c));
}

/**
 * indexOf for searches that move forward: the last answer is reused while it still lies ahead, so
 * asking again from every candidate of an outer loop scans the text once instead of once per
 * candidate.
 */
export class ForwardSearch {
  private from = 0;
  private found = -2;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  /** text.indexOf(needle, at). */
  next(at: number): number {
    if (this.found === -2 || at < this.from || (this.found !== -1 && this.found < at)) {
      this.from = at;
      this.found = this.text.indexOf(this.needle, at);
    }
    return this.found;
  }
}
