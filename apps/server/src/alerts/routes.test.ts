import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REDACTED } from '@sipwatch/wire';
import type { AlertTransition, AlertView, BacktestResult, DeliveryOutcome, Silence } from '@sipwatch/wire';
import type { SipEvent } from '@sipwatch/wire';
import { TEST_NOTIFICATION_EVERY_MS } from './alert-service.js';
import { startAlertsHarness } from './testing/harness.js';
import type { AlertsHarness } from './testing/harness.js';
import { startReceiver } from './testing/receiver.js';
import type { Receiver } from './testing/receiver.js';

const TOKEN = 'admin-token-for-tests';
const SECRET = 'webhook-secret-0123456789';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** The receivers these tests post to listen on 127.0.0.1, so it is allowed. */
const LOCAL_RECEIVERS = { allowTargets: ['127.0.0.1/32'] };

async function harness(config: Parameters<typeof startAlertsHarness>[0] = {}): Promise<AlertsHarness> {
  const h = await startAlertsHarness({ demo: { enabled: false }, alerts: LOCAL_RECEIVERS, ...config });
  open.push(h);
  return h;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  open.push(r);
  return r;
}

/** n call outcomes with the given code on a trunk. */
function calls(n: number, code: number, trunk = 'carrier-a'): Omit<SipEvent, 'ts' | 'receivedAt'>[] {
  return Array.from({ length: n }, () => ({
    code,
    scope: 'call' as const,
    method: 'INVITE',
    trunk,
    source: { channel: 'http' as const, format: 'json', host: 'sbc-1' },
  }));
}

/** Every second for `seconds`: `ok` answered calls and `bad` 503s. */
function traffic(h: AlertsHarness, seconds: number, ok: number, bad: number, trunk = 'carrier-a'): void {
  for (let s = 0; s < seconds; s++) {
    h.ingest([...calls(ok, 200, trunk), ...calls(bad, 503, trunk)]);
    h.advance(1_000);
  }
}

const stormRule = {
  name: '503 storm on carrier-a',
  metric: 'failure_rate',
  threshold: 0.3,
  window: '1m',
  pendingFor: '10s',
  minVolume: 5,
  scope: { trunk: 'carrier-a' },
};

async function body<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('rules CRUD', () => {
  it('creates a rule with defaults and a readable id, then lists and reads it', async () => {
    const h = await harness();
    const res = await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    expect(res.status).toBe(201);
    const created = await body<AlertView>(res);
    expect(created.rule).toMatchObject({
      id: '503-storm-on-carrier-a',
      comparison: 'gt',
      severity: 'warning',
      noData: 'keep',
      keepFiringFor: '0s',
      enabled: true,
    });
    expect(created.state).toMatchObject({ state: 'ok', ruleId: '503-storm-on-carrier-a' });

    const list = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    expect(list.rules.map((v) => v.rule.name)).toEqual(['503 storm on carrier-a']);
    const one = await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a');
    expect((await body<AlertView>(one)).rule.threshold).toBe(0.3);
    expect((await h.fetch('/api/v1/alerts/rules/nope')).status).toBe(404);
  });

  it('answers bad rules with 400 naming each field and why', async () => {
    const h = await harness();
    const res = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'x', metric: 'code_rate', threshold: 5, window: 'soon', severity: 'huge' },
    });
    expect(res.status).toBe(400);
    const err = await body<{ error: string; message: string; errors: { field: string; reason: string }[] }>(
      res,
    );
    expect(err).toMatchObject({ error: 'invalid', message: 'invalid rule' });
    expect(err.errors).toEqual(
      expect.arrayContaining([
        { field: 'window', reason: 'must be a duration like "30s", "5m" or "1h"' },
        { field: 'severity', reason: 'must be warning or critical' },
      ]),
    );
    const missingCode = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'x', metric: 'code_rate', threshold: 5 },
    });
    expect((await body<{ errors: unknown[] }>(missingCode)).errors).toEqual([
      { field: 'code', reason: 'is required for code_rate' },
    ]);
    const ratio = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'x', metric: 'failure_rate', threshold: 20 },
    });
    expect((await body<{ errors: unknown[] }>(ratio)).errors).toEqual([
      { field: 'threshold', reason: 'must be a fraction from 0 to 1 for failure_rate (0.2 means 20%)' },
    ]);
    const badLabel = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'x', metric: 'failure_rate', threshold: 0.2, labels: { 'bad key': 'v', team: 'noc' } },
    });
    expect((await body<{ errors: unknown[] }>(badLabel)).errors).toEqual([
      { field: 'labels.bad key', reason: 'label names are letters, digits, "_", "." or "-"' },
    ]);
    const timingByMethod = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'x', metric: 'pdd_p95', threshold: 3000, scope: { trunk: 'a', method: 'INVITE' } },
    });
    expect((await body<{ errors: unknown[] }>(timingByMethod)).errors).toEqual([
      {
        field: 'scope',
        reason: 'pdd_p95 narrows by trunk only (call timing is kept per trunk), not by method',
      },
    ]);

    const malformed = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await body<{ error: string; message: string }>(malformed)).toMatchObject({
      error: 'malformed-json',
      message: expect.stringMatching(/^malformed JSON/),
    });
    const wrongType = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    });
    expect(wrongType.status).toBe(415);
    // Still serving.
    expect((await h.fetch('/api/v1/alerts/rules')).status).toBe(200);
  });

  it('updates, patches, refuses clashing names and deletes', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    const other = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { ...stormRule, name: 'other', id: 'other' },
    });
    expect(other.status).toBe(201);

    const clash = await h.fetch('/api/v1/alerts/rules/other', {
      method: 'PUT',
      json: { ...stormRule },
    });
    expect(clash.status).toBe(409);
    expect((await body<{ errors: unknown[] }>(clash)).errors).toEqual([
      { field: 'name', reason: 'is taken by rule 503-storm-on-carrier-a' },
    ]);

    const put = await h.fetch('/api/v1/alerts/rules/other', {
      method: 'PUT',
      json: { ...stormRule, name: 'other', threshold: 0.5 },
    });
    expect((await body<AlertView>(put)).rule).toMatchObject({ id: 'other', threshold: 0.5 });
    const wrongId = await h.fetch('/api/v1/alerts/rules/other', {
      method: 'PUT',
      json: { ...stormRule, name: 'other', id: 'else' },
    });
    expect(wrongId.status).toBe(400);

    const patch = await h.fetch('/api/v1/alerts/rules/other', { method: 'PATCH', json: { enabled: false } });
    expect((await body<AlertView>(patch)).rule).toMatchObject({ enabled: false, threshold: 0.5 });

    expect((await h.fetch('/api/v1/alerts/rules/other', { method: 'DELETE' })).status).toBe(204);
    expect((await h.fetch('/api/v1/alerts/rules/other', { method: 'DELETE' })).status).toBe(404);
    const list = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    expect(list.rules.map((v) => v.rule.id)).toEqual(['503-storm-on-carrier-a']);
  });
});

describe('the admin token', () => {
  it('guards writes (401 without or with a wrong token) while reads stay open and hide credentials', async () => {
    const h = await harness({ auth: { admin: [TOKEN] } });
    const rule = {
      ...stormRule,
      notify: [
        { type: 'webhook', url: 'https://hooks.example.net/sipwatch?key=abc', secret: SECRET },
        { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XYZ' },
      ],
    };
    const none = await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: rule });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await body(none)).toMatchObject({
      error: 'unauthorized',
      role: 'admin',
      message: expect.stringMatching(/admin token/),
    });
    const wrong = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: rule,
      token: 'not-the-token',
    });
    expect(wrong.status).toBe(401);
    const ok = await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: rule, token: TOKEN });
    expect(ok.status).toBe(201);

    const wall = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    expect(wall.rules[0]!.rule.notify).toEqual([
      { type: 'webhook', url: `https://hooks.example.net/${REDACTED}`, secret: REDACTED, sendResolved: true },
      { type: 'slack', url: `https://hooks.slack.com/${REDACTED}`, sendResolved: true },
    ]);
    const wallText = await (await h.fetch('/api/v1/alerts/rules/export?format=json')).text();
    expect(wallText).not.toContain(SECRET);
    expect(wallText).not.toContain('XYZ');

    // An edit that sends the redacted values back keeps the stored ones.
    const id = wall.rules[0]!.rule.id;
    const { id: _id, createdAt: _c, updatedAt: _u, ...redacted } = wall.rules[0]!.rule;
    const edit = await h.fetch(`/api/v1/alerts/rules/${id}`, {
      method: 'PUT',
      json: { ...redacted, threshold: 0.4 },
      token: TOKEN,
    });
    expect(edit.status).toBe(200);
    const admin = await body<AlertView>(await h.fetch(`/api/v1/alerts/rules/${id}`, { token: TOKEN }));
    expect(admin.rule.threshold).toBe(0.4);
    expect(admin.rule.notify).toEqual([
      {
        type: 'webhook',
        url: 'https://hooks.example.net/sipwatch?key=abc',
        secret: SECRET,
        sendResolved: true,
      },
      { type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XYZ', sendResolved: true },
    ]);

    for (const [method, path] of [
      ['DELETE', `/api/v1/alerts/rules/${id}`],
      ['POST', `/api/v1/alerts/${id}/ack`],
      ['POST', '/api/v1/alerts/silences'],
      ['POST', '/api/v1/alerts/rules/import'],
    ] as const) {
      expect((await h.fetch(path, { method, json: {} })).status, `${method} ${path}`).toBe(401);
    }
    expect((await h.fetch('/api/v1/alerts')).status).toBe(200);
    expect((await h.fetch('/api/v1/alerts/history')).status).toBe(200);
  });
});

describe('the channels through the API', () => {
  it('hides every channel credential from readers without the admin token, and keeps it on an edit', async () => {
    const h = await harness({ auth: { admin: [TOKEN] } });
    const notify = [
      { type: 'pagerduty', routingKey: 'R0UT1NGKEY0123456789abcdef012345' },
      { type: 'opsgenie', apiKey: 'c6f1a1e2-genie-key-0000-secret', url: 'https://api.eu.opsgenie.com' },
      { type: 'teams', url: 'https://contoso.webhook.office.com/webhookb2/TEAMS-TOKEN' },
      { type: 'alertmanager', url: 'https://am.example.com' },
      {
        type: 'email',
        host: 'smtp.example.com',
        username: 'alerts',
        password: 'smtp-Pa55word',
        from: 'sipwatch@example.com',
        to: ['noc@example.com'],
      },
    ];
    const created = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { ...stormRule, notify },
      token: TOKEN,
    });
    expect(created.status).toBe(201);
    const stored = (await body<AlertView>(created)).rule.notify;
    expect(stored[0]).toMatchObject({ url: 'https://events.pagerduty.com/v2/enqueue' });
    expect(stored[4]).toMatchObject({ port: 587, tls: 'starttls' });

    const wallText = await (await h.fetch('/api/v1/alerts/rules')).text();
    for (const secret of ['R0UT1NGKEY', 'genie-key', 'TEAMS-TOKEN', 'Pa55word'])
      expect(wallText).not.toContain(secret);
    const wall = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    const { id, createdAt: _c, updatedAt: _u, ...redacted } = wall.rules[0]!.rule;
    const edit = await h.fetch(`/api/v1/alerts/rules/${id}`, {
      method: 'PUT',
      json: { ...redacted, threshold: 0.4 },
      token: TOKEN,
    });
    expect(edit.status).toBe(200);
    const admin = await body<AlertView>(await h.fetch(`/api/v1/alerts/rules/${id}`, { token: TOKEN }));
    expect(admin.rule.notify).toEqual(stored);
  });

  it('refuses an SMTP host at a refused address, naming the host field', async () => {
    const h = await harness({ alerts: { allowTargets: [] } });
    const res = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        ...stormRule,
        notify: [{ type: 'email', host: '10.0.0.25', from: 'a@example.com', to: ['b@example.com'] }],
      },
    });
    expect(res.status).toBe(400);
    expect((await body<{ errors: unknown[] }>(res)).errors).toEqual([
      {
        field: 'notify[0].host',
        reason: 'resolves to a private address; add it to alerts.allowTargets if it is an internal receiver',
      },
    ]);
  });
});

describe('export and import (config as code)', () => {
  it('round-trips rules through YAML into another server', async () => {
    const a = await harness();
    await a.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    await a.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { name: 'traffic dropped', metric: 'volume_below', threshold: 10, labels: { team: 'noc' } },
    });
    const res = await a.fetch('/api/v1/alerts/rules/export?format=yaml');
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    const yaml = await res.text();
    expect(parseYaml(yaml)).toMatchObject({
      rules: [{ id: '503-storm-on-carrier-a' }, { id: 'traffic-dropped', metric: 'volume_below' }],
    });

    const b = await harness();
    const imported = await b.fetch('/api/v1/alerts/rules/import', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({
      created: ['503-storm-on-carrier-a', 'traffic-dropped'],
      updated: [],
      deleted: [],
    });
    const exportedAgain = await (await b.fetch('/api/v1/alerts/rules/export?format=yaml')).text();
    expect(exportedAgain).toBe(yaml);

    // Importing the same file again changes nothing but updates in place.
    const again = await b.fetch('/api/v1/alerts/rules/import', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect((await body<{ updated: string[] }>(again)).updated).toHaveLength(2);
  });

  it('refuses a file with any bad rule, changing nothing, and can prune rules the file drops', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    const bad = await h.fetch('/api/v1/alerts/rules/import', {
      method: 'POST',
      json: {
        rules: [
          { name: 'fine', metric: 'failure_rate', threshold: 0.2 },
          { name: 'broken', metric: 'asr' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    const err = await body<{ error: string; message: string; errors: { field: string }[] }>(bad);
    expect(err).toMatchObject({ error: 'invalid', message: 'invalid import: nothing was changed' });
    expect(err.errors.map((e) => e.field)).toEqual(['rules[1].metric', 'rules[1].threshold']);
    const yamlError = await h.fetch('/api/v1/alerts/rules/import', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: 'rules: [ {',
    });
    expect(yamlError.status).toBe(400);
    expect(await body<{ error: string; message: string }>(yamlError)).toMatchObject({
      error: 'malformed-yaml',
      message: expect.stringMatching(/^malformed YAML/),
    });
    let list = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    expect(list.rules.map((v) => v.rule.name)).toEqual(['503 storm on carrier-a']);

    const pruned = await h.fetch('/api/v1/alerts/rules/import?prune=true', {
      method: 'POST',
      json: [{ name: 'fine', metric: 'failure_rate', threshold: 0.2 }],
    });
    expect(await pruned.json()).toEqual({
      created: ['fine'],
      updated: [],
      deleted: ['503-storm-on-carrier-a'],
    });
    list = await body<{ rules: AlertView[] }>(await h.fetch('/api/v1/alerts/rules'));
    expect(list.rules.map((v) => v.rule.id)).toEqual(['fine']);
  });
});

describe('evaluation, acknowledgement, silences and history', () => {
  it('a failure spike goes pending then firing; it can be acked; history records each step', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    const id = '503-storm-on-carrier-a';
    traffic(h, 20, 10, 0);

    const early = await h.fetch(`/api/v1/alerts/${id}/ack`, { method: 'POST', json: { note: 'looking' } });
    expect(early.status).toBe(409);
    expect(await body<unknown>(early)).toEqual({
      error: 'conflict',
      message: 'only a firing alert can be acknowledged (it is ok)',
    });

    traffic(h, 30, 2, 8);
    const alerts = await body<{ alerts: AlertView[] }>(await h.fetch('/api/v1/alerts?state=firing'));
    expect(alerts.alerts).toHaveLength(1);
    expect(alerts.alerts[0]!.state.value).toBeGreaterThan(0.3);

    const ack = await h.fetch(`/api/v1/alerts/${id}/ack`, {
      method: 'POST',
      json: { note: 'carrier ticket 4711' },
    });
    expect(ack.status).toBe(200);
    // Who acknowledged is who the server let in (here: a client on this machine, no token needed).
    expect((await body<AlertView>(ack)).state.ack).toEqual({
      by: 'local',
      note: 'carrier ticket 4711',
      at: h.clock.now(),
    });

    traffic(h, 90, 10, 0);
    const history = await body<{ history: AlertTransition[] }>(
      await h.fetch(`/api/v1/alerts/history?rule=${id}`),
    );
    expect(history.history.map((t) => `${t.from}>${t.to}`)).toEqual([
      'firing>resolved',
      'pending>firing',
      'ok>pending',
    ]);
    const [resolved, firing, pending] = history.history;
    expect(firing!.at - pending!.at).toBeGreaterThanOrEqual(10_000);
    expect(firing).toMatchObject({ ruleName: '503 storm on carrier-a', severity: 'warning', threshold: 0.3 });
    expect(resolved!.value).toBeLessThanOrEqual(0.3);

    const onlyFiring = await body<{ history: AlertTransition[] }>(
      await h.fetch(`/api/v1/alerts/history?state=firing&from=${pending!.at}&to=${resolved!.at}`),
    );
    expect(onlyFiring.history.map((t) => t.id)).toEqual([firing!.id]);
    const badQuery = await h.fetch('/api/v1/alerts/history?state=burning&limit=0');
    expect(badQuery.status).toBe(400);
    expect((await body<{ errors: { field: string }[] }>(badQuery)).errors.map((e) => e.field).sort()).toEqual(
      ['limit', 'state'],
    );
  });

  it('silences a scope until a time: the state shows it, and they can be listed and lifted', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: stormRule });
    const until = new Date(h.clock.now() + 3_600_000).toISOString();
    const res = await h.fetch('/api/v1/alerts/silences', {
      method: 'POST',
      json: { scope: { trunk: 'carrier-a' }, until, comment: 'carrier maintenance' },
    });
    expect(res.status).toBe(201);
    const silence = await body<Silence>(res);
    expect(silence).toMatchObject({
      ruleId: null,
      scope: { trunk: 'carrier-a' },
      until: h.clock.now() + 3_600_000,
    });
    const view = await body<AlertView>(await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(view.state.silencedUntil).toBe(silence.until);
    expect(
      (await body<{ silences: Silence[] }>(await h.fetch('/api/v1/alerts/silences'))).silences,
    ).toHaveLength(1);

    const past = await h.fetch('/api/v1/alerts/silences', {
      method: 'POST',
      json: { ruleId: '503-storm-on-carrier-a', until: h.clock.now() - 1 },
    });
    expect((await body<{ errors: unknown[] }>(past)).errors).toEqual([
      { field: 'until', reason: 'is not in the future' },
    ]);
    const unknownRule = await h.fetch('/api/v1/alerts/silences', {
      method: 'POST',
      json: { ruleId: 'nope', until },
    });
    expect((await body<{ errors: unknown[] }>(unknownRule)).errors).toEqual([
      { field: 'ruleId', reason: 'no rule has the id nope' },
    ]);

    expect((await h.fetch(`/api/v1/alerts/silences/${silence.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await body<AlertView>(await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(after.state.silencedUntil).toBeNull();
  });
});

describe('test notification and preview', () => {
  it('sends a test notification to each target and reports the outcome next to the rule', async () => {
    const h = await harness();
    const hook = await receiver();
    await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { ...stormRule, notify: [{ type: 'webhook', url: hook.url, secret: SECRET }] },
    });
    // Bodiless (what a cross-site form can send) is refused; JSON, even empty, is the way.
    const bodiless = await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a/test-notification', {
      method: 'POST',
    });
    expect(bodiless.status).toBe(415);
    const res = await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a/test-notification', {
      method: 'POST',
      json: {},
    });
    expect(res.status).toBe(200);
    expect((await body<{ outcomes: unknown[] }>(res)).outcomes).toEqual([
      expect.objectContaining({ type: 'webhook', ok: true, status: 200 }),
    ]);
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({
      kind: 'test',
      rule: { id: '503-storm-on-carrier-a' },
    });
    const view = await body<AlertView>(await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(view.delivery).toEqual([expect.objectContaining({ type: 'webhook', sent: 1, failed: 0 })]);

    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, name: 'silent' } });
    const none = await h.fetch('/api/v1/alerts/rules/silent/test-notification', {
      method: 'POST',
      json: {},
    });
    expect(none.status).toBe(400);
  });

  it('a notification links to the dashboard at ui.publicUrl and carries the code’s first checks', async () => {
    const h = await harness({ ui: { publicUrl: 'https://noc.example.com/sipwatch' } });
    const hook = await receiver();
    await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        ...stormRule,
        scope: { trunk: 'carrier-a', code: 503 },
        notify: [{ type: 'webhook', url: hook.url }],
      },
    });
    const res = await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a/test-notification', {
      method: 'POST',
      json: {},
    });
    expect(res.status).toBe(200);
    const sent = JSON.parse(hook.requests[0]!.body) as {
      dashboardUrl: string;
      checks: string[];
      slice: object;
    };
    expect(sent.dashboardUrl).toMatch(
      /^https:\/\/noc\.example\.com\/sipwatch\/codes\/503\?range=custom&from=.+&to=.+&trunk=carrier-a$/,
    );
    expect(sent.checks.length).toBeGreaterThan(0);
    expect(sent.slice).toEqual({ trunk: 'carrier-a', code: 503 });
  });

  it('answers a quick second test notification for the same rule with 429 and when to retry', async () => {
    const h = await harness();
    const hook = await receiver();
    const notify = [{ type: 'webhook', url: hook.url }];
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, notify } });
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, name: 'other', notify } });
    const test = (id: string) =>
      h.fetch(`/api/v1/alerts/rules/${id}/test-notification`, { method: 'POST', json: {} });

    expect((await test('503-storm-on-carrier-a')).status).toBe(200);
    h.clock.advance(4_000);
    const again = await test('503-storm-on-carrier-a');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('6');
    expect(await body<unknown>(again)).toEqual({
      error: 'rate-limited',
      message: 'a test notification was sent for this rule less than 10 s ago; try again in 6 s',
      retryAfterMs: TEST_NOTIFICATION_EVERY_MS - 4_000,
    });
    // Another rule has its own allowance, and the first has its own again once the time is up.
    expect((await test('other')).status).toBe(200);
    h.clock.advance(6_000);
    expect((await test('503-storm-on-carrier-a')).status).toBe(200);
    expect(hook.requests).toHaveLength(3);
  });

  it('reports a closed port and a refused address in fixed words, not socket errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sipwatch-alerts-targets-'));
    const harnesses: AlertsHarness[] = [];
    open.push({
      close: async () => {
        for (const one of harnesses) await one.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
    const hook = await receiver();
    const closed = await receiver();
    await closed.close();
    // Saved while 127.0.0.1 was allowed (as by an older config), sent after it no longer is.
    const before = await startAlertsHarness({ demo: { enabled: false }, alerts: LOCAL_RECEIVERS }, dir);
    harnesses.push(before);
    await before.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { ...stormRule, notify: [{ type: 'webhook', url: hook.url }] },
    });
    await before.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: { ...stormRule, name: 'closed', notify: [{ type: 'webhook', url: closed.url }] },
    });
    const closedAnswer = await before.fetch('/api/v1/alerts/rules/closed/test-notification', {
      method: 'POST',
      json: {},
    });
    await harnesses.pop()!.close();
    const after = await startAlertsHarness({ demo: { enabled: false } }, dir);
    harnesses.push(after);
    const refusedAnswer = await after.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a/test-notification', {
      method: 'POST',
      json: {},
    });

    const outcomes = async (res: Response) => (await body<{ outcomes: DeliveryOutcome[] }>(res)).outcomes;
    expect(await outcomes(closedAnswer)).toEqual([
      expect.objectContaining({ ok: false, status: null, error: 'connection failed' }),
    ]);
    expect(await outcomes(refusedAnswer)).toEqual([
      expect.objectContaining({ ok: false, status: null, error: 'address not allowed (loopback)' }),
    ]);
    expect(hook.connections).toBe(0);
    const view = await body<AlertView>(await after.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(view.delivery[0]).toMatchObject({ failed: 1, lastError: 'address not allowed (loopback)' });
  });

  it('previews how often a rule would have fired on the stored rollups', async () => {
    const h = await harness();
    // Three hours of minutes, with two 10-minute failure spikes.
    for (let m = 0; m < 180; m++) {
      const spike = (m >= 30 && m < 40) || (m >= 120 && m < 130);
      h.ingest(spike ? [...calls(20, 200), ...calls(30, 503)] : calls(50, 200));
      h.advance(60_000, 60_000);
    }
    const preview = async (rule: object) =>
      h.fetch('/api/v1/alerts/rules/preview', { method: 'POST', json: rule });
    const res = await preview({ ...stormRule, window: '5m', pendingFor: '2m' });
    expect(res.status).toBe(200);
    const result = await body<BacktestResult>(res);
    expect(result.firings).toBe(2);
    expect(result.steps).toBe(1440);
    expect(result.intervals.every((i) => i.to !== null && i.to - i.from >= 5 * 60_000)).toBe(true);

    const strict = await body<BacktestResult>(await preview({ ...stormRule, threshold: 0.7 }));
    expect(strict.firings).toBe(0);
    const invalid = await preview({ metric: 'failure_rate' });
    expect(invalid.status).toBe(400);
    expect((await body<{ errors: { field: string }[] }>(invalid)).errors.map((e) => e.field)).toEqual([
      'threshold',
    ]);
  });

  it('says that an unparsed-rate rule cannot be backtested instead of answering "0 firings"', async () => {
    const h = await harness();
    const res = await h.fetch('/api/v1/alerts/rules/preview', {
      method: 'POST',
      json: { metric: 'unparsed_rate', threshold: 0.1 },
    });
    expect(res.status).toBe(400);
    const answer = await body<{
      error: string;
      message: string;
      errors: { field: string; reason: string }[];
    }>(res);
    expect(answer.error).toBe('invalid');
    expect(answer.message).toBe(
      'unparsed_rate cannot be backtested: the intake keeps its unparsed-line counts for the last minute only, with no stored history',
    );
    expect(answer.errors).toEqual([{ field: 'metric', reason: answer.message }]);
    expect(answer).not.toHaveProperty('firings');
  });
});

describe('timing rules', () => {
  /** `n` calls on a trunk that ended now, each with this post-dial delay and setup time (ms). */
  function timed(h: AlertsHarness, n: number, pddMs: number, setupMs: number, trunk = 'carrier-a'): void {
    const now = h.clock.now();
    for (let i = 0; i < n; i++) h.timings.add({ ts: now, trunk, pddMs, setupMs, result: 'answered' }, now);
  }

  it('a pdd_p95 rule on a trunk fires on slow ringing there, in ms, and its history says so', async () => {
    const h = await harness();
    const created = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: {
        name: 'slow ringing on carrier-a',
        metric: 'pdd_p95',
        threshold: 4000,
        window: '1m',
        minVolume: 5,
        pendingFor: '0s',
        scope: { trunk: 'carrier-a' },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const id = (await body<AlertView>(created)).rule.id;
    const state = async () => (await body<AlertView>(await h.fetch(`/api/v1/alerts/rules/${id}`))).state;

    // Slow calls elsewhere do not count; too few calls timed on carrier-a is no data.
    timed(h, 20, 9000, 12_000, 'carrier-b');
    timed(h, 4, 1500, 4000);
    h.advance(1_000);
    expect(await state()).toMatchObject({ state: 'ok', noData: true, volume: 4 });

    timed(h, 20, 1500, 4000);
    h.advance(1_000);
    expect(await state()).toMatchObject({ state: 'ok', noData: false, volume: 24 });

    timed(h, 20, 8000, 10_000);
    h.advance(1_000);
    const firing = await state();
    expect(firing).toMatchObject({ state: 'firing', volume: 44 });
    expect(firing.value).toBeGreaterThan(4000);
    expect(firing.value).toBeLessThanOrEqual(8000);

    const history = await body<{ history: AlertTransition[] }>(
      await h.fetch(`/api/v1/alerts/history?rule=${id}`),
    );
    expect(history.history[0]).toMatchObject({
      to: 'firing',
      metric: 'pdd_p95',
      unit: 'ms',
      threshold: 4000,
    });

    // Once those calls leave the 1-minute window, nothing is timed: no data, and the rule keeps firing.
    h.advance(75_000);
    expect(await state()).toMatchObject({ state: 'firing', noData: true, volume: 0 });
  });
});

describe('restart', () => {
  it('keeps rules, states and history on the same database file', async () => {
    const h = await harness();
    await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, pendingFor: '0s' } });
    traffic(h, 10, 2, 8);
    const before = await body<AlertView>(await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(before.state.state).toBe('firing');

    await h.restart();
    const after = await body<AlertView>(await h.fetch('/api/v1/alerts/rules/503-storm-on-carrier-a'));
    expect(after.rule).toEqual(before.rule);
    expect(after.state).toMatchObject({ state: 'firing', firingSince: before.state.firingSince });
    const history = await body<{ history: AlertTransition[] }>(await h.fetch('/api/v1/alerts/history'));
    expect(history.history.map((t) => t.to)).toEqual(['firing']);
  });
});

describe('where notifications may go', () => {
  const refusal = (range: string) =>
    `resolves to ${range}; add it to alerts.allowTargets if it is an internal receiver`;

  it('refuses a rule whose target is a refused address, naming the field and why', async () => {
    const h = await harness({ alerts: { allowTargets: [] } });
    const notify = [
      { type: 'webhook', url: 'https://hooks.example.net/sipwatch' },
      { type: 'webhook', url: 'http://127.0.0.1:9093/api/v2/alerts' },
      { type: 'slack', url: 'http://169.254.169.254/latest/meta-data/' },
      { type: 'webhook', url: 'http://[::ffff:10.0.0.1]/hook' },
      { type: 'webhook', url: 'http://localhost:8080/hook' },
      // A name is checked when connecting: it may resolve elsewhere by then.
      { type: 'webhook', url: 'https://alertmanager.example.internal/hook' },
    ];
    const res = await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, notify } });
    expect(res.status).toBe(400);
    expect(await body<unknown>(res)).toEqual({
      error: 'invalid',
      message: 'invalid rule',
      errors: [
        { field: 'notify[1].url', reason: refusal('a loopback address') },
        { field: 'notify[2].url', reason: refusal('a cloud metadata address') },
        { field: 'notify[3].url', reason: refusal('a private address') },
        { field: 'notify[4].url', reason: refusal('a loopback address') },
      ],
    });

    const fine = notify.filter((_t, i) => i === 0 || i === 5);
    expect(
      (await h.fetch('/api/v1/alerts/rules', { method: 'POST', json: { ...stormRule, notify: fine } }))
        .status,
    ).toBe(201);
    const id = '503-storm-on-carrier-a';
    const patched = await h.fetch(`/api/v1/alerts/rules/${id}`, {
      method: 'PATCH',
      json: { notify: [{ type: 'webhook', url: 'http://100.64.0.7/hook' }] },
    });
    expect((await body<{ errors: unknown[] }>(patched)).errors).toEqual([
      { field: 'notify[0].url', reason: refusal('a CGNAT address') },
    ]);
    const imported = await h.fetch('/api/v1/alerts/rules/import', {
      method: 'POST',
      json: { rules: [{ ...stormRule, id, notify: [{ type: 'webhook', url: 'http://[fd00::1]/' }] }] },
    });
    expect(imported.status).toBe(400);
    expect((await body<{ errors: unknown[] }>(imported)).errors).toEqual([
      { field: 'rules[0].notify[0].url', reason: refusal('a private address') },
    ]);
  });

  it('accepts an allow-listed internal receiver, and a non-http scheme stays refused', async () => {
    const h = await harness({ alerts: { allowTargets: ['10.1.2.0/24', '::1/128'] } });
    const create = (name: string, url: string) =>
      h.fetch('/api/v1/alerts/rules', {
        method: 'POST',
        json: { ...stormRule, name, notify: [{ type: 'webhook', url }] },
      });
    expect((await create('in the allowed CIDR', 'http://10.1.2.3:9093/hook')).status).toBe(201);
    expect((await create('ipv6 loopback', 'http://[::1]:9093/hook')).status).toBe(201);
    const outside = await create('outside it', 'http://10.1.3.3:9093/hook');
    expect((await body<{ errors: unknown[] }>(outside)).errors).toEqual([
      { field: 'notify[0].url', reason: refusal('a private address') },
    ]);
    const file = await create('file', 'file:///etc/passwd');
    expect((await body<{ errors: unknown[] }>(file)).errors).toEqual([
      { field: 'notify[0].url', reason: 'must be an http(s) URL' },
    ]);
  });
});
