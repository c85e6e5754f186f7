import { T0 } from '@sipwatch/testing';
import { Writable } from 'node:stream';
import { AlertRuleSpecSchema } from '@sipwatch/wire';
import type { AlertRule, AlertRuleInput } from '@sipwatch/wire';
import { ManualClock } from '../../clock.js';
import { createLogger } from '../../logger.js';
import { Notifier } from '../notifier.js';
import type { NotifierOptions } from '../notifier.js';
import { ManualScheduler } from '../scheduler.js';
import { targetPolicy } from '../target-policy.js';

/** Test support for the notifier: a stored rule, and a notifier on a manual clock whose log is kept. */

/** A stored rule "storm-a" from what a user would write. */
export function storedRule(input: AlertRuleInput): AlertRule {
  return { ...AlertRuleSpecSchema.parse(input), id: 'storm-a', createdAt: T0, updatedAt: T0 };
}

/** Retries wait on a ManualScheduler; 127.0.0.1 is allowed, so receivers in the test are reached. */
export function notifierWithLog(options: Partial<NotifierOptions> = {}) {
  const clock = new ManualClock(T0);
  const scheduler = new ManualScheduler(clock);
  let log = '';
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        log += chunk.toString();
        cb();
      },
    }),
  );
  const notifier = new Notifier({
    clock,
    scheduler,
    logger,
    baseDelayMs: 1_000,
    policy: targetPolicy(['127.0.0.1/32']),
    ...options,
  });
  return { clock, scheduler, notifier, log: () => log };
}
