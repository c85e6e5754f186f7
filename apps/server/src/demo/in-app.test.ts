import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { withDemoTrunks } from './in-app.js';
import { DEMO_TRUNK_MAP } from './traffic.js';

describe('the demo’s trunk table', () => {
  it('adds the demo trunks after the configured ones, never replacing one of the same name', () => {
    const mine = { name: 'carrier-c', cidrs: ['10.1.0.0/16'] };
    const config = withDemoTrunks(parseConfig({ demo: { enabled: true }, ingest: { trunks: [mine] } }));
    expect(config.ingest.trunks[0]).toEqual(mine);
    expect(config.ingest.trunks.filter((t) => t.name === 'carrier-c')).toEqual([mine]);
    expect(config.ingest.trunks.map((t) => t.name).sort()).toEqual(DEMO_TRUNK_MAP.map((t) => t.name).sort());
  });

  it('leaves the table alone when the demo is off', () => {
    const config = parseConfig({ demo: { enabled: false } });
    expect(withDemoTrunks(config)).toBe(config);
    expect(withDemoTrunks(config).ingest.trunks).toEqual([]);
  });
});
