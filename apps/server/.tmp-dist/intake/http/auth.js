import { createHash, timingSafeEqual } from 'node:crypto';
/**
 * Checks an Authorization header against the configured tokens. `Bearer <token>` is the documented
 * form; `Basic` with the token as the password (any user name) is accepted too, because some senders
 * can only put credentials in the URL (Twilio) or in a user:pass setting (FreeSWITCH `cred`).
 * Digests are compared, so neither the length nor the content of a token leaks through timing.
 */
export function createTokenCheck(tokens) {
    const digests = tokens.map(digest);
    return (authorization) => {
        const presented = presentedToken(authorization);
        if (presented === undefined)
            return false;
        const d = digest(presented);
        let ok = false;
        for (const t of digests)
            ok = timingSafeEqual(d, t) || ok;
        return ok;
    };
}
function digest(s) {
    return createHash('sha256').update(s).digest();
}
function presentedToken(header) {
    if (!header)
        return undefined;
    const m = /^\s*(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
    if (!m)
        return undefined;
    if (m[1].toLowerCase() === 'bearer')
        return m[2];
    const decoded = Buffer.from(m[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}
//# sourceMappingURL=auth.js.map