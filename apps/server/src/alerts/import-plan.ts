import { parseRuleSpec } from '@sipwatch/wire';
import type { AlertRule, AlertRuleSpec, FieldError, ImportSummary } from '@sipwatch/wire';
import { restoreRedacted } from './redact.js';
import { canonical } from './rules-cache.js';
import type { RulesCache } from './rules-cache.js';

/**
 * Config as code, decided without touching anything: which rules a rule file creates, updates and
 * (with prune) deletes, matched by id, else by name; or every problem in it, naming the field.
 */

export interface ImportPlan {
  /** Every rule of the file, as it will be stored. */
  next: AlertRule[];
  /** Rules the file drops (with prune). */
  doomed: string[];
  summary: ImportSummary;
}

export interface ImportOptions {
  prune: boolean;
  now: number;
  /** Why a spec's notification targets are refused (empty when they are not). */
  targetErrors: (spec: AlertRuleSpec, prefix: string) => FieldError[];
}

export type ImportPlanResult = { ok: true; plan: ImportPlan } | { ok: false; errors: FieldError[] };

/** The rules of a file: a list, or `{ rules: [...] }`. */
export function importList(inputs: unknown): unknown[] | undefined {
  if (Array.isArray(inputs)) return inputs;
  if (typeof inputs === 'object' && inputs !== null && Array.isArray((inputs as { rules?: unknown }).rules))
    return (inputs as { rules: unknown[] }).rules;
  return undefined;
}

export function planImport(
  list: readonly unknown[],
  cache: Pick<RulesCache, 'rules' | 'byName' | 'newId'>,
  options: ImportOptions,
): ImportPlanResult {
  const errors: FieldError[] = [];
  const plan: { spec: AlertRuleSpec; stored: AlertRule | undefined }[] = [];
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  list.forEach((item, i) => {
    const prefix = `rules[${i}].`;
    const parsed = parseRuleSpec(item, prefix);
    if (!parsed.ok) return void errors.push(...parsed.errors);
    const spec = parsed.value;
    const stored = spec.id !== undefined ? cache.rules.get(spec.id) : cache.byName(spec.name);
    const restored = restoreRedacted(spec, stored, prefix);
    if (!restored.ok) return void errors.push(...restored.errors);
    errors.push(...options.targetErrors(restored.spec, prefix));
    if (spec.id !== undefined && seenIds.has(spec.id))
      errors.push({ field: `${prefix}id`, reason: 'appears twice in the import' });
    if (seenNames.has(spec.name))
      errors.push({ field: `${prefix}name`, reason: 'appears twice in the import' });
    if (spec.id !== undefined) seenIds.add(spec.id);
    seenNames.add(spec.name);
    plan.push({ spec: restored.spec, stored });
  });
  // A name may move between rules within the import, but not onto a rule the import leaves alone.
  const touched = new Set(plan.flatMap((p) => (p.stored ? [p.stored.id] : p.spec.id ? [p.spec.id] : [])));
  plan.forEach(({ spec }, i) => {
    const owner = cache.byName(spec.name);
    if (owner && !touched.has(owner.id) && !options.prune)
      errors.push({
        field: `rules[${i}].name`,
        reason: `is taken by rule ${owner.id}, which the import does not change`,
      });
  });
  if (errors.length) return { ok: false, errors };

  const { now } = options;
  const summary: ImportSummary = { created: [], updated: [], deleted: [] };
  const keep = new Set<string>();
  const next: AlertRule[] = plan.map(({ spec, stored }) => {
    const id = stored?.id ?? spec.id ?? cache.newId(spec.name, keep);
    keep.add(id);
    (stored ? summary.updated : summary.created).push(id);
    return canonical({ ...spec, id, createdAt: stored?.createdAt ?? now, updatedAt: now });
  });
  const doomed = options.prune ? [...cache.rules.keys()].filter((id) => !keep.has(id)) : [];
  return { ok: true, plan: { next, doomed, summary } };
}
