import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AccessPolicy } from './access.js';
import { ROLE_VARIABLE, ROLES } from './roles.js';

const WHAT: Record<(typeof ROLES)[number], string> = {
  ingest: 'sending events over HTTP',
  viewer: 'the dashboard, the read API and the live stream',
  admin: 'alert rules, silences, acknowledgements and imports',
};

/** One line per role that has no token, so an operator sees at start what is open, and to whom. */
export function logOpenRoles(config: Config, access: AccessPolicy, logger: Logger): void {
  for (const role of ROLES) {
    if (access.authenticator.mode(role) === 'token') continue;
    const variable = ROLE_VARIABLE[role];
    if (!config.auth.trustLoopback)
      logger.warn(
        { role, variable },
        `${role} role has no token and loopback is not trusted: refused to everyone (${WHAT[role]}); set ${variable}`,
      );
    else
      logger.warn(
        { role, variable },
        `${role} role has no token: open to clients on this machine only (${WHAT[role]}); set ${variable} to allow others`,
      );
  }
  if (config.metrics.public) logger.info('/metrics answers anyone (metrics.public: true)');
}
