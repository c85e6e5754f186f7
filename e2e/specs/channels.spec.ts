import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSmtpReceiver } from '@sipwatch/testing';
import type { SmtpReceiver } from '@sipwatch/testing';
import { expect, test } from '../fixtures/test.js';

/**
 * A target of each channel added in the rule form of the real built server; "send test" reaches a
 * small receiver per HTTP channel in this process (127.0.0.1, allowed by the server's config), and
 * credentials are write-only: after saving, the form shows them as set and never their text.
 */

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';
const GENIE_KEY = 'c6f1a1e2-genie-key-0000-secret';

interface Hit {
  path: string;
  auth: string | undefined;
  body: string;
}

let receiver: Server;
const hits: Hit[] = [];
let base = '';
let smtp: SmtpReceiver;
const SMTP_PASSWORD = 'smtp-Pa55word-e2e';

test.use({
  serverConfig: { alerts: { allowTargets: ['127.0.0.1/32'] }, auth: { admin: [TOKEN] } },
});

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({
        path: req.url ?? '',
        auth: req.headers.authorization,
        body: Buffer.concat(chunks).toString(),
      });
      res.statusCode = 202;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = await startSmtpReceiver({ user: 'alerts', password: SMTP_PASSWORD });
});
test.afterAll(async () => {
  await smtp.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

test('a target of each channel in the rule form; send test shows each outcome; keys stay write-only', async ({
  page,
  browser,
  server,
}) => {
  await page.goto('/alerts');
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'New rule' });
  await form.getByLabel('Name', { exact: true }).fill('Paged 503s');
  await form.getByLabel('Metric').selectOption('code_count');
  await form.getByLabel('Code', { exact: true }).fill('503');
  await form.getByLabel('Threshold').fill('5');

  const add = async (n: number, type: string) => {
    await form.getByRole('button', { name: 'Add a target' }).click();
    const target = form.getByRole('group', { name: `Target ${n}` });
    await target.getByLabel('Type').selectOption(type);
    return target;
  };
  const pd = await add(1, 'pagerduty');
  await pd.getByLabel('URL').fill(`${base}/v2/enqueue`);
  await pd.getByLabel('Routing key').fill(ROUTING_KEY);
  const og = await add(2, 'opsgenie');
  await og.getByLabel('URL').fill(base);
  await og.getByLabel('API key').fill(GENIE_KEY);
  const teams = await add(3, 'teams');
  await teams.getByLabel('URL').fill(`${base}/teams/hook-token`);
  const am = await add(4, 'alertmanager');
  await am.getByLabel('URL').fill(base);
  const mail = await add(5, 'email');
  await mail.getByLabel('SMTP host').fill('127.0.0.1');
  await mail.getByLabel('TLS').selectOption('none');
  await mail.getByLabel('SMTP port').fill(String(smtp.port));
  await mail.getByLabel('Username').fill('alerts');
  await mail.getByLabel('Password').fill(SMTP_PASSWORD);
  await mail.getByLabel('From').fill('sipwatch@example.com');
  await mail.getByLabel('To').fill('noc@example.com');

  // Writes need the token: the page asks for it.
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByRole('alert').first()).toContainText('This change needs the admin token');
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Use token' }).click();
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('form', { name: 'New rule' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Send test notification for Paged 503s' }).click();
  const outcomes = page.getByTestId('test-outcomes');
  for (const type of ['pagerduty', 'opsgenie', 'teams', 'alertmanager'])
    await expect(outcomes).toContainText(`${type}: delivered (202)`);
  await expect(outcomes).toContainText('email: delivered');
  expect(smtp.mails.map((m) => m.to)).toEqual([['noc@example.com']]);
  expect(smtp.mails[0]!.raw).toContain('Paged 503s');
  expect(hits.map((h) => h.path).sort()).toEqual([
    '/api/v2/alerts',
    '/teams/hook-token',
    '/v2/alerts',
    '/v2/enqueue',
  ]);
  expect(hits.find((h) => h.path === '/v2/alerts')!.auth).toBe(`GenieKey ${GENIE_KEY}`);

  // A reader without the token (another browser) sees the keys as "set", never their text.
  const reader = await browser.newContext({ baseURL: server.url });
  const readerPage = await reader.newPage();
  await readerPage.goto('/alerts');
  await readerPage.getByRole('button', { name: 'Edit Paged 503s' }).click();
  const edit = readerPage.getByRole('form', { name: 'Edit rule Paged 503s' });
  await expect(edit.getByTestId('stored-secret-0')).toContainText('Routing key set');
  await expect(edit.getByTestId('stored-secret-1')).toContainText('API key set');
  await expect(edit.getByTestId('stored-url-2')).toContainText('URL set');
  await expect(edit.getByRole('group', { name: 'Target 1' }).getByLabel('Replace routing key')).toHaveValue(
    '',
  );
  const html = await edit.innerHTML();
  for (const secret of [ROUTING_KEY, GENIE_KEY, 'hook-token', SMTP_PASSWORD])
    expect(html).not.toContain(secret);
  await reader.close();
});
