import { ConfigError } from '../../../config.js';
/** Named groups a user pattern may use; `code` is required. */
export const USER_GROUPS = [
    'code',
    'reason',
    'method',
    'callId',
    'cseq',
    'from',
    'to',
    'srcIp',
    'srcPort',
    'dstIp',
    'dstPort',
    'trunk',
    'direction',
    'ts',
];
/**
 * A regular expression from the config file (`syslog.extractors`). An invalid pattern, or one
 * without a `code` group, is a configuration error reported at start, naming the entry.
 */
export function compileUserExtractor(config, index) {
    const where = `syslog.extractors.${index} (${config.name})`;
    let re;
    try {
        re = new RegExp(config.pattern, (config.flags ?? '').replace(/[gy]/g, ''));
    }
    catch (err) {
        throw new ConfigError(`${where}: invalid regular expression: ${err.message}`);
    }
    if (!/\(\?<code>/.test(config.pattern))
        throw new ConfigError(`${where}: the pattern needs a named group (?<code>…)`);
    const scope = config.scope ?? 'transaction';
    return {
        name: `user:${config.name}`,
        extract(message) {
            const groups = re.exec(message)?.groups;
            if (!groups || groups.code === undefined)
                return undefined;
            const out = { code: groups.code, scope };
            for (const key of USER_GROUPS) {
                const v = groups[key];
                if (v !== undefined && v !== '' && key !== 'code')
                    out[key] = v;
            }
            return out;
        },
    };
}
//# sourceMappingURL=user.js.map