import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { ALERT_STATES } from '@sipwatch/wire';
import type { AlertView } from '@sipwatch/wire';
import type { AlertService, Outcome } from './alert-service.js';
import { publicView } from './redact.js';
import type { AccessPolicy } from '../security/access.js';
import { TimeParam, paramError, parseParams } from '../api/params.js';
import { sendDomainError, sendError } from '../http-errors.js';
import { redactRule } from './redact.js';

/**
 * /api/v1/alerts: rules CRUD, import/export, current states, acks, silences, history, test
 * notifications and backtest previews. Targets are shown without credentials unless the caller
 * authenticated with an admin token.
 */

const BODY_LIMIT = '1mb';
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

const HistoryQuerySchema = z
  .object({
    rule: z.string().max(64).optional(),
    state: z.enum(ALERT_STATES, { error: `must be one of ${ALERT_STATES.join(', ')}` }).optional(),
    from: TimeParam,
    to: TimeParam,
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();

export function alertsRouter(service: AlertService, access: AccessPolicy): Router {
  const router = Router();
  // Who may call what is decided before this router: reads need viewer, writes admin (security/route-roles.ts).
  const json = express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  const text = express.text({ limit: BODY_LIMIT, type: YAML_TYPES });
  // Secrets go to an authenticated admin only: never to a caller let in because it is on this machine.
  const reveal = (req: Request) => access.identify(req).grants.admin === 'token';
  const shown = (req: Request, view: AlertView) => (reveal(req) ? view : publicView(view));
  const shownRule = (req: Request, id: string) => {
    const view = service.view(id);
    return view && shown(req, view);
  };

  router.get('/', (req, res) => {
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    const alerts = service.list().filter((v) => state === undefined || v.state.state === state);
    res.json({ serverTime: service.now(), alerts: alerts.map((v) => shown(req, v)) });
  });

  router.get('/rules', (req, res) => {
    res.json({ rules: service.list().map((v) => shown(req, v)) });
  });

  router.get('/rules/export', (req, res) => {
    const format = req.query.format ?? 'yaml';
    if (format !== 'yaml' && format !== 'json') {
      throw paramError('format', 'must be yaml or json');
    }
    const rules = service.exportRules().map((r) => (reveal(req) ? r : redactRule(r)));
    res.set('Content-Disposition', `attachment; filename="sipwatch-alert-rules.${format}"`);
    if (format === 'json') {
      res.type('application/json').send(JSON.stringify({ rules }, null, 2));
      return;
    }
    const header = '# sipwatch alert rules: POST this file to /api/v1/alerts/rules/import\n';
    res.type('application/yaml').send(header + stringifyYaml({ rules }));
  });

  router.get('/rules/:id', (req, res) => {
    const view = service.view(req.params.id);
    if (!view) {
      sendError(res, 'not-found', `no rule with id ${req.params.id}`);
      return;
    }
    res.json(shown(req, view));
  });

  router.post('/rules', json, async (req, res) => {
    if (!requireJson(req, res)) return;
    await sendDurable(res, service.create(req.body), 201, (rule) => shownRule(req, rule.id));
  });

  router.put('/rules/:id', json, async (req, res) => {
    if (!requireJson(req, res)) return;
    await sendDurable(res, service.replace(req.params.id as string, req.body), 200, (rule) =>
      shownRule(req, rule.id),
    );
  });

  router.patch('/rules/:id', json, async (req, res) => {
    if (!requireJson(req, res)) return;
    await sendDurable(res, service.patch(req.params.id as string, req.body), 200, (rule) =>
      shownRule(req, rule.id),
    );
  });

  router.delete('/rules/:id', async (req, res) => {
    await sendDurable(res, service.remove(req.params.id as string), 204);
  });

  router.post('/rules/import', json, text, async (req, res) => {
    let body: unknown = req.body;
    if (typeof body === 'string') {
      try {
        body = parseYaml(body);
      } catch (err) {
        sendError(res, 'malformed-yaml', `malformed YAML: ${(err as Error).message}`);
        return;
      }
    } else if (!req.is('application/json') && !req.is('application/*+json')) {
      sendError(res, 'unsupported-media-type', 'send the rules as application/json or application/yaml');
      return;
    }
    const prune = req.query.prune === 'true' || req.query.prune === '1';
    await sendDurable(res, service.import(body, { prune }));
  });

  router.post('/rules/preview', json, (req, res) => {
    if (!requireJson(req, res)) return;
    send(res, service.preview(req.body));
  });

  router.post('/rules/:id/test-notification', json, async (req, res) => {
    if (!requireJson(req, res, true)) return;
    const outcome = await service.testNotification(req.params.id as string);
    send(res, outcome, 200, (outcomes) => ({ outcomes }));
  });

  router.get('/silences', (_req, res) => {
    res.json({ silences: service.activeSilences() });
  });

  router.post('/silences', json, async (req, res) => {
    if (!requireJson(req, res)) return;
    await sendDurable(res, service.silence(req.body, access.identify(req).name), 201);
  });

  router.delete('/silences/:id', async (req, res) => {
    await sendDurable(res, service.unsilence(req.params.id as string), 204);
  });

  router.get('/history', async (req, res) => {
    const q = parseParams(HistoryQuerySchema, req.query);
    const history = await service.history({
      ruleId: q.rule,
      state: q.state,
      from: q.from,
      to: q.to,
      beforeId: q.before,
      limit: q.limit,
    });
    const next = history.length === q.limit ? history.at(-1)!.id : null;
    res.json({ history, next });
  });

  router.post('/:ruleId/ack', json, async (req, res) => {
    if (!requireJson(req, res, true)) return;
    await sendDurable(
      res,
      service.ack(req.params.ruleId as string, req.body ?? {}, access.identify(req).name),
      200,
      (v) => shown(req, v),
    );
  });

  /** A change answered once it is durable (on a cluster node: in PostgreSQL), or refused. */
  async function sendDurable<T>(
    res: Response,
    outcome: Outcome<T>,
    status = 200,
    map?: (value: T) => unknown,
  ): Promise<void> {
    if (outcome.ok) {
      const durable = await service.durable();
      if (!durable.ok) {
        sendDomainError(res, durable.error);
        return;
      }
    }
    if (outcome.ok && status === 204) res.status(204).end();
    else send(res, outcome, status, map);
  }

  return router;
}

/** Writes an outcome: the value (mapped) with `status`, or the refusal in the one error shape. */
function send<T>(res: Response, outcome: Outcome<T>, status = 200, map?: (value: T) => unknown): void {
  if (outcome.ok) res.status(status).json(map ? map(outcome.value) : outcome.value);
  else sendDomainError(res, outcome.error);
}

/**
 * Every change is sent as JSON, even one with nothing to say (`{}`): a page elsewhere can send a
 * form or text/plain without asking, but not application/json, so this closes cross-site requests
 * independently of the Origin check.
 */
function requireJson(req: Request, res: Response, bodyOptional = false): boolean {
  if (!req.is('application/json') && !req.is('application/*+json')) {
    sendError(res, 'unsupported-media-type', 'send JSON (Content-Type: application/json)');
    return false;
  }
  if (!bodyOptional && req.body === undefined) {
    sendError(res, 'invalid', 'a JSON body is required', {
      errors: [{ field: '(body)', reason: 'is missing' }],
    });
    return false;
  }
  return true;
}
