const encoder = new TextEncoder();
/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text, maxBytes) {
    // Three bytes per UTF-16 unit is the worst case (a surrogate pair is 2 units for 4 bytes).
    if (text.length * 3 <= maxBytes)
        return text;
    if (maxBytes <= 0)
        return '';
    const { read } = encoder.encodeInto(text, new Uint8Array(maxBytes));
    return read >= text.length ? text : text.slice(0, read);
}
/** Cuts a string to at most `max` UTF-16 units without leaving half a surrogate pair. */
export function truncateChars(text, max) {
    if (text.length <= max)
        return text;
    const code = text.charCodeAt(max - 1);
    const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
    return text.slice(0, end);
}
//# sourceMappingURL=normalise-text.js.map