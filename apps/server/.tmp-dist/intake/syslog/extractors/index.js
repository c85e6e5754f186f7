import { accExtractor, keyValueExtractor } from './kv.js';
import { asteriskChanSipExtractor, asteriskPjsipExtractor } from './asterisk.js';
import { audiocodesCdrExtractor } from './audiocodes.js';
import { freeswitchSofiaExtractor, sofiaNtaExtractor } from './freeswitch.js';
import { statusLineExtractor } from './status-line.js';
import { compileUserExtractor } from './user.js';
export { compileUserExtractor } from './user.js';
/**
 * The built-in chain, most specific first: vendor formats before the SIP status line, and the
 * generic key=value reader last so it never claims a line a vendor extractor understands.
 */
export const BUILTIN_EXTRACTORS = [
    audiocodesCdrExtractor,
    accExtractor,
    asteriskChanSipExtractor,
    asteriskPjsipExtractor,
    freeswitchSofiaExtractor,
    sofiaNtaExtractor,
    statusLineExtractor,
    keyValueExtractor,
];
/** User extractors run first (they are how an operator overrides or extends the built-ins). */
export function createExtractorChain(user = []) {
    const chain = [...user.map(compileUserExtractor), ...BUILTIN_EXTRACTORS];
    return (message) => {
        for (const extractor of chain) {
            const fields = extractor.extract(message);
            if (fields === null)
                return undefined;
            if (fields !== undefined)
                return { format: extractor.name, fields };
        }
        return undefined;
    };
}
//# sourceMappingURL=index.js.map