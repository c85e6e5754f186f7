/**
 * Every chart tooltip in the theme's text colour on the panel colour: recharts would write each
 * value in its series colour, which on the light theme is as low as 1.3:1 (the 3xx yellow).
 * Series stay named in each line, so colour is never the only cue.
 */
export const TOOLTIP_STYLE = {
  contentStyle: { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--fg)' },
  itemStyle: { color: 'var(--fg)' },
  labelStyle: { color: 'var(--fg)' },
} as const;
