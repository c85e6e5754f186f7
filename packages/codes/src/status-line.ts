export interface StatusLine {
  readonly code: number;
  readonly reason: string;
}

const STATUS_LINE = /^\s*SIP\/2\.0[ \t]+([1-6]\d\d)(?:[ \t]+([^\r\n]*?))?[ \t]*(?:\r?\n[\s\S]*)?$/;

/** Parses "SIP/2.0 486 Busy Here"; returns undefined for anything that is not a SIP/2.0 status line. */
export function parseStatusLine(line: string): StatusLine | undefined {
  const m = STATUS_LINE.exec(line);
  if (!m) return undefined;
  return { code: Number(m[1]), reason: m[2] ?? '' };
}
