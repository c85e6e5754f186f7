import { startSmtpReceiver, T0 } from '@sipwatch/testing';
import type { SmtpReceiver } from '@sipwatch/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRule, NotifyTarget } from '@sipwatch/wire';
import { ManualClock } from '../clock.js';
import { Notifier } from './notifier.js';
import type { AlertNotification } from './payload.js';
import { ManualScheduler } from './scheduler.js';
import { notifierWithLog, storedRule } from './testing/notifier-setup.js';
import { targetPolicy } from './target-policy.js';

const USER = 'alerts';
const PASSWORD = 'smtp-Pa55word-never-logged';

const open: SmtpReceiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function smtpServer(): Promise<SmtpReceiver> {
  const smtp = await startSmtpReceiver({ user: USER, password: PASSWORD });
  open.push(smtp);
  return smtp;
}

function emailTarget(port: number, password = PASSWORD): NotifyTarget {
  return {
    type: 'email',
    host: '127.0.0.1',
    port,
    tls: 'none',
    username: USER,
    password,
    from: 'sipwatch@example.com',
    to: ['noc@example.com', 'oncall@example.com'],
    sendResolved: true,
  };
}

function rule(notify: NotifyTarget[]): AlertRule {
  return storedRule({
    name: '<script>alert("x")</script> & 503s',
    metric: 'code_rate',
    code: 503,
    threshold: 5,
    scope: { trunk: 'carrier-<b>a</b>' },
    severity: 'critical',
    labels: { team: '<img src=x onerror=1>' },
    notify,
  });
}

function firing(r: AlertRule, kind: 'alert' | 'test' = 'alert'): AlertNotification {
  return {
    kind,
    status: 'firing',
    rule: r,
    value: 12,
    threshold: 5,
    from: 'pending',
    at: T0,
    reason: 'condition met',
  };
}

const setup = () => notifierWithLog({ publicUrl: 'https://noc.example.com/' });

/** The decoded body of a MIME part of a raw message (nodemailer writes quoted-printable). */
function part(raw: string, type: 'text/plain' | 'text/html'): string {
  const start = raw.indexOf(`Content-Type: ${type}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = raw.slice(raw.indexOf('\r\n\r\n', start) + 4);
  const end = body.search(/\r\n--/);
  const encoded = end >= 0 ? body.slice(0, end) : body;
  return encoded
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('e-mail over SMTP', () => {
  it('delivers plain text and HTML with every untrusted string escaped, after authenticating', async () => {
    const smtp = await smtpServer();
    const { notifier, log } = setup();
    const r = rule([emailTarget(smtp.port)]);
    notifier.enqueue(r, firing(r));
    await notifier.idle();

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('sipwatch@example.com');
    expect(mail.to).toEqual(['noc@example.com', 'oncall@example.com']);
    const text = part(mail.raw, 'text/plain');
    expect(text).toContain('<script>alert("x")</script> & 503s');
    expect(text).toContain('Slice: trunk=carrier-<b>a</b>');
    expect(text).toContain('First checks:');
    expect(text).toContain('Dashboard: https://noc.example.com/codes/503?range=custom');
    const html = part(mail.raw, 'text/html');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>a</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 503s');
    expect(html).toContain('carrier-&lt;b&gt;a&lt;/b&gt;');
    expect(html).toMatch(/<li>[^<]+<\/li>/);
    expect(notifier.delivery(r)[0]).toMatchObject({ type: 'email', sent: 1, failed: 0 });
    expect(log()).not.toContain(PASSWORD);
    await notifier.close();
  });

  it('retries a temporary SMTP refusal (4xx) with backoff, then delivers', async () => {
    const smtp = await smtpServer();
    smtp.refuseNext(1);
    const { notifier, scheduler, log } = setup();
    const r = rule([emailTarget(smtp.port)]);
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(smtp.mails).toHaveLength(0);
    expect(notifier.delivery(r)[0]).toMatchObject({ retried: 1, lastError: 'SMTP 451' });
    expect(scheduler.pending()).toEqual([1_000]);
    scheduler.advance(1_000);
    await notifier.idle();
    expect(smtp.mails).toHaveLength(1);
    expect(notifier.delivery(r)[0]).toMatchObject({ sent: 1, retried: 1, lastError: null });
    expect(log()).not.toContain(PASSWORD);
    await notifier.close();
  });

  it('a wrong password fails without a retry, and send test says so; the password is not logged', async () => {
    const smtp = await smtpServer();
    const { notifier, scheduler, log } = setup();
    const wrong = 'not-the-Pa55word-either';
    const r = rule([emailTarget(smtp.port, wrong)]);
    const [outcome] = await notifier.sendTest(r, firing(r, 'test'));
    expect(outcome).toMatchObject({ type: 'email', ok: false, status: 535, error: 'authentication failed' });
    notifier.enqueue(r, firing(r));
    await notifier.idle();
    expect(scheduler.pending()).toEqual([]);
    expect(smtp.mails).toHaveLength(0);
    expect(log()).toContain('authentication failed');
    expect(log()).not.toContain(wrong);
    await notifier.close();
  });

  it('refuses an SMTP host the target policy keeps out, without connecting', async () => {
    const smtp = await smtpServer();
    const clock = new ManualClock(T0);
    const notifier = new Notifier({ clock, scheduler: new ManualScheduler(clock), policy: targetPolicy() });
    const r = rule([emailTarget(smtp.port)]);
    const [outcome] = await notifier.sendTest(r, firing(r, 'test'));
    expect(outcome).toMatchObject({ ok: false, error: 'address not allowed (loopback)' });
    expect(smtp.mails).toHaveLength(0);
    await notifier.close();
  });

  it('with STARTTLS required, a server that does not offer it gets no password and no mail', async () => {
    const smtp = await smtpServer();
    const { notifier } = setup();
    const r = rule([{ ...emailTarget(smtp.port), tls: 'starttls' } as NotifyTarget]);
    const [outcome] = await notifier.sendTest(r, firing(r, 'test'));
    expect(outcome).toMatchObject({ ok: false, error: 'TLS failed' });
    expect(smtp.logins).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    await notifier.close();
  });
});
