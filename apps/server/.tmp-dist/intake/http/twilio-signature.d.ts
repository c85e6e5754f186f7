/**
 * Twilio's request signature: HMAC-SHA1 (key: the account's auth token) over the full URL Twilio
 * requested followed by every POST parameter as name+value, names sorted (values of a repeated
 * name sorted too), base64.
 */
export declare function twilioSignature(authToken: string, url: string, params: URLSearchParams): string;
/** True when the signature matches one of the URLs the request may have been made to. */
export declare function verifyTwilioSignature(authToken: string, signature: string | undefined, urls: readonly string[], params: URLSearchParams): boolean;
/**
 * The URLs Twilio may have signed: the configured public base URL when sipwatch sits behind a proxy,
 * else the request's Host with https and http, with and without an explicit port (Twilio drops
 * standard ports, and proxies rewrite schemes).
 */
export declare function candidateUrls(publicBaseUrl: string | undefined, host: string | undefined, path: string): string[];
