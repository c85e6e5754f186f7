import { CATEGORY_DESCRIPTIONS } from './categories.js';
import { classify } from './classify.js';
import { searchCodes } from './search.js';
import { CLASS_NAMES } from './types.js';
import type { SipCodeEntry } from './types.js';

// The `sipcode` command, kept free of process and I/O: it gets its arguments and where to print,
// and returns the exit code. cli-main.ts wires it to a real process.

export const EXIT_OK = 0;
export const EXIT_NOT_FOUND = 1;
export const EXIT_USAGE = 2;

export const USAGE = [
  'Usage: sipcode [--json] <query>...',
  '',
  '  sipcode 503        one code: meaning, usual causes, what to check first',
  '  sipcode 48         every 48x code (also 48x, 5, 5xx)',
  '  sipcode busy       codes whose phrase or meaning mentions "busy"',
  '  sipcode 486 503    several codes at once',
  '  sipcode --json 503 the same as JSON',
  '',
  'Unregistered codes in 100-699 behave as the x00 of their class (RFC 3261 section 21).',
];

type Print = (line: string) => void;

/** The result of one query: a single entry, an unregistered code, or a list. */
type Lookup =
  | { readonly kind: 'entry'; readonly entry: SipCodeEntry }
  | { readonly kind: 'unregistered'; readonly code: number; readonly entry: SipCodeEntry }
  | { readonly kind: 'list'; readonly query: string; readonly entries: readonly SipCodeEntry[] };

const CODE_LIKE = /^[\dx]+$/i;

function lookup(query: string): Lookup | string {
  if (/^\d{3,}$/.test(query)) {
    const result = classify(query);
    if (!result.ok) return result.error;
    return result.known
      ? { kind: 'entry', entry: result.entry }
      : { kind: 'unregistered', code: result.code, entry: result.entry };
  }
  const entries = searchCodes(query);
  if (entries.length === 0) {
    return CODE_LIKE.test(query)
      ? `no SIP code matches ${JSON.stringify(query)} (codes run from 100 to 699)`
      : `no SIP code phrase or meaning mentions ${JSON.stringify(query)}`;
  }
  const only = entries[0];
  if (entries.length === 1 && only && !CODE_LIKE.test(query)) return { kind: 'entry', entry: only };
  return { kind: 'list', query, entries };
}

function entryLines(entry: SipCodeEntry): string[] {
  const lines = [
    `${entry.code} ${entry.phrase}`,
    `  Class:     ${entry.class} ${CLASS_NAMES[entry.class]} (${entry.final ? 'final' : 'provisional'})`,
    `  Category:  ${entry.category}: ${CATEGORY_DESCRIPTIONS[entry.category]}`,
    `  Defined:   ${entry.rfcs.join(', ')}`,
  ];
  if (entry.historic)
    lines.push('  Historic:  yes, not in the IANA registry but still sent by some equipment');
  lines.push(`  Meaning:   ${entry.meaning}`, '', '  Usually behind it:');
  for (const cause of entry.causes) lines.push(`    - ${cause}`);
  lines.push('  Check first:');
  for (const check of entry.checks) lines.push(`    - ${check}`);
  return lines;
}

function listLines(entries: readonly SipCodeEntry[]): string[] {
  const width = Math.max(...entries.map((e) => e.phrase.length));
  const lines = entries.map(
    (e) => `${e.code}  ${e.phrase.padEnd(width)}  ${e.category.padEnd(11)}  ${e.meaning}`,
  );
  lines.push('', `${entries.length} codes. Run "sipcode <code>" for causes and checks.`);
  return lines;
}

function textLines(found: Lookup): string[] {
  switch (found.kind) {
    case 'entry':
      return entryLines(found.entry);
    case 'unregistered':
      return [
        `${found.code} is not a registered SIP code; RFC 3261 section 21 treats it as ${found.entry.code} ${found.entry.phrase}.`,
        '',
        ...entryLines(found.entry),
      ];
    case 'list':
      return listLines(found.entries);
  }
}

function jsonValue(found: Lookup): unknown {
  switch (found.kind) {
    case 'entry':
      return found.entry;
    case 'unregistered':
      return { code: found.code, known: false, behavesAs: found.entry };
    case 'list':
      return found.entries;
  }
}

/**
 * Runs `sipcode` with the given arguments. Results go to `print`, errors and usage after a mistake to
 * `printError` (defaults to `print`). Returns the process exit code: 0 found, 1 not found, 2 misuse.
 */
export function runCli(args: readonly string[], print: Print, printError: Print = print): number {
  let json = false;
  const positionals: string[] = [];
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') {
      USAGE.forEach((line) => print(line));
      return EXIT_OK;
    }
    if (arg === '--json') json = true;
    else if (arg.startsWith('-') && arg.length > 1) {
      printError(`sipcode: unknown option ${JSON.stringify(arg)}`);
      USAGE.forEach((line) => printError(line));
      return EXIT_USAGE;
    } else if (arg.trim() !== '') positionals.push(arg.trim());
  }
  if (positionals.length === 0) {
    USAGE.forEach((line) => printError(line));
    return EXIT_USAGE;
  }

  // Several code-like arguments are separate lookups; anything else is one search phrase.
  const queries = positionals.every((p) => CODE_LIKE.test(p)) ? positionals : [positionals.join(' ')];
  const found: Lookup[] = [];
  let failed = false;
  for (const query of queries) {
    const result = lookup(query);
    if (typeof result === 'string') {
      printError(`sipcode: ${result}`);
      failed = true;
    } else found.push(result);
  }

  if (json) {
    const [first] = found;
    if (first) {
      const value = queries.length === 1 ? jsonValue(first) : found.map(jsonValue);
      print(JSON.stringify(value, null, 2));
    }
  } else {
    found.forEach((f, i) => {
      if (i > 0) print('');
      textLines(f).forEach((line) => print(line));
    });
  }
  return failed ? EXIT_NOT_FOUND : EXIT_OK;
}
