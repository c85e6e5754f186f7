import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The dashboard bundles this package: nothing index.ts reaches may need Node.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

/** Source with string literals and comments blanked, so prose such as "can process." is not code. */
function codeOnly(source: string): string {
  return source
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
    .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
}

function reachableFrom(entry: string): Map<string, string> {
  const sources = new Map<string, string>();
  const pending = [new URL(entry, import.meta.url)];
  for (let url = pending.pop(); url; url = pending.pop()) {
    if (sources.has(url.href)) continue;
    const source = readFileSync(url, 'utf8');
    sources.set(url.href, source);
    for (const [, specifier] of source.matchAll(IMPORT)) {
      if (specifier?.startsWith('.')) pending.push(new URL(specifier.replace(/\.js$/, '.ts'), url));
    }
  }
  return sources;
}

describe('browser safety', () => {
  const modules = reachableFrom('./index.ts');

  it('follows the whole module graph of index.ts', () => {
    const names = [...modules.keys()].map((href) => href.replace(/^.*\/src\//, ''));
    expect(names).toEqual(expect.arrayContaining(['index.ts', 'registry.ts', 'guidance/request-failure.ts']));
    expect(names).not.toContain('cli.ts');
    expect(names).not.toContain('cli-main.ts');
  });

  it('imports nothing but its own modules and uses no Node globals', () => {
    for (const [href, source] of modules) {
      const external = [...source.matchAll(IMPORT)].map((m) => m[1]).filter((s) => !s?.startsWith('.'));
      expect([href, external]).toEqual([href, []]);
      expect([href, /\b(process|Buffer|require|__dirname)\b[.(]/.test(codeOnly(source))]).toEqual([
        href,
        false,
      ]);
    }
  });
});
