import { createHmac, timingSafeEqual } from 'node:crypto';
/**
 * Twilio's request signature: HMAC-SHA1 (key: the account's auth token) over the full URL Twilio
 * requested followed by every POST parameter as name+value, names sorted (values of a repeated
 * name sorted too), base64.
 */
export function twilioSignature(authToken, url, params) {
    const byName = new Map();
    for (const [name, value] of params) {
        const values = byName.get(name);
        if (values)
            values.push(value);
        else
            byName.set(name, [value]);
    }
    let data = url;
    for (const name of [...byName.keys()].sort()) {
        for (const value of byName.get(name).sort())
            data += name + value;
    }
    return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
/** True when the signature matches one of the URLs the request may have been made to. */
export function verifyTwilioSignature(authToken, signature, urls, params) {
    if (!signature)
        return false;
    const given = Buffer.from(signature);
    let ok = false;
    for (const url of urls) {
        const expected = Buffer.from(twilioSignature(authToken, url, params));
        if (expected.length === given.length && timingSafeEqual(expected, given))
            ok = true;
    }
    return ok;
}
/**
 * The URLs Twilio may have signed: the configured public base URL when sipwatch sits behind a proxy,
 * else the request's Host with https and http, with and without an explicit port (Twilio drops
 * standard ports, and proxies rewrite schemes).
 */
export function candidateUrls(publicBaseUrl, host, path) {
    if (publicBaseUrl)
        return [publicBaseUrl.replace(/\/+$/, '') + path];
    if (!host)
        return [];
    const bare = host.replace(/:\d+$/, '');
    const hosts = bare === host ? [host] : [host, bare];
    return hosts.flatMap((h) => [`https://${h}${path}`, `http://${h}${path}`]);
}
//# sourceMappingURL=twilio-signature.js.map