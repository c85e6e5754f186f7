/**
 * From/To arrive as name-addr (`"Bob" <sip:bob@host>;tag=1`), addr-spec (`sip:bob@host`), bare
 * user@host or bare numbers (webhooks). The event keeps the URI only; masking replaces the user part.
 */
export function addressUri(value) {
    const open = value.indexOf('<');
    if (open >= 0) {
        const close = value.indexOf('>', open + 1);
        const inner = value.slice(open + 1, close > open ? close : undefined).trim();
        if (inner)
            return inner;
    }
    // Without angle brackets, parameters after ';' belong to the header (tag), not the URI.
    const tag = value.search(/;\s*tag=/i);
    return (tag >= 0 ? value.slice(0, tag) : value).trim();
}
const SCHEME_USER = /^((?:sips?|tel):)([^@]*)(@.*)?$/i;
export const MASK = '***';
/** `sip:+4930123@carrier` → `sip:***@carrier`; `+4930123` → `***`; `sip:carrier.example` stays. */
export function maskUserPart(uri) {
    const m = SCHEME_USER.exec(uri);
    if (m) {
        const [, scheme, user, host] = m;
        if (host)
            return `${scheme}${MASK}${host}`;
        // tel:+4930123;phone-context=... has no host: the number is the user part.
        if (scheme.toLowerCase() === 'tel:')
            return `${scheme}${MASK}${user.replace(/^[^;]*/, '')}`;
        return uri;
    }
    const at = uri.indexOf('@');
    if (at >= 0)
        return `${MASK}${uri.slice(at)}`;
    return uri === '' ? uri : MASK;
}
// Anything shaped user@host (SIP URIs with or without scheme, bare user@host fields), and tel: numbers.
const USER_AT = /(^|[\s<:|=;,"'([{])((?:sips?|tel):)?[^\s@<>:|=;,"'()[\]{}]+(?::[^\s@<>|;,"'()]*)?@(?=[\w[])/gi;
const TEL = /\btel:\+?[\d().-]+/gi;
/**
 * Masks user parts inside free text (raw lines and payloads). It catches every `user@host` and
 * `tel:` number; bare numbers elsewhere in a line (e.g. `calling=4930123`) are not recognisable as
 * user parts and stay.
 */
export function maskUserPartsInText(text) {
    return text.replace(USER_AT, `$1$2${MASK}@`).replace(TEL, `tel:${MASK}`);
}
//# sourceMappingURL=normalise-uri.js.map