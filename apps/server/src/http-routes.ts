import type { Express } from 'express';
import { DAY_MS } from '@sipwatch/wire';
import { adminRouter } from './api/admin-routes.js';
import { healthRouter } from './api/health-routes.js';
import { apiRouter } from './api/routes.js';
import { callsRouter } from './calls/calls-routes.js';
import { compileTrunkMap } from './intake/trunk-map.js';
import { timingRouter } from './api/timing-route.js';
import { uiConfigRouter } from './api/ui-config-route.js';
import type { Alerting } from './alerts/service.js';
import type { ClusterNode } from './cluster/cluster-node.js';
import type { ServerContext } from './context.js';
import type { CallTimings } from './core/call-timing.js';
import { errorHandler, sendError } from './http-errors.js';
import type { Intake } from './intake/intake.js';
import { createIngestRouter } from './intake/http/router.js';
import type { LiveCore } from './pipeline-runtime.js';
import { securityHeaders } from './security/headers.js';
import { sessionRouter } from './security/session-route.js';
import { defaultWebRoot, staticWebRouter } from './static-web.js';

export interface RouteParts {
  ctx: ServerContext;
  intake: Intake;
  timings: CallTimings;
  live: LiveCore;
  alerting: Alerting;
  /** Set on a cluster node: reads answer for the whole cluster. */
  cluster?: ClusterNode | undefined;
}

/**
 * Every HTTP route of the server, mounted once and in order: headers and the access check first,
 * then each part's routes, then the dashboard, JSON 404s under /api, and the error handler, which
 * must sit on the app itself (express passes errors by routers, never into a router's handlers).
 */
export function mountRoutes(app: Express, parts: RouteParts): void {
  const { ctx, intake, timings, live, alerting, cluster } = parts;
  const { config, clock, logger, access } = ctx;
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(access.guardRequest);
  app.use(sessionRouter(access));
  const readiness = cluster ? () => cluster.readiness(live.readiness()) : live.readiness;
  app.use(healthRouter(readiness, live.metrics));
  app.use('/api/v1', createIngestRouter(ctx, intake));
  app.use(
    apiRouter({
      queries: live.queries,
      store: live.store,
      logger,
      ...(cluster && { cluster: cluster.queries }),
      maxRangeMs: (config.aggregation.retentionDays + 1) * DAY_MS,
    }),
  );
  app.use(adminRouter({ resetDimension: (kind) => live.pipeline.resetDimension(kind), logger }));
  app.use(timingRouter(timings, clock));
  const trunks = compileTrunkMap(config.ingest.trunks);
  app.use(callsRouter({ store: cluster?.calls ?? live.store, labelOf: (ip) => trunks.lookup(ip) }));
  app.use(uiConfigRouter(config, logger));
  app.use('/api/v1/alerts', alerting.router);

  const web = staticWebRouter(config.http.webRoot ?? defaultWebRoot());
  if (web) app.use(web);
  else logger.info('no built dashboard found (pnpm build); serving the API only');
  app.use('/api', (req, res) => {
    sendError(res, 'not-found', `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  app.use(errorHandler(logger));
}
