import type { Agent } from 'undici';
import { fetch } from 'undici';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type {
  AlertRule,
  DeliveryOutcome,
  EmailTarget,
  HttpNotifyTarget,
  NotifyTarget,
  TargetDeliveryStats,
} from '@sipwatch/wire';
import { emailMessage, sendEmail } from './channels/email.js';
import { notificationDetails } from './details.js';
import type { AlertNotification } from './payload.js';
import { buildRequest, targetKey } from './payload.js';
import type { Scheduler } from './scheduler.js';
import { timerScheduler } from './scheduler.js';
import type { Resolver } from './target-agent.js';
import { TargetRefusedError, systemResolver, targetAgent } from './target-agent.js';
import type { TargetPolicy } from './target-policy.js';
import { refusalText, targetPolicy } from './target-policy.js';

/**
 * Delivers notifications to every kind of target (HTTP channels and SMTP): one job per (notification, target), tried
 * again on network errors, timeouts, 429, 5xx and SMTP 4xx with exponential backoff (base, 2x base, 4x ...
 * capped), at most `maxAttempts` tries, at most `maxQueued` jobs waiting. A 4xx other than 429
 * is not retried. Outcomes are counted per rule and target.
 *
 * Requests go only where the target policy allows (see target-policy.ts), checked on the address
 * connected to. Errors are reported in a few fixed words (`DELIVERY_ERRORS`), never the socket's
 * own: "connection refused" against "host unreachable" would tell an admin which ports are open
 * on machines the policy keeps out of reach.
 */

/** What a failed delivery says, besides `HTTP <status>` and `address not allowed (<range>)`. */
export const DELIVERY_ERRORS = [
  'timeout',
  'connection failed',
  'name not resolved',
  'redirect refused',
  'queue full',
  'authentication failed',
  'TLS failed',
] as const;

export interface NotifierOptions {
  clock: Clock;
  scheduler?: Scheduler;
  logger?: Logger;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  maxQueued?: number;
  /** Called after each attempt with the target's updated counts (to persist them). */
  onStats?: (ruleId: string, stats: TargetDeliveryStats) => void;
  /** Counts persisted earlier, so they survive a restart. */
  initialStats?: { ruleId: string; stats: TargetDeliveryStats }[];
  /** Where targets may be; by default only global unicast addresses. */
  policy?: TargetPolicy;
  /** Resolves target host names; the system resolver by default. */
  lookup?: Resolver;
  /** `ui.publicUrl`: notifications link to the dashboard when set. */
  publicUrl?: string | undefined;
}

interface Job {
  ruleId: string;
  target: NotifyTarget;
  key: string;
  notification: AlertNotification;
  attempt: number;
  /** Counts this job as done towards its enqueue's `done`. */
  finished?: () => void;
}

/** `status` is the HTTP status, or the SMTP reply code of a refused e-mail (null for a sent one). */
type AttemptResult =
  { ok: true; status: number | null } | { ok: false; status: number | null; error: string; retry: boolean };

export class Notifier {
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly onStats: NotifierOptions['onStats'];
  private readonly counts = new Map<string, TargetDeliveryStats>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting = new Map<Job, () => void>();
  private readonly dispatcher: Agent;
  private readonly policy: TargetPolicy;
  private readonly resolve: Resolver;
  private readonly publicUrl: string | undefined;
  private closed = false;

  constructor(options: NotifierOptions) {
    this.clock = options.clock;
    this.scheduler = options.scheduler ?? timerScheduler;
    this.logger = options.logger ?? silentLogger;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxQueued = options.maxQueued ?? 1_000;
    this.onStats = options.onStats;
    for (const { ruleId, stats } of options.initialStats ?? [])
      this.counts.set(`${ruleId}\0${stats.key}`, { ...stats });
    this.policy = options.policy ?? targetPolicy();
    this.resolve = options.lookup ?? systemResolver;
    this.publicUrl = options.publicUrl;
    this.dispatcher = targetAgent(this.policy, this.resolve);
  }

  /**
   * Queues a notification for each of the rule's targets (resolved ones only where sendResolved),
   * or for those `only` picks.
   */
  enqueue(
    rule: AlertRule,
    notification: AlertNotification,
    only?: (target: NotifyTarget) => boolean,
    /** Called once every target has been sent to or given up on (never when closed first). */
    done?: () => void,
  ): void {
    if (this.closed) return;
    const jobs: Job[] = [];
    for (const target of rule.notify) {
      if (only && !only(target)) continue;
      if (notification.status === 'resolved' && !target.sendResolved) continue;
      jobs.push({ ruleId: rule.id, target, key: targetKey(target), notification, attempt: 0 });
    }
    let left = jobs.length;
    const finished = done && (() => --left === 0 && done());
    if (left === 0) done?.();
    for (const job of jobs) {
      if (finished) job.finished = finished;
      if (this.inFlight.size + this.waiting.size >= this.maxQueued) {
        this.record(job, { ok: false, status: null, error: 'queue full', retry: false });
        job.finished?.();
        continue;
      }
      this.run(job);
    }
  }

  /** "Send test notification": one try per target, now, answered with each outcome. */
  async sendTest(rule: AlertRule, notification: AlertNotification): Promise<DeliveryOutcome[]> {
    return Promise.all(
      rule.notify.map(async (target) => {
        const job: Job = { ruleId: rule.id, target, key: targetKey(target), notification, attempt: 1 };
        const result = await this.attempt(job);
        this.record(job, result.ok ? result : { ...result, retry: false });
        return {
          key: job.key,
          type: target.type,
          ok: result.ok,
          status: result.status,
          error: result.ok ? null : result.error,
        };
      }),
    );
  }

  /** Delivery counts for each of the rule's current targets, in the rule's order. */
  delivery(rule: Pick<AlertRule, 'id' | 'notify'>): TargetDeliveryStats[] {
    return rule.notify.map(
      (t) => this.counts.get(`${rule.id}\0${targetKey(t)}`) ?? emptyStats(targetKey(t), t.type),
    );
  }

  /** Jobs waiting for a retry. */
  get queued(): number {
    return this.waiting.size;
  }

  /** Resolves once no request is in flight (retries waiting on the scheduler do not count). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Drops waiting retries and waits for requests in flight. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.waiting.values()) cancel();
    this.waiting.clear();
    await this.idle();
    await this.dispatcher.close();
  }

  private run(job: Job): void {
    job.attempt += 1;
    const p = this.attempt(job).then((result) => {
      this.inFlight.delete(p);
      if (!result.ok && result.retry && job.attempt < this.maxAttempts && !this.closed) {
        this.record(job, result, true);
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (job.attempt - 1));
        const cancel = this.scheduler.schedule(delay, () => {
          this.waiting.delete(job);
          if (!this.closed) this.run(job);
        });
        this.waiting.set(job, cancel);
        return;
      }
      this.record(job, result);
      // Cut short by a close, a failure is not final: a cluster's next leader sends it again.
      if (result.ok || !this.closed) job.finished?.();
    });
    this.inFlight.add(p);
  }

  private async attempt(job: Job): Promise<AttemptResult> {
    const details = notificationDetails(job.notification, this.publicUrl);
    if (job.target.type === 'email') return this.mail(job.target, job, details);
    return this.post(job.target, job, details);
  }

  private async mail(
    target: EmailTarget,
    job: Job,
    details: ReturnType<typeof notificationDetails>,
  ): Promise<AttemptResult> {
    const outcome = await sendEmail(target, emailMessage(job.notification, details), {
      policy: this.policy,
      resolve: this.resolve,
      timeoutMs: this.timeoutMs,
    });
    if (outcome.ok) return { ok: true, status: null };
    return {
      ok: false,
      status: outcome.code,
      error: outcome.error ?? 'connection failed',
      retry: outcome.retry,
    };
  }

  private async post(
    target: HttpNotifyTarget,
    job: Job,
    details: ReturnType<typeof notificationDetails>,
  ): Promise<AttemptResult> {
    const request = buildRequest(target, job.notification, this.clock.now(), details);
    try {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
        dispatcher: this.dispatcher,
      });
      await res.body?.cancel();
      if (res.ok) return { ok: true, status: res.status };
      return {
        ok: false,
        status: res.status,
        error: `HTTP ${res.status}`,
        retry: res.status === 429 || res.status >= 500,
      };
    } catch (err) {
      const error = describeError(err);
      const lasting = error === 'redirect refused' || error.startsWith('address not allowed');
      return { ok: false, status: null, error, retry: !lasting };
    }
  }

  private record(job: Job, result: AttemptResult, retrying = false): void {
    const id = `${job.ruleId}\0${job.key}`;
    const stats = this.counts.get(id) ?? emptyStats(job.key, job.target.type);
    stats.lastAttemptAt = this.clock.now();
    if (result.ok) {
      stats.sent += 1;
      stats.lastError = null;
    } else {
      if (retrying) stats.retried += 1;
      else stats.failed += 1;
      stats.lastError = result.error;
      // The URL is left out on purpose: Slack and Teams webhook URLs are credentials, as are keys.
      this.logger.warn(
        { rule: job.ruleId, target: job.key, attempt: job.attempt, error: result.error, retrying },
        'alert notification failed',
      );
    }
    this.counts.set(id, stats);
    this.onStats?.(job.ruleId, { ...stats });
  }
}

function emptyStats(key: string, type: NotifyTarget['type']): TargetDeliveryStats {
  return { key, type, sent: 0, failed: 0, retried: 0, lastError: null, lastAttemptAt: null };
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return 'connection failed';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const cause = (err as Error & { cause?: unknown }).cause;
  if (cause instanceof TargetRefusedError) return refusalText(cause.range);
  if (cause instanceof Error && cause.message === 'unexpected redirect') return 'redirect refused';
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (typeof code === 'string' && DNS_CODES.has(code)) return 'name not resolved';
  return 'connection failed';
}
