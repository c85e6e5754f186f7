import { useCallback, useState } from 'react';
import { TIME_ZONE_CHOICES, setShownTimeZone } from '@sipwatch/wire/metrics';
import type { TimeZoneChoice } from '@sipwatch/wire/metrics';

const KEY = 'sipwatch.timeZone';

function savedZone(): TimeZoneChoice {
  try {
    const saved = localStorage.getItem(KEY);
    if ((TIME_ZONE_CHOICES as readonly string[]).includes(saved ?? '')) return saved as TimeZoneChoice;
  } catch {
    // Storage may be unavailable (privacy mode): the browser's zone, as before any choice.
  }
  return 'local';
}

/**
 * The UTC/local switch, remembered in this browser. The formatters read the choice
 * (setShownTimeZone); the caller re-renders what shows times when it changes.
 */
export function useTimeZone(): [TimeZoneChoice, () => void] {
  const [zone, setZone] = useState<TimeZoneChoice>(() => {
    const z = savedZone();
    setShownTimeZone(z);
    return z;
  });
  const toggle = useCallback(() => {
    setZone((z) => {
      const next: TimeZoneChoice = z === 'utc' ? 'local' : 'utc';
      setShownTimeZone(next);
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Not persisted; still applies to this session.
      }
      return next;
    });
  }, []);
  return [zone, toggle];
}
