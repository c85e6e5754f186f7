import { ConfigError } from '../../../config.js';
import type { Extracted, Extractor } from './types.js';
import { compileUserPattern } from './user-pattern.js';

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
 * A regular expression from the config file (`syslog.extractors`), run with RE2 (see
 * user-pattern.ts). An invalid pattern, one RE2 cannot run, or one without a `code` group, is a
 * configuration error reported at start, naming the entry.
 */
export function compileUserExtractor(config: UserExtractorConfig, index: number): Extractor {
  const where = `syslog.extractors.${index} (${config.name})`;
  const re = compileUserPattern(config.pattern, (config.flags ?? '').replace(/[gy]/g, ''));
  if (typeof re === 'string')
    throw new ConfigError(`${where}: ${re} (pattern ${JSON.stringify(config.pattern)})`);
  if (!re.groupNames().includes('code'))
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
