/**
 * Checks an Authorization header against the configured tokens. `Bearer <token>` is the documented
 * form; `Basic` with the token as the password (any user name) is accepted too, because some senders
 * can only put credentials in the URL (Twilio) or in a user:pass setting (FreeSWITCH `cred`).
 * Digests are compared, so neither the length nor the content of a token leaks through timing.
 */
export declare function createTokenCheck(tokens: readonly string[]): (authorization: string | undefined) => boolean;
