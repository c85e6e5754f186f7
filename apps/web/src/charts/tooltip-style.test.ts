// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOLTIP_STYLE } from './tooltip-style';

/** WCAG 2 contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('chart tooltips', () => {
  it('write every value in the theme text colour on the panel, at least 4.5:1 in both themes', () => {
    expect(TOOLTIP_STYLE.itemStyle.color).toBe('var(--fg)');
    expect(TOOLTIP_STYLE.contentStyle.background).toBe('var(--panel)');
    const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');
    const themes = [...css.matchAll(/:root\[data-theme='(\w+)'\]\s*\{([^}]*)\}/g)].map(([, name, body]) => ({
      name,
      panel: /--panel:\s*(#[0-9a-f]{6})/i.exec(body!)![1]!,
      fg: /--fg:\s*(#[0-9a-f]{6})/i.exec(body!)![1]!,
    }));
    expect(themes.map((t) => t.name)).toEqual(['dark', 'light']);
    for (const t of themes) expect(contrast(t.fg, t.panel), t.name!).toBeGreaterThanOrEqual(4.5);
  });
});
