/**
 * The one place that turns untrusted text (a syslog HOSTNAME, a HEP node name, a `trunk=` value)
 * into a dimension name: trimmed, without control characters, at most NAME_MAX_CHARS long (a cut
 * name ends in `…`), and a string of its own. Names outlive the messages they came from (the id
 * tables keep them for days), and in V8 a slice of a string keeps the whole parent alive: a short
 * host name sliced from a 64 KiB message would hold the 64 KiB.
 */

export const NAME_MAX_CHARS = 128;
const ELLIPSIS = '…';
// C0, DEL and C1 control characters.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function dimensionName(text: string): string {
  let name = text.replace(CONTROL, '').trim();
  if (name.length > NAME_MAX_CHARS) {
    let end = NAME_MAX_CHARS - ELLIPSIS.length;
    const code = name.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    name = name.slice(0, end) + ELLIPSIS;
  }
  return ownCopy(name);
}

/**
 * A flat copy: concatenating flattens into a new string, and the slice then points into that copy
 * (never into the message), so the message can be collected. bench/names.bench.ts measures it.
 */
export function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}
