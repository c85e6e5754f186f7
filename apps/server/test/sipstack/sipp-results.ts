import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads what SIPp says it did: the last line of a `-trace_counts` file (one column per scenario
 * message: `<index>_<code or method>_<Recv|Sent|...>`) and of a `-trace_stat` file.
 */

export function lastCsvRow(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const row = new Map<string, string>();
  header.forEach((name, i) => {
    if (name !== '') row.set(name, last[i] ?? '');
  });
  return row;
}

/** The file SIPp wrote in `dir` whose name ends with `suffix` (SIPp puts its pid in the name). */
export function sippFile(dir: string, prefix: string, suffix: string): string {
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith(suffix));
  if (!name) throw new Error(`SIPp wrote no ${prefix}*${suffix} in ${dir}`);
  return path.join(dir, name);
}

/**
 * Final responses to the INVITE received per code, from a UAC's message counts (uac.xml). A 200 is
 * also received for the BYE and the CANCEL, so only the earliest 200 column (the INVITE's) counts;
 * every other code is an INVITE final wherever it sits, and the 487 of a cancelled call has two
 * places (before or after the CANCEL's 200), which are summed.
 */
export function receivedByCode(counts: Map<string, string>): Map<number, number> {
  const out = new Map<number, number>();
  const columns = [...counts.keys()]
    .map((name) => ({ name, m: /^(\d+)_(\d{3})_Recv$/.exec(name) }))
    .filter((c) => c.m !== null)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]));
  for (const { name, m } of columns) {
    const code = Number(m![2]);
    if (code === 200 && out.has(200)) continue;
    out.set(code, (out.get(code) ?? 0) + Number(counts.get(name) ?? 0));
  }
  return out;
}

/** Successful and failed calls from a `-trace_stat` file (cumulative columns). */
export function callTotals(stat: Map<string, string>): {
  successful: number;
  failed: number;
  created: number;
} {
  return {
    successful: Number(stat.get('SuccessfulCall(C)') ?? NaN),
    failed: Number(stat.get('FailedCall(C)') ?? NaN),
    created: Number(stat.get('TotalCallCreated') ?? NaN),
  };
}

/** One message of SIPp's `-trace_msg` log, from that SIPp's side. */
export interface SippMessage {
  direction: 'sent' | 'received';
  startLine: string;
  callId: string;
}

/**
 * The messages a SIPp instance logged with `-trace_msg`, in order. Each entry starts with a line
 * of dashes and a time, then "UDP message sent (N bytes):" or "UDP message received [N] bytes :",
 * a blank line and the message.
 */
export function sippMessages(file: string): SippMessage[] {
  const out: SippMessage[] = [];
  for (const entry of readFileSync(file, 'utf8').split(/^-{10,}.*$/m)) {
    const lines = entry.split(/\r?\n/).map((l) => l.trim());
    const head = lines.findIndex((l) => /message (sent|received)/.test(l));
    if (head === -1) continue;
    const direction = /message sent/.test(lines[head]!) ? 'sent' : 'received';
    const rest = lines.slice(head + 1).filter((l) => l !== '');
    const startLine = rest[0] ?? '';
    const callId = rest.find((l) => /^(call-id|i)\s*:/i.test(l))?.replace(/^[^:]*:\s*/, '') ?? '';
    out.push({ direction, startLine, callId });
  }
  return out;
}
