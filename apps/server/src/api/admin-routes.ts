import { Router } from 'express';
import { DIMENSION_KINDS } from '../core/dimensions.js';
import type { DimensionKind } from '../core/dimensions.js';
import type { Logger } from '../logger.js';
import { paramError } from './params.js';

export interface AdminDeps {
  /** Retires every active name of a kind; returns how many (Pipeline.resetDimension). */
  resetDimension(kind: DimensionKind): number;
  logger: Logger;
}

/** Admin actions under /api/v1/admin (security/route-roles.ts gives the whole prefix to admin). */
export function adminRouter(deps: AdminDeps): Router {
  const router = Router();

  router.post('/api/v1/admin/dimensions/:kind/reset', (req, res) => {
    const kind = req.params.kind;
    if (!(DIMENSION_KINDS as readonly string[]).includes(kind))
      throw paramError('kind', `must be one of ${DIMENSION_KINDS.join(', ')}`);
    const retired = deps.resetDimension(kind as DimensionKind);
    deps.logger.info({ kind, retired }, 'dimension names reset by an admin');
    res.json({ kind, retired });
  });

  return router;
}
