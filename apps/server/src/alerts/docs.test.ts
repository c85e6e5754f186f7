import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseRuleSpec } from '@sipwatch/wire';

const doc = readFileSync(new URL('../../docs/alerts.md', import.meta.url), 'utf8');

describe('docs/alerts.md', () => {
  it('its example rule file is valid', () => {
    const block = /```yaml\n(# sipwatch alert rules[\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const { rules } = parseYaml(block!) as { rules: unknown[] };
    expect(rules.length).toBeGreaterThan(5);
    for (const [i, rule] of rules.entries())
      expect(parseRuleSpec(rule, `rules[${i}]`)).toMatchObject({ ok: true });
  });
});
