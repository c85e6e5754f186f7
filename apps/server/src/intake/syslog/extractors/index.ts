import { truncateUtf8 } from '../../normalise-text.js';
import { accExtractor, keyValueExtractor } from './kv.js';
import { asteriskChanSipExtractor, asteriskPjsipExtractor } from './asterisk.js';
import { audiocodesCdrExtractor } from './audiocodes.js';
import { freeswitchSofiaExtractor, sofiaNtaExtractor } from './freeswitch.js';
import { statusLineExtractor } from './status-line.js';
import { compileUserExtractor } from './user.js';
import type { UserExtractorConfig } from './user.js';
import type { Extracted, Extractor } from './types.js';

export type { Extracted, Extractor } from './types.js';
export { compileUserExtractor } from './user.js';
export type { UserExtractorConfig } from './user.js';

/**
 * The built-in chain, most specific first: vendor formats before the SIP status line, and the
 * generic key=value reader last so it never claims a line a vendor extractor understands.
 */
export const BUILTIN_EXTRACTORS: readonly Extractor[] = [
  audiocodesCdrExtractor,
  accExtractor,
  asteriskChanSipExtractor,
  asteriskPjsipExtractor,
  freeswitchSofiaExtractor,
  sofiaNtaExtractor,
  statusLineExtractor,
  keyValueExtractor,
];

export interface Extraction {
  format: string;
  fields: Extracted;
}

export type ExtractorChain = (message: string) => Extraction | undefined;

/** The default of `syslog.maxExtractBytes`. */
export const DEFAULT_MAX_EXTRACT_BYTES = 8 * 1024;

/**
 * User extractors run first (they are how an operator overrides or extends the built-ins). Each
 * sees at most the first `maxExtractBytes` of a message: what a log line says about a SIP reply
 * is near its start, and a user pattern's cost grows with the text it is given.
 */
export function createExtractorChain(
  user: readonly UserExtractorConfig[] = [],
  maxExtractBytes: number = DEFAULT_MAX_EXTRACT_BYTES,
): ExtractorChain {
  const chain = [...user.map(compileUserExtractor), ...BUILTIN_EXTRACTORS];
  return (whole) => {
    const message = truncateUtf8(whole, maxExtractBytes);
    for (const extractor of chain) {
      const fields = extractor.extract(message);
      if (fields === null) return undefined;
      if (fields !== undefined) return { format: extractor.name, fields };
    }
    return undefined;
  };
}
