import { createHash, timingSafeEqual } from 'node:crypto';
/**
 * The admin token guards writes (rules, acks, silences) when configured; reads stay open so a
 * wall display needs no token. Compared in constant time over fixed-length digests.
 */
const digest = (s) => createHash('sha256').update(s).digest();
export function checkAdmin(req, token) {
    if (token === undefined)
        return 'open';
    const header = req.get('authorization');
    const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
    if (!m)
        return 'missing';
    return timingSafeEqual(digest(m[1]), digest(token)) ? 'ok' : 'wrong';
}
/** Whether the caller may see credentials (targets' URLs and secrets). */
export function isAdmin(req, token) {
    const check = checkAdmin(req, token);
    return check === 'open' || check === 'ok';
}
export function requireAdmin(token) {
    return (req, res, next) => {
        const check = checkAdmin(req, token);
        if (check === 'open' || check === 'ok')
            return next();
        if (check === 'missing') {
            res
                .status(401)
                .set('WWW-Authenticate', 'Bearer realm="sipwatch-admin"')
                .json({ error: 'this change needs the admin token: send Authorization: Bearer <token>' });
            return;
        }
        res.status(403).json({ error: 'the admin token is not valid' });
    };
}
//# sourceMappingURL=auth.js.map