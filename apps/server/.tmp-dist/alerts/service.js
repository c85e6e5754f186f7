import { runMigrations } from '../store/migrations.js';
import { AlertService } from './alert-service.js';
import { Notifier } from './notifier.js';
import { ALERT_MIGRATIONS, AlertRepository } from './repository.js';
import { alertsRouter } from './routes.js';
/** Every dashboard gets the whole picture this often (volatile), besides each change at once. */
export const SNAPSHOT_EVERY_MS = 5_000;
export function createAlerting(deps) {
    const { config, clock, logger } = deps.ctx;
    runMigrations(deps.db, [ALERT_MIGRATIONS], clock.now());
    const repo = new AlertRepository(deps.db);
    const notifier = new Notifier({
        clock,
        scheduler: deps.scheduler,
        logger,
        ...deps.notifier,
        initialStats: repo.loadDeliveries(),
        onStats: (ruleId, stats) => {
            try {
                repo.saveDelivery(ruleId, stats);
            }
            catch (err) {
                logger.warn({ err }, 'alert delivery counts could not be saved');
            }
        },
    });
    const io = deps.io;
    const emit = io && {
        state: (event) => io.emit('alert:state', event),
        snapshot: (snapshot) => io.emit('alerts:snapshot', snapshot),
        removed: (event) => io.emit('alert:removed', event),
    };
    const service = new AlertService({
        repo,
        clock,
        logger,
        sources: deps.sources,
        notifier,
        emit,
        retentionMs: config.aggregation.retentionDays * 86_400_000,
    });
    const onConnection = (socket) => {
        socket.emit('alerts:snapshot', service.snapshot());
    };
    io?.on('connection', onConnection);
    let lastSnapshot = -Infinity;
    let closed = false;
    return {
        router: alertsRouter(service, config.admin.token),
        service,
        notifier,
        evaluate(now) {
            if (closed)
                return [];
            const transitions = service.evaluate(now);
            if (io && now - lastSnapshot >= SNAPSHOT_EVERY_MS) {
                lastSnapshot = now;
                io.volatile.emit('alerts:snapshot', service.snapshot());
            }
            return transitions;
        },
        async close() {
            if (closed)
                return;
            closed = true;
            io?.off('connection', onConnection);
            await notifier.close();
        },
    };
}
//# sourceMappingURL=service.js.map