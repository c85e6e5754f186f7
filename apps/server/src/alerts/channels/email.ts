import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { EmailTarget } from '@sipwatch/wire';
import type { AlertNotification } from '../payload.js';
import { formatValue, scopeText, summaryLine, whatChanged } from '../payload.js';
import type { NotificationDetails } from '../details.js';
import type { Resolver } from '../target-agent.js';
import { TargetRefusedError, guardedLookup } from '../target-agent.js';
import type { TargetPolicy } from '../target-policy.js';

/**
 * E-mail over SMTP with nodemailer: a plain-text part and an HTML part in which every string from
 * a rule or the registry is escaped. The SMTP host goes through the same target policy as the HTTP
 * channels: it is resolved and checked here, and nodemailer connects to the checked address (with
 * the host name kept for TLS), so the name cannot resolve elsewhere in between.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export function emailMessage(n: AlertNotification, details: NotificationDetails): EmailMessage {
  const { rule } = n;
  const rows: [string, string][] = [
    ['Rule', `${rule.name} (${rule.id})`],
    ['Severity', rule.severity],
    ['Value', `${formatValue(rule.metric, n.value)} against ${formatValue(rule.metric, n.threshold)}`],
    ['Window', rule.window],
    ['Slice', scopeText(rule.scope)],
    ['At', new Date(n.at).toISOString()],
    ...Object.entries(rule.labels),
  ];
  const summary = summaryLine(n);
  const changed = whatChanged(details);
  const text = [
    summary,
    '',
    ...(changed ? [changed, ''] : []),
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(details.checks.length ? ['', 'First checks:', ...details.checks.map((c) => `- ${c}`)] : []),
    ...(details.dashboardUrl ? ['', `Dashboard: ${details.dashboardUrl}`] : []),
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p><strong>${escapeHtml(summary)}</strong></p>`,
    ...(changed ? [`<p>${escapeHtml(changed)}</p>`] : []),
    '<table>',
    ...rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    ...(details.checks.length
      ? ['<p>First checks:</p><ul>', ...details.checks.map((c) => `<li>${escapeHtml(c)}</li>`), '</ul>']
      : []),
    ...(details.dashboardUrl
      ? [`<p><a href="${escapeHtml(details.dashboardUrl)}">Open the dashboard</a></p>`]
      : []),
    '</body></html>',
  ].join('\n');
  return { subject: summary, text, html };
}

/** The address to connect to: the host checked against the policy, after DNS. */
export async function checkedAddress(host: string, policy: TargetPolicy, resolve: Resolver): Promise<string> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare)) {
    const refused = policy.check(bare);
    if (refused !== null) throw new TargetRefusedError(refused);
    return bare;
  }
  return new Promise((ok, fail) =>
    guardedLookup(policy, resolve)(bare, {}, (err, address) => (err ? fail(err) : ok(address as string))),
  );
}

export interface SmtpOutcome {
  ok: boolean;
  /** The SMTP reply code of a refusal, when the server gave one. */
  code: number | null;
  error: string | null;
  retry: boolean;
}

export async function sendEmail(
  target: EmailTarget,
  message: EmailMessage,
  options: { policy: TargetPolicy; resolve: Resolver; timeoutMs: number },
): Promise<SmtpOutcome> {
  let address: string;
  try {
    address = await checkedAddress(target.host, options.policy, options.resolve);
  } catch (err) {
    if (err instanceof TargetRefusedError) return { ok: false, code: null, error: err.message, retry: false };
    return { ok: false, code: null, error: 'name not resolved', retry: true };
  }
  const transport = createTransport({
    host: address,
    port: target.port,
    secure: target.tls === 'tls',
    requireTLS: target.tls === 'starttls',
    ignoreTLS: target.tls === 'none',
    tls: isIP(target.host) ? {} : { servername: target.host },
    ...(target.username !== undefined &&
      target.password !== undefined && { auth: { user: target.username, pass: target.password } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({ from: target.from, to: target.to, ...message });
    return { ok: true, code: null, error: null, retry: false };
  } catch (err) {
    return smtpFailure(err);
  } finally {
    transport.close();
  }
}

/** In fixed words, as the HTTP channels: never the server's own text, which may echo credentials. */
function smtpFailure(err: unknown): SmtpOutcome {
  const e = err as { code?: unknown; responseCode?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (e.code === 'EAUTH') return { ok: false, code, error: 'authentication failed', retry: false };
  // No STARTTLS offered, or a handshake refused: the server's set-up, which a retry does not change.
  if (e.code === 'ETLS') return { ok: false, code, error: 'TLS failed', retry: false };
  if (code !== null) return { ok: false, code, error: `SMTP ${code}`, retry: code < 500 };
  if (e.code === 'ETIMEDOUT') return { ok: false, code, error: 'timeout', retry: true };
  return { ok: false, code, error: 'connection failed', retry: true };
}
