import type { Router } from 'express';
import type { ServerContext } from '../../context.js';
import type { Intake } from '../intake.js';
/**
 * The HTTP intake, mounted under /api/v1: POST /events, the vendor webhooks, and the intake's own
 * stats (GET /ingest/stats, GET /ingest/unparsed).
 */
export declare function createIngestRouter(ctx: ServerContext, intake: Intake): Router;
