import { sipCode, splitHostPort } from './types.js';
const CHAN_SIP = /Got SIP response (\d{3}) "([^"]*)" back from (\[[^\]]+\](?::\d+)?|[^\s]+)/;
const PJSIP_PROCESSING = /Processing ([A-Z]+) response (\d{3}) from server '([^']*)'/;
const PJSIP_REGISTRATION = /(?:Fatal|Temporal) response '(\d{3})' received from '([^']*)' on registration attempt/;
/**
 * Asterisk chan_sip: `Got SIP response 503 "Service Unavailable" back from 1.2.3.4:5060`, logged for
 * an error reply to a request Asterisk sent (the method is not in the line, so none is assumed).
 */
export const asteriskChanSipExtractor = {
    name: 'asterisk-chan-sip',
    extract(message) {
        if (message.includes('SecurityEvent='))
            return null;
        // Cheap substring tests first: most lines are not Asterisk's, and regexes cost.
        if (!message.includes('Got SIP response'))
            return undefined;
        const m = CHAN_SIP.exec(message);
        if (!m)
            return undefined;
        const code = sipCode(m[1]);
        if (code === undefined)
            return null;
        const { ip, port } = splitHostPort(m[3]);
        return { code, reason: m[2], srcIp: ip, srcPort: port };
    },
};
/**
 * Asterisk PJSIP outbound registration: the debug line `Processing REGISTER response 408 from server
 * '…'` and the warnings `Fatal|Temporal response '403' received from '…' on registration attempt`.
 * With debug on, one failure can appear in both forms.
 */
export const asteriskPjsipExtractor = {
    name: 'asterisk-pjsip',
    extract(message) {
        if (!message.includes(' response '))
            return undefined;
        const p = PJSIP_PROCESSING.exec(message);
        if (p) {
            const code = sipCode(p[2]);
            return code === undefined ? null : { code, method: p[1] };
        }
        const r = PJSIP_REGISTRATION.exec(message);
        if (r) {
            const code = sipCode(r[1]);
            return code === undefined ? null : { code, method: 'REGISTER' };
        }
        return undefined;
    },
};
//# sourceMappingURL=asterisk.js.map