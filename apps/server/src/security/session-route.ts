import { Router } from 'express';
import type { AccessPolicy } from './access.js';
import { presentedToken } from './roles.js';
import type { AuthSession } from '@sipwatch/wire';

/**
 * GET /api/v1/auth/session, open to anyone: what the caller's token (if any) grants, and how each
 * role is guarded, so the dashboard knows whether to ask for a token and when to show that it is
 * open to this machine only. It names no token and no other caller.
 */
export function sessionRouter(access: AccessPolicy): Router {
  const router = Router();
  router.get('/api/v1/auth/session', (req, res) => {
    const identity = access.identify(req);
    const presented = presentedToken(req.headers.authorization) !== undefined;
    const session: AuthSession = {
      name: identity.name,
      token: identity.badToken ? 'invalid' : presented ? 'valid' : 'none',
      grants: identity.grants,
      modes: access.modes(),
      viewerRefusal: access.check(identity, 'viewer')?.message ?? null,
    };
    res.set('Cache-Control', 'no-store').json(session);
  });
  return router;
}
