import { RESERVED_RULE_IDS } from '@sipwatch/wire';
import type { AlertRule, AlertState, FieldError, Silence } from '@sipwatch/wire';
import type { AlertStore } from './repository.js';
import { initialState } from './state-machine.js';

/**
 * The rules, their states and the active silences, held in memory as the repository stores them.
 * Loaded once at start; every writer (the service, the evaluator) updates it after the repository.
 */
export class RulesCache {
  readonly rules = new Map<string, AlertRule>();
  readonly states = new Map<string, AlertState>();
  silences: Silence[];

  constructor(repo: AlertStore, now: number) {
    this.silences = [];
    this.replaceAll(repo.listRules(), repo.loadStates(), repo.activeSilences(now), now);
  }

  /** Everything as stored now (a cluster node reloads what another node changed). */
  replaceAll(
    rules: readonly AlertRule[],
    stored: ReadonlyMap<string, AlertState>,
    silences: Silence[],
    now: number,
  ): void {
    this.rules.clear();
    this.states.clear();
    for (const rule of rules) this.rules.set(rule.id, rule);
    for (const rule of this.rules.values())
      this.states.set(rule.id, stored.get(rule.id) ?? initialState(rule.id, rule.threshold, now));
    this.silences = silences;
  }

  state(id: string): AlertState {
    return this.states.get(id)!;
  }

  byName(name: string): AlertRule | undefined {
    for (const r of this.rules.values()) if (r.name === name) return r;
    return undefined;
  }

  /** The rule and what belongs to it, gone. */
  forget(id: string): void {
    this.rules.delete(id);
    this.states.delete(id);
    this.silences = this.silences.filter((s) => s.ruleId !== id);
  }

  nameClash(name: string, selfId: string | undefined): FieldError | undefined {
    const owner = this.byName(name);
    return owner && owner.id !== selfId
      ? { field: 'name', reason: `is taken by rule ${owner.id}` }
      : undefined;
  }

  /** A readable id from the name: "503 storm on carrier-a" → "503-storm-on-carrier-a". */
  newId(name: string, taken: ReadonlySet<string> = new Set()): string {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 48) || 'rule';
    const free = (id: string) =>
      !this.rules.has(id) && !taken.has(id) && !(RESERVED_RULE_IDS as readonly string[]).includes(id);
    if (free(base)) return base;
    for (let n = 2; ; n++) if (free(`${base}-${n}`)) return `${base}-${n}`;
  }
}

const FIELD_ORDER = [
  'id',
  'name',
  'description',
  'metric',
  'class',
  'code',
  'scope',
  'comparison',
  'threshold',
  'recoverAt',
  'window',
  'minVolume',
  'pendingFor',
  'keepFiringFor',
  'severity',
  'noData',
  'enabled',
  'labels',
  'notify',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof AlertRule)[];

/** The fields in the order a person reads them, so answers read well and exported files diff cleanly. */
export function canonical<T extends Partial<AlertRule>>(rule: T): T {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (rule[key] !== undefined) out[key] = rule[key];
  return out as T;
}
