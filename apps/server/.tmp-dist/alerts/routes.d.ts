import { Router } from 'express';
import type { AlertService } from './alert-service.js';
export declare function alertsRouter(service: AlertService, adminToken: string | undefined): Router;
