import { RE2JS } from 're2js';

/** A compiled user pattern: `exec` as RegExp's, in time linear in the text. */
export interface UserPattern {
  exec(text: string): { groups?: Record<string, string | undefined> } | null;
  groupNames(): string[];
}

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 always reads the text as Unicode.
  u: 0,
};

const NOT_LINEAR =
  'uses what cannot run in time linear in the line (lookahead, lookbehind, backreferences), ' +
  'so a hostile line could stall the server';

/**
 * Compiles a pattern from the config with RE2 (re2js): no backtracking, so no line can make it run
 * longer than in proportion to its length, whatever the pattern. Written in JavaScript syntax;
 * what RE2 cannot run in linear time (lookahead, lookbehind, backreferences) is refused. Returns
 * the reason as text when the pattern cannot be used.
 */
export function compileUserPattern(pattern: string, flags = ''): UserPattern | string {
  try {
    new RegExp(pattern, flags);
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message}`;
  }
  const backreference = findBackreference(pattern);
  if (backreference !== undefined) return `${NOT_LINEAR}: a backreference \`${backreference}\``;
  let bits = 0;
  for (const f of flags) bits |= FLAG_BITS[f] ?? 0;
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (err) {
    return `${NOT_LINEAR}: ${(err as Error).message}`;
  }
  return {
    // The DFA test first: a line that does not match, the common case, never reaches the slower
    // search that records groups.
    exec: (text) => (re.test(text) ? (re.exec(text) as RegExpExecArray | null) : null),
    groupNames: () => Object.keys(re.namedGroups()),
  };
}

/** The first backreference (`\\1`, `\\k<name>`) outside a character class, which RE2 would misread. */
function findBackreference(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `\\${next}`;
      if (!inClass && next === 'k' && pattern[i + 2] === '<')
        return pattern.slice(i, pattern.indexOf('>', i) + 1);
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
  }
  return undefined;
}
