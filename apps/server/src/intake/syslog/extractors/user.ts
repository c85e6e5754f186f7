import { ConfigError } from '../../../config.js';
import type { Extracted, Extractor } from './types.js';

export interface UserExtractorConfig {
  name: string;
  pattern: string;
  flags?: string;
  scope?: 'call' | 'transaction';
}

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
] as const;

/**
 * A regular expression from the config file (`syslog.extractors`). An invalid pattern, or one
 * without a `code` group, is a configuration error reported at start, naming the entry.
 */
export function compileUserExtractor(config: UserExtractorConfig, index: number): Extractor {
  const where = `syslog.extractors.${index} (${config.name})`;
  let re: RegExp;
  try {
    re = new RegExp(config.pattern, (config.flags ?? '').replace(/[gy]/g, ''));
  } catch (err) {
    throw new ConfigError(`${where}: invalid regular expression: ${(err as Error).message}`);
  }
  if (!/\(\?<code>/.test(config.pattern))
    throw new ConfigError(`${where}: the pattern needs a named group (?<code>…)`);
  const scope = config.scope ?? 'transaction';
  return {
    name: `user:${config.name}`,
    extract(message) {
      const groups = re.exec(message)?.groups;
      if (!groups || groups.code === undefined) return undefined;
      const out: Extracted = { code: groups.code, scope };
      for (const key of USER_GROUPS) {
        const v = groups[key];
        if (v !== undefined && v !== '' && key !== 'code') out[key] = v;
      }
      return out;
    },
  };
}
