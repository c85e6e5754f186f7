import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { QueryService } from './queries.js';
export interface ApiDeps {
    queries: QueryService;
    store: Pick<Store, 'queryEvents'>;
    logger: Logger;
    /** The longest range a query may ask for, ms (retention plus the day-ago baseline). */
    maxRangeMs: number;
}
/** The read side of the REST API, under /api/v1. */
export declare function apiRouter(deps: ApiDeps): Router;
/** The last handler: JSON for every error, never a stack trace. */
export declare function jsonErrorHandler(logger: Logger): (err: unknown, req: Request, res: Response, _next: NextFunction) => void;
