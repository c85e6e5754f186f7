import { formatClock } from '@sipwatch/wire/metrics';
import type { StorageState } from '@sipwatch/wire';
import { useLive } from '../../store/react';

const HEADLINE: Record<Exclude<StorageState, 'ok'>, string> = {
  'disk-full': 'The disk is full',
  failing: 'The database is failing',
  stalled: 'The database is not answering',
};

/**
 * The server cannot save what it counts (`storage:status`): live numbers still come, but nothing
 * is being kept since the time shown. The server's message is shown as text, never as markup.
 */
export function StorageNotice() {
  const storage = useLive((s) => s.storage);
  if (storage === null || storage.state === 'ok') return null;
  return (
    <div className="notice notice-bad" role="alert" data-testid="storage-notice">
      <strong>
        {HEADLINE[storage.state]}: data is not being saved since {formatClock(storage.since)}
      </strong>
      <span>
        {' '}
        {storage.message ?? ''}
        {storage.lastGoodFlushAt !== null && ` Last saved at ${formatClock(storage.lastGoodFlushAt)}.`}
        {storage.refusingIntake
          ? ' Memory is full too: new events are refused until the database takes writes again.'
          : ' Counts are kept in memory and written once it does.'}
      </span>
    </div>
  );
}
