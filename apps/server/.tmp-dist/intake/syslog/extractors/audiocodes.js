import { sipCode } from './types.js';
/**
 * AudioCodes SBC signalling CDR (`|CALL_END |SBC |…`), fields in the order of the Mediant manuals:
 * after CALL_END come EndpointType, SIPCallId, SessionId, Orig, SourceIp, SourcePort, DestIp,
 * DestPort, TransportType, SrcURI, SrcURIBeforeMap, DstURI, DstURIBeforeMap, Duration, TrmSd,
 * TrmReason, TrmReasonCategory, SetupTime, ConnectTime, ReleaseTime, RedirectReason,
 * RedirectURINum, RedirectURINumBeforeMap, TxSigIPDiffServ, IPGroup, SrdId, SIPInterfaceId,
 * ProxySetId, IpProfileId, MediaRealmId, DirectMedia, SIPTrmReason, SIPTermDesc, …
 *
 * SIPTrmReason carries the SIP outcome: a status code for a failed call, CANCEL for a call the
 * caller abandoned (487, cancelled), BYE for an answered call (200).
 */
const F = {
    endpointType: 1,
    callId: 2,
    srcIp: 5,
    srcPort: 6,
    dstIp: 7,
    dstPort: 8,
    srcUri: 10,
    dstUri: 12,
    connectTime: 19,
    releaseTime: 20,
    ipGroup: 25,
    sipTrmReason: 32,
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CDR_TIME = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) UTC \w{3} (\w{3}) (\d{1,2}) (\d{4})$/;
/** `06:14:01.175 UTC Thu Mar 02 2012`; other zones are ambiguous abbreviations and are ignored. */
export function parseCdrTime(text) {
    const m = CDR_TIME.exec(text);
    if (!m)
        return undefined;
    const month = MONTHS.indexOf(m[5]);
    if (month < 0)
        return undefined;
    const [h, min, s, ms, , day, year] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7]].map(Number);
    return Date.UTC(year, month, day, h, min, s, ms);
}
export const audiocodesCdrExtractor = {
    name: 'audiocodes-cdr',
    extract(message) {
        if (!message.includes('|CALL_END'))
            return undefined;
        const fields = message.split('|').map((f) => f.trim());
        const at = fields.indexOf('CALL_END');
        if (at < 0)
            return undefined;
        const get = (i) => fields[at + i] ?? '';
        if (get(F.endpointType) !== 'SBC' || fields.length <= at + F.sipTrmReason)
            return null;
        const outcome = get(F.sipTrmReason).toUpperCase();
        let result;
        const code = sipCode(outcome);
        if (code !== undefined)
            result = { code };
        else if (outcome === 'CANCEL')
            result = { code: 487, reason: 'Request Terminated', cancelled: true };
        else if (outcome === 'BYE')
            result = { code: 200, reason: 'OK' };
        else
            return null;
        const out = {
            ...result,
            method: 'INVITE',
            scope: 'call',
            callId: get(F.callId),
            srcIp: get(F.srcIp),
            srcPort: get(F.srcPort),
            dstIp: get(F.dstIp),
            dstPort: get(F.dstPort),
            from: get(F.srcUri),
            to: get(F.dstUri),
        };
        const ts = parseCdrTime(get(F.releaseTime));
        if (ts !== undefined)
            out.ts = ts;
        // The IP Group is AudioCodes' trunk: "2 (ITSP-A)"; an empty name says nothing.
        const group = /^\d+\s*\(([^)]+)\)$/.exec(get(F.ipGroup));
        if (group)
            out.trunk = group[1].trim();
        return out;
    },
};
//# sourceMappingURL=audiocodes.js.map