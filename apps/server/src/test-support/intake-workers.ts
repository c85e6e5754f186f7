/**
 * The intake.workers values the counting and hostile-input tests run with: everything on the event
 * loop, one worker, and more workers than this machine has spare cores (batches then overtake each
 * other between threads, and the order the sink sees must not change).
 */
export const INTAKE_WORKER_COUNTS = [0, 1, 3] as const;
