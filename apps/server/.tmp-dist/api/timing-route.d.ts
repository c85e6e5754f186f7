import { Router } from 'express';
import type { Clock } from '../clock.js';
import type { CallTimings } from '../core/call-timing.js';
/**
 * GET /api/v1/timing?window=15m[&trunk=...] (or from/to in epoch ms): post-dial delay and setup
 * time, p50/p95 per trunk and in total, from the calls HEP saw. The window defaults to 15m.
 */
export declare function timingRouter(timings: CallTimings, clock: Clock): Router;
