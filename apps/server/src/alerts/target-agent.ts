import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { RefusedRange, TargetPolicy } from './target-policy.js';

/**
 * The HTTP agent notifications go through: every address is checked against the policy at
 * connect time, after DNS, so a name that resolves to a public address when the rule is saved and
 * to 127.0.0.1 later (DNS rebinding) is still refused. Node skips the lookup for address literals,
 * so the connector checks those itself.
 */

/** Resolves a host name to every address it has (the system resolver by default). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

export class TargetRefusedError extends Error {
  constructor(readonly range: RefusedRange) {
    super(`address not allowed (${range})`);
    this.name = 'TargetRefusedError';
  }
}

/** A `lookup` for net.connect: resolves, then refuses the name if any of its addresses is refused. */
export function guardedLookup(policy: TargetPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          err.code = 'ENOTFOUND';
          callback(err, '');
          return;
        }
        if (!policy.hostAllowed(hostname)) {
          for (const { address } of addresses) {
            const refused = policy.check(address);
            if (refused !== null) {
              callback(new TargetRefusedError(refused), '');
              return;
            }
          }
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

export function targetAgent(policy: TargetPolicy, resolve: Resolver = systemResolver): Agent {
  const connector = buildConnector({ lookup: guardedLookup(policy, resolve) });
  const connect: buildConnector.connector = (options, callback) => {
    const refused = isIP(options.hostname) ? policy.check(options.hostname) : null;
    if (refused !== null) callback(new TargetRefusedError(refused), null);
    else connector(options, callback);
  };
  return new Agent({ connect });
}
