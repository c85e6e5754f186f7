/** Call statuses after which nothing about the call's outcome changes. */
const FINAL_STATUSES = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];
/**
 * A Twilio status callback (form fields) as a call outcome. `DialSipResponseCode` (the <Dial> action
 * callback, the dialled leg) wins over `SipResponseCode` (the call itself). Progress callbacks
 * (initiated, ringing, in-progress) and callbacks without a SIP code give no event: undefined.
 */
export function mapTwilioCallback(p) {
    const dial = p.get('DialSipResponseCode');
    const code = dial ?? p.get('SipResponseCode');
    if (code === null || code === '')
        return undefined;
    const status = (dial !== null ? p.get('DialCallStatus') : p.get('CallStatus')) ?? undefined;
    if (status !== undefined && !FINAL_STATUSES.includes(status))
        return undefined;
    const out = {
        code,
        method: 'INVITE',
        scope: 'call',
        callId: p.get('SipCallId') ?? (dial !== null ? p.get('DialCallSid') : p.get('CallSid')),
        from: p.get('From'),
        to: p.get('To'),
        direction: p.get('Direction'),
        ts: p.get('Timestamp'),
    };
    // Twilio cancelled the call itself (API cancel, or the caller hung up while it rang).
    if (status === 'canceled' && code.trim() === '487')
        out.cancelled = true;
    return out;
}
//# sourceMappingURL=twilio.js.map