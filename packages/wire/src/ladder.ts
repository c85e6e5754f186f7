import type { CallMessage, CallSummary, CapturedMessage } from './calls.js';

/**
 * The SIP ladder of a captured call, computed once here for the server's text export and the
 * dashboard's view: one column per address (ip:port), one arrow per message, retransmissions
 * marked. Pure; reads only the start line and a few headers of each message.
 */

interface MessageHead {
  startLine: string;
  method?: string;
  code?: number;
  reason?: string;
  cseq?: string;
  branch?: string;
}

const STATUS_LINE = /^SIP\/2\.0\s+(\d{3})\s*(.*)$/;
const REQUEST_LINE = /^([A-Za-z][A-Za-z0-9_-]*)\s+\S+\s+SIP\/2\.0$/;

/** The start line, CSeq and top Via branch of a message's text. */
export function messageHead(text: string): MessageHead {
  const lines = text.split(/\r?\n/);
  const startLine = (lines[0] ?? '').trim();
  const head: MessageHead = { startLine };
  const status = STATUS_LINE.exec(startLine);
  if (status) {
    head.code = Number(status[1]);
    head.reason = status[2]!.trim();
  } else {
    const req = REQUEST_LINE.exec(startLine);
    if (req) head.method = req[1]!.toUpperCase();
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'cseq' && head.cseq === undefined) head.cseq = value.replace(/\s+/g, ' ');
    else if ((name === 'via' || name === 'v') && head.branch === undefined) {
      head.branch = /;\s*branch=([^;,\s]+)/i.exec(value)?.[1] ?? '';
    }
  }
  return head;
}

export const addressOf = (ip: string, port: number): string =>
  ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;

/**
 * A call's messages by capture time, then moved where a time stamp contradicts SIP: a response
 * comes after the request it answers on that hop (same CSeq and top Via branch, addresses
 * reversed), and the ACK of a failed INVITE after the final response it acknowledges. Capture
 * agents stamp messages in several processes (Kamailio's children, say), so a reply that took
 * microseconds can be stamped, and arrive, before the request it answers.
 */
export function inCausalOrder<T extends CapturedMessage>(messages: readonly T[]): T[] {
  const heads = new Map<T, MessageHead>(messages.map((m) => [m, messageHead(m.text)]));
  const order = [...messages].sort((a, b) => a.ts - b.ts);
  const answers = (m: T): ((o: T) => boolean) | undefined => {
    const h = heads.get(m)!;
    const back = (o: T): boolean =>
      o.srcIp === m.dstIp && o.srcPort === m.dstPort && o.dstIp === m.srcIp && o.dstPort === m.srcPort;
    if (h.branch === undefined || h.branch === '' || h.cseq === undefined) return undefined;
    if (h.code !== undefined) {
      return (o) => {
        const q = heads.get(o)!;
        return q.method !== undefined && q.cseq === h.cseq && q.branch === h.branch && back(o);
      };
    }
    if (h.method === 'ACK') {
      const invite = h.cseq.replace(/ACK$/i, 'INVITE');
      return (o) => {
        const r = heads.get(o)!;
        return r.code !== undefined && r.code >= 300 && r.cseq === invite && r.branch === h.branch && back(o);
      };
    }
    return undefined;
  };
  // Each move puts a message right after what it depends on; nothing depends on what depends on it,
  // so a pass per message settles every case.
  for (let pass = 0; pass < order.length; pass++) {
    let moved = false;
    for (let i = 0; i < order.length && !moved; i++) {
      const m = order[i]!;
      const follows = answers(m);
      if (!follows) continue;
      const j = order.findIndex(follows);
      if (j > i) {
        order.splice(i, 1);
        order.splice(j, 0, m);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return order;
}

/**
 * The messages in capture order (see inCausalOrder) with their heads read. A message is a retransmission when one
 * before it had the same start line, CSeq and top Via branch between the same two addresses (a
 * copy traced as it left one hop and reached the next has other addresses, and is not one).
 */
export function annotateMessages(messages: readonly CapturedMessage[]): CallMessage[] {
  const seen = new Set<string>();
  return inCausalOrder(messages).map((m, index) => {
    const head = messageHead(m.text);
    const key = [
      addressOf(m.srcIp, m.srcPort),
      addressOf(m.dstIp, m.dstPort),
      head.startLine,
      head.cseq,
      head.branch,
    ].join('\n');
    const retransmission = seen.has(key);
    seen.add(key);
    const out: CallMessage = { ...m, index, startLine: head.startLine, retransmission };
    if (head.method !== undefined) out.method = head.method;
    if (head.code !== undefined) out.code = head.code;
    if (head.reason !== undefined) out.reason = head.reason;
    if (head.cseq !== undefined) out.cseq = head.cseq;
    return out;
  });
}

export interface LadderColumn {
  /** ip:port */
  address: string;
  /** The trunk or capture source name of the address, when known. */
  label?: string;
}

export interface LadderArrow {
  message: CallMessage;
  from: number;
  to: number;
  /** What the arrow says: the method, or the code and reason. */
  label: string;
  /** ms since the first message. */
  offsetMs: number;
}

export interface Ladder {
  columns: LadderColumn[];
  arrows: LadderArrow[];
}

/** Columns in the order addresses first appear (the caller first), arrows in capture order. */
export function buildLadder(
  messages: readonly CallMessage[],
  labelOf: (ip: string, port: number) => string | undefined = () => undefined,
): Ladder {
  const columns: LadderColumn[] = [];
  const index = new Map<string, number>();
  const column = (ip: string, port: number): number => {
    const address = addressOf(ip, port);
    let i = index.get(address);
    if (i === undefined) {
      i = columns.length;
      index.set(address, i);
      const label = labelOf(ip, port);
      columns.push(label === undefined ? { address } : { address, label });
    }
    return i;
  };
  const t0 = messages[0]?.ts ?? 0;
  const arrows = messages.map((message) => ({
    message,
    from: column(message.srcIp, message.srcPort),
    to: column(message.dstIp, message.dstPort),
    label: arrowLabel(message),
    offsetMs: message.ts - t0,
  }));
  return { columns, arrows };
}

export function arrowLabel(m: Pick<CallMessage, 'method' | 'code' | 'reason' | 'startLine'>): string {
  if (m.code !== undefined) return m.reason ? `${m.code} ${m.reason}` : String(m.code);
  return m.method ?? m.startLine.slice(0, 32);
}

const letter = (i: number): string =>
  i < 26
    ? String.fromCharCode(65 + i)
    : `${String.fromCharCode(65 + Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;

export function formatOffset(ms: number): string {
  return `+${(ms / 1000).toFixed(3)} s`;
}

/** What a call's outcome says: its final response, or that it never got one. */
export function callOutcomeText(call: Pick<CallSummary, 'code' | 'reason'>): string {
  if (call.code === undefined) return 'no final response';
  return `${call.code}${call.reason ? ` ${call.reason}` : ''}`;
}

/**
 * The ladder as plain text, for screen readers and for pasting into a carrier ticket: a header
 * with the outcome and timing, the columns as letters, then one line per message
 * (`+0.120 s  2026-…Z  A → C  503 Service Unavailable`), retransmissions marked.
 */
export function textLadder(call: CallSummary, ladder: Ladder): string {
  const lines: string[] = [];
  lines.push(`Call-ID: ${call.callId}`);
  const outcome = `${callOutcomeText(call)} (${call.result}, ${call.category})`;
  lines.push(`Outcome: ${outcome}`);
  const timing: string[] = [];
  if (call.pddMs !== undefined) timing.push(`PDD ${Math.round(call.pddMs)} ms`);
  if (call.setupMs !== undefined) timing.push(`setup ${Math.round(call.setupMs)} ms`);
  if (timing.length > 0) lines.push(`Timing: ${timing.join(', ')}`);
  if (call.trunk !== undefined) lines.push(`Trunk: ${call.trunk}`);
  if (call.from !== undefined) lines.push(`From: ${call.from}`);
  if (call.to !== undefined) lines.push(`To: ${call.to}`);
  lines.push(`Started: ${new Date(call.startedAt).toISOString()}`);
  lines.push('');
  lines.push('Columns:');
  ladder.columns.forEach((c, i) => {
    lines.push(`  ${letter(i)} = ${c.address}${c.label !== undefined ? ` (${c.label})` : ''}`);
  });
  lines.push('');
  lines.push(`Messages (${ladder.arrows.length}${call.truncated ? ', more were not kept' : ''}):`);
  for (const a of ladder.arrows) {
    const mark = a.message.retransmission ? '  [retransmission]' : '';
    lines.push(
      `  ${formatOffset(a.offsetMs).padStart(10)}  ${new Date(a.message.ts).toISOString()}  ${letter(a.from)} -> ${letter(a.to)}  ${a.label}${mark}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export { letter as columnLetter };

/** The name (without extension) an export of a call is saved under: the Call-ID made file-safe. */
export function callFileName(callId: string): string {
  return `call-${callId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}`;
}
