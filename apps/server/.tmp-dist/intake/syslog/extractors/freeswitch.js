import { sipCode } from './types.js';
const PING = /Ping (?:failed|succeeded) (\S+) with code (\d{3})\b/;
const REGISTRATION = /(\S+) Failed Registration with status (.*?) \[(-?\d+)\]/;
const NTA_RECEIVED = /\bnta: received (\d{3}) (.*?) for ([A-Z]+)\b/;
/** FreeSWITCH lines that mention codes or SIP without being a reply on the wire. */
const NOT_OUTCOMES = /Overriding SIP cause|SIP auth failure|SIP auth challenge/;
/**
 * FreeSWITCH sofia: gateway pings (`Ping failed <gateway> with code 408`: an OPTIONS the gateway did
 * not answer), gateway registrations (`<gateway> Failed Registration with status <phrase> [403]`).
 * Codes outside 100-699 there (904 and friends) are sofia's own and yield nothing.
 */
export const freeswitchSofiaExtractor = {
    name: 'freeswitch-sofia',
    extract(message) {
        const ping = message.includes('Ping ') ? PING.exec(message) : null;
        const reg = !ping && message.includes('Failed Registration') ? REGISTRATION.exec(message) : null;
        if (!ping && !reg)
            return message.includes('SIP ') && NOT_OUTCOMES.test(message) ? null : undefined;
        if (ping) {
            const code = sipCode(ping[2]);
            return code === undefined ? null : { code, method: 'OPTIONS', trunk: ping[1] };
        }
        if (reg) {
            const code = sipCode(reg[3]);
            return code === undefined ? null : { code, reason: reg[2].trim(), method: 'REGISTER', trunk: reg[1] };
        }
        return undefined;
    },
};
/** sofia-sip's transaction layer: `nta: received 480 Temporarily Unavailable for INVITE (1)`. */
export const sofiaNtaExtractor = {
    name: 'sofia-sip',
    extract(message) {
        if (!message.includes('nta: received'))
            return undefined;
        const m = NTA_RECEIVED.exec(message);
        if (!m)
            return undefined;
        const code = sipCode(m[1]);
        return code === undefined ? null : { code, reason: m[2].trim(), method: m[3] };
    },
};
//# sourceMappingURL=freeswitch.js.map