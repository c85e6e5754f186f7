import { Aggregator } from '../core/aggregator.js';
import type { AggregatorOptions } from '../core/aggregator.js';
import { DEFAULT_RULES } from '../core/outcome.js';

/** An aggregator as the core tests use one: an hour live, 500 trunks and sources, default rules. */
export function testAggregator(over: Partial<AggregatorOptions> = {}): Aggregator {
  return new Aggregator({
    liveSeconds: 3600,
    retentionDays: 30,
    maxTrunks: 500,
    maxSources: 500,
    rules: DEFAULT_RULES,
    ...over,
  });
}
