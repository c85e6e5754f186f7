import { DemoPlan } from './plan.js';
/** Sending more than this many events behind, the runner skips a beat instead of piling up. */
const MAX_IN_FLIGHT = 4;
/** The shell around DemoPlan: a timer, the transport, and a log line when an incident starts. */
export function startDemo(opts) {
    const plan = new DemoPlan({ startedAt: opts.clock.now(), rate: opts.rate, seed: opts.seed ?? Date.now() });
    const stats = { sent: 0, accepted: 0, errors: 0, skipped: 0 };
    let inFlight = 0;
    let lastIncident;
    let lastError = '';
    opts.logger.info({ rate: opts.rate, via: opts.transport.name }, 'demo traffic on (SIPWATCH_DEMO=0 or --no-demo turns it off)');
    const timer = setInterval(() => {
        const now = opts.clock.now();
        const events = plan.due(now);
        const incident = plan.incidentAt(now);
        if (incident && incident.from !== lastIncident?.from) {
            opts.logger.info({ incident: incident.kind, target: incident.target }, `demo: ${incident.description}`);
        }
        lastIncident = incident;
        if (events.length === 0)
            return;
        if (inFlight >= MAX_IN_FLIGHT) {
            stats.skipped += events.length;
            return;
        }
        inFlight++;
        opts.transport.send(events).then((r) => {
            inFlight--;
            stats.sent += r.sent;
            stats.accepted += r.accepted ?? r.sent;
            if (r.error) {
                stats.errors++;
                if (r.error !== lastError)
                    opts.logger.warn({ error: r.error }, 'demo: sending failed');
                lastError = r.error;
            }
        }, () => {
            inFlight--;
            stats.errors++;
        });
    }, opts.intervalMs ?? 250);
    timer.unref();
    return {
        stats,
        async stop() {
            clearInterval(timer);
            await opts.transport.close();
        },
    };
}
//# sourceMappingURL=runner.js.map