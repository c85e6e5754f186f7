import { silentLogger } from '../logger.js';
import { buildRequest, targetKey } from './payload.js';
import { timerScheduler } from './scheduler.js';
export class Notifier {
    clock;
    scheduler;
    logger;
    maxAttempts;
    baseDelayMs;
    maxDelayMs;
    timeoutMs;
    maxQueued;
    onStats;
    counts = new Map();
    inFlight = new Set();
    waiting = new Map();
    closed = false;
    constructor(options) {
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
    }
    /** Queues a notification for each of the rule's targets (resolved ones only where sendResolved). */
    enqueue(rule, notification) {
        if (this.closed)
            return;
        for (const target of rule.notify) {
            if (notification.status === 'resolved' && !target.sendResolved)
                continue;
            const job = { ruleId: rule.id, target, key: targetKey(target), notification, attempt: 0 };
            if (this.inFlight.size + this.waiting.size >= this.maxQueued) {
                this.record(job, { ok: false, status: null, error: 'queue full', retry: false });
                continue;
            }
            this.run(job);
        }
    }
    /** "Send test notification": one try per target, now, answered with each outcome. */
    async sendTest(rule, notification) {
        return Promise.all(rule.notify.map(async (target) => {
            const job = { ruleId: rule.id, target, key: targetKey(target), notification, attempt: 1 };
            const result = await this.attempt(job);
            this.record(job, result.ok ? result : { ...result, retry: false });
            return {
                key: job.key,
                type: target.type,
                ok: result.ok,
                status: result.status,
                error: result.ok ? null : result.error,
            };
        }));
    }
    /** Delivery counts for each of the rule's current targets, in the rule's order. */
    delivery(rule) {
        return rule.notify.map((t) => this.counts.get(`${rule.id}\0${targetKey(t)}`) ?? emptyStats(targetKey(t), t.type));
    }
    /** Jobs waiting for a retry. */
    get queued() {
        return this.waiting.size;
    }
    /** Resolves once no request is in flight (retries waiting on the scheduler do not count). */
    async idle() {
        while (this.inFlight.size > 0)
            await Promise.all([...this.inFlight]);
    }
    /** Drops waiting retries and waits for requests in flight. */
    async close() {
        this.closed = true;
        for (const cancel of this.waiting.values())
            cancel();
        this.waiting.clear();
        await this.idle();
    }
    run(job) {
        job.attempt += 1;
        const p = this.attempt(job).then((result) => {
            this.inFlight.delete(p);
            if (!result.ok && result.retry && job.attempt < this.maxAttempts && !this.closed) {
                this.record(job, result, true);
                const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (job.attempt - 1));
                const cancel = this.scheduler.schedule(delay, () => {
                    this.waiting.delete(job);
                    if (!this.closed)
                        this.run(job);
                });
                this.waiting.set(job, cancel);
                return;
            }
            this.record(job, result);
        });
        this.inFlight.add(p);
    }
    async attempt(job) {
        const request = buildRequest(job.target, job.notification, this.clock.now());
        try {
            const res = await fetch(request.url, {
                method: 'POST',
                headers: request.headers,
                body: request.body,
                redirect: 'error',
                signal: AbortSignal.timeout(this.timeoutMs),
            });
            await res.body?.cancel();
            if (res.ok)
                return { ok: true, status: res.status };
            return {
                ok: false,
                status: res.status,
                error: `HTTP ${res.status}`,
                retry: res.status === 429 || res.status >= 500,
            };
        }
        catch (err) {
            return { ok: false, status: null, error: describeError(err), retry: true };
        }
    }
    record(job, result, retrying = false) {
        const id = `${job.ruleId}\0${job.key}`;
        const stats = this.counts.get(id) ?? emptyStats(job.key, job.target.type);
        stats.lastAttemptAt = this.clock.now();
        if (result.ok) {
            stats.sent += 1;
            stats.lastError = null;
        }
        else {
            if (retrying)
                stats.retried += 1;
            else
                stats.failed += 1;
            stats.lastError = result.error;
            // The URL is left out on purpose: Slack webhook URLs are credentials.
            this.logger.warn({ rule: job.ruleId, target: job.key, attempt: job.attempt, error: result.error, retrying }, 'alert notification failed');
        }
        this.counts.set(id, stats);
        this.onStats?.(job.ruleId, { ...stats });
    }
}
function emptyStats(key, type) {
    return { key, type, sent: 0, failed: 0, retried: 0, lastError: null, lastAttemptAt: null };
}
function describeError(err) {
    if (err instanceof Error) {
        if (err.name === 'TimeoutError' || err.name === 'AbortError')
            return 'timeout';
        const cause = err.cause;
        if (cause && typeof cause.code === 'string')
            return cause.code;
        if (cause && typeof cause.message === 'string')
            return cause.message.slice(0, 200);
        return err.message.slice(0, 200);
    }
    return 'delivery failed';
}
//# sourceMappingURL=notifier.js.map