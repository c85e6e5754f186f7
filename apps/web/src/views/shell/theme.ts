import { useCallback, useEffect, useState } from 'react';

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'sipwatch.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage may be unavailable (privacy mode); fall back to the system preference.
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches
    ? 'light'
    : 'dark';
}

/** The chosen theme; `forced` (the wall) overrides it without changing the saved choice. */
export function useTheme(forced?: Theme): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const shown = forced ?? theme;
  useEffect(() => {
    document.documentElement.dataset.theme = shown;
  }, [shown]);
  const toggle = useCallback(() => {
    setTheme((t) => {
      const next = t === 'dark' ? 'light' : 'dark';
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // Not persisted; still applies to this session.
      }
      return next;
    });
  }, []);
  return [shown, toggle];
}
