import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/g;

/** Every module the entry pulls in, and every bare package any of them imports. */
function importGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!spec) continue;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(path.join(SRC, entry));
  return { files: [...files].map((f) => path.relative(SRC, f)), packages: [...packages] };
}

describe('the browser entry @sipwatch/wire/metrics', () => {
  it('pulls in no package at all, so the banner, the wall and the charts load without the validation library', () => {
    const graph = importGraph('metrics.ts');
    expect(graph.files).toContain('alert-metrics.ts');
    expect(graph.files).toContain('kpi.ts');
    expect(graph.packages).toEqual([]);
  });

  it('is a real subset: the full entry does bring in zod', () => {
    expect(importGraph('index.ts').packages).toContain('zod');
  });
});
