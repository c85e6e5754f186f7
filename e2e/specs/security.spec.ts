import { mkdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.js';
import { events } from '../fixtures/events.js';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');
const VIEWER = 'e2e-viewer-token-0123456789abcdef';
const INGEST = 'e2e-ingest-token-0123456789abcdef';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async function shot(page: Page, name: string, target?: { screenshot: Page['screenshot'] }): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await (target ?? page).screenshot({ path: path.join(SHOTS, name) });
}

/** The server treats 127.0.0.1 as another machine, and needs a token for everything. */
const REMOTE = {
  serverConfig: { auth: { viewer: [`wall:${VIEWER}`], ingest: [`sbc:${INGEST}`] } },
  serverEnv: { SIPWATCH_TRUST_LOOPBACK: '0' },
};

test.describe('a server open to the network, seen from another machine', () => {
  test.use(REMOTE);

  test('the dashboard asks for a token, refuses a wrong one, and shows live tiles with the right one', async ({
    page,
    server,
  }) => {
    await page.goto('/');
    const form = page.getByRole('form', { name: 'Sign in to sipwatch' });
    await expect(form).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await expect(form.getByTestId('sign-in-reason')).toHaveText('This dashboard needs a token.');
    await expect(form).toContainText('SIPWATCH_VIEWER_TOKEN');
    await expect(form.getByTestId('sign-in-server-message')).toContainText('viewer token');
    await shot(page, 'sign-in.png');

    await page.getByLabel('Access token').fill('not-the-token-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'The server does not accept this token. Check it and try again.',
    );
    await expect(form).toBeVisible();
    await shot(page, 'sign-in-refused.png');

    await page.getByLabel('Access token').fill(VIEWER);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await server.postEvents([...events(30, 200), ...events(10, 503)], INGEST);
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('25.0%', { timeout: 3_000 });
    await expect(page.getByTestId('local-access')).toHaveCount(0);
    expect(page.url()).not.toContain(VIEWER);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(form).toBeVisible();
  });

  test('the wall set up from a link with the token in the fragment shows live numbers, and the token leaves the address bar', async ({
    page,
    server,
  }) => {
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url(), r.headers().referer ?? ''));
    await page.goto(`/?kiosk#token=${VIEWER}`);
    await expect(page.getByTestId('wall')).toBeVisible();
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    expect(page.url()).toBe(`${server.url}/?kiosk`);
    await server.postEvents([...events(10, 200), ...events(10, 503)], INGEST);
    await expect(page.getByTestId('kpi-failure-rate')).toHaveText('50.0%', { timeout: 3_000 });
    expect(await page.evaluate('window.location.hash')).toBe('');
    expect(urls.filter((u) => u.includes(VIEWER))).toEqual([]);

    // A reload (the kiosk restarts its browser tab) stays signed in, from the tab's storage.
    await page.reload();
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await expect(page.getByRole('form', { name: 'Sign in to sipwatch' })).toHaveCount(0);
  });
});

test.describe('the browser side', () => {
  test('every page works under the content security policy, which every answer carries', async ({
    page,
    server,
  }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.exposeBinding('reportCspViolation', (_source, text: string) => problems.push(text));
    // A string: the e2e types have no DOM, and this runs in the page before its own scripts.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      window.reportCspViolation('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    });`);

    await server.postEvents([...events(20, 200), ...events(8, 503), ...events(4, 486)]);
    await page.goto('/');
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await expect(page.getByTestId('kpi-failure-rate')).not.toHaveText('—');
    await expect(
      page.getByTestId('class-chart').locator('path.recharts-area-area[name="2xx Success"]'),
    ).toBeVisible();
    // Run as on a laptop (127.0.0.1, no tokens): the badge says who else may use it.
    const badge = page.getByTestId('local-access');
    await expect(badge).toHaveText(/^Open to this machine only/);
    await expect(badge).toHaveAttribute(
      'title',
      'Anyone on this machine may use it without a token. Set SIPWATCH_VIEWER_TOKEN / SIPWATCH_ADMIN_TOKEN on the server to open it to the network.',
    );
    await badge.hover();
    await shot(page, 'local-access-badge.png', page.locator('header.app-header'));

    await page.getByRole('table', { name: 'Top failure codes' }).getByRole('link', { name: /^503/ }).click();
    await expect(page.getByTestId('code-title')).toHaveText('503 Service Unavailable');
    await expect(page.getByTestId('sample-event')).toHaveCount(8);

    await page.goto('/alerts');
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name', { exact: true }).fill('CSP check');
    await form.getByLabel('Threshold').fill('0.2');
    await form.getByRole('button', { name: 'Preview on the last 24 hours' }).click();
    await expect(form.getByTestId('preview')).toContainText(
      'On the last 24 hours this rule would have fired',
    );
    await form.getByRole('button', { name: 'Create rule' }).click();
    await expect(page.getByTestId('rule-row')).toHaveCount(1);
    await page.goto('/alerts/history');
    await expect(page.getByRole('heading', { name: /Alert history/ })).toBeVisible();

    await page.goto('/?kiosk');
    await expect(page.getByTestId('wall')).toBeVisible();
    await expect(page.getByTestId('wall').getByTestId('local-access')).toBeVisible();
    await expect(page.getByTestId('freshness')).toHaveAttribute('data-status', 'live');
    await shot(page, 'wall-local-access.png');
    expect(problems).toEqual([]);

    for (const url of ['/', '/api/v1/summary?window=5m', '/assets/does-not-exist.js']) {
      const res = await page.request.get(url);
      const headers = res.headers();
      expect(directives(headers['content-security-policy']), url).toEqual(directives(CSP));
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  test('a page on another origin cannot import, acknowledge or delete rules, not even on this machine', async ({
    page,
    server,
  }) => {
    const api = (p: string, init: RequestInit = {}) => fetch(`${server.url}/api/v1/alerts${p}`, init);
    const created = await api('/rules', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Kept',
        metric: 'code_count',
        code: 503,
        threshold: 5,
        window: '1m',
        pendingFor: '0s',
      }),
    });
    expect(created.status).toBe(201);
    await server.postEvents(events(20, 503));
    await expect
      .poll(async () => ((await (await api('/rules')).json()) as Rules).rules[0]!.state.state, {
        timeout: 10_000,
      })
      .toBe('firing');
    const before = (await (await api('/rules')).json()) as Rules;

    const target = server.url;
    const yaml = '- name: Planted\n  metric: failure_rate\n  threshold: 0.1\n';
    const evil = await serve(`<!doctype html><html><body>
      <iframe name="sink"></iframe>
      <form id="f" method="POST" action="${target}/api/v1/alerts/rules/import?prune=true" enctype="text/plain" target="sink">
        <input name='[{"name":"Planted","metric":"failure_rate","threshold":0.1,"x":"' value='"}]'>
      </form>
      <script>
        (async () => {
          const t = ${JSON.stringify(target)};
          const tries = [
            [t + '/api/v1/alerts/rules/import?prune=true', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(yaml)} }],
            [t + '/api/v1/alerts/rules/import?prune=true', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/yaml' }, body: ${JSON.stringify(yaml)} }],
            [t + '/api/v1/alerts/kept/ack', { method: 'POST', mode: 'no-cors', body: '{"note":"planted"}' }],
            [t + '/api/v1/alerts/rules/kept', { method: 'DELETE', mode: 'no-cors' }],
            [t + '/api/v1/alerts/rules/kept', { method: 'DELETE' }],
          ];
          for (const [url, init] of tries) await fetch(url, init).catch(() => undefined);
          document.getElementById('f').submit();
          document.title = 'done';
        })();
      </script></body></html>`);
    // The browser sends these (cross-origin reads of the answers are blocked by CORP anyway); the
    // server must refuse them all. The form's answer is one the browser shows: 403.
    const sent: string[] = [];
    const answers: number[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${target}/api/`)) sent.push(`${r.method()} ${r.url().slice(target.length)}`);
    });
    page.on('response', (r) => {
      if (r.url().startsWith(`${target}/api/`)) answers.push(r.status());
    });
    await page.goto(evil.url);
    await expect(page).toHaveTitle('done');
    await expect.poll(() => answers.length, { timeout: 5_000 }).toBe(1);
    expect(answers).toEqual([403]);
    expect(sent.filter((r) => r === 'POST /api/v1/alerts/rules/import?prune=true')).toHaveLength(3);
    expect(sent).toContain('POST /api/v1/alerts/kept/ack');

    const after = (await (await api('/rules')).json()) as Rules;
    expect(after.rules.map((v) => v.rule)).toEqual(before.rules.map((v) => v.rule));
    expect(after.rules[0]!.state).toMatchObject({ state: 'firing', ack: null, silencedUntil: null });
  });

  test('a request naming another host (DNS rebinding) is refused', async ({ server }) => {
    for (const p of ['/', '/api/v1/summary?window=5m', '/api/v1/alerts/rules']) {
      const res = await rawGet(server.url, p, 'evil.example');
      expect(res.status, p).toBe(403);
      expect(JSON.parse(res.body), p).toMatchObject({ error: 'forbidden-host' });
    }
    expect((await rawGet(server.url, '/api/v1/summary?window=5m', 'localhost')).status).toBe(200);
  });
});

/** A policy's directives, however the server spaces them. */
function directives(policy: string | undefined): string[] {
  return (policy ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
}

interface Rules {
  rules: { rule: { id: string }; state: { state: string; ack: unknown; silencedUntil: unknown } }[];
}

/** A page on another origin: the same host, another port. */
async function serve(html: string): Promise<{ url: string }> {
  const evil: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => evil.close(() => resolve())));
  return { url: `http://127.0.0.1:${(evil.address() as AddressInfo).port}/` };
}

const cleanup: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function rawGet(base: string, p: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: p, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
