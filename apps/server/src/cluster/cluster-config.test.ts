import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../config.js';
import { startLiveApp, tempDir } from '../test-support/live-app.js';

describe('cluster configuration', () => {
  it('is off by default: a plain node on its SQLite file, as before', async () => {
    expect(parseConfig({}).cluster).toEqual({ alerts: true });
    const tmp = tempDir();
    const live = await startLiveApp(tmp.dir);
    try {
      expect(live.app.cluster).toBeUndefined();
      const res = await fetch(`${live.base}/api/v1/cluster`);
      expect(await res.json()).toEqual({ enabled: false, boots: [], alertLeader: null });
    } finally {
      await live.stop();
      tmp.cleanup();
    }
  });

  it('takes the URL and the node id from the environment', () => {
    const config = loadConfig({
      SIPWATCH_CLUSTER_URL: 'postgres://sipwatch@db.internal:5432/sipwatch',
      SIPWATCH_NODE_ID: 'ingest-3',
    });
    expect(config.cluster).toEqual({
      postgresUrl: 'postgres://sipwatch@db.internal:5432/sipwatch',
      nodeId: 'ingest-3',
      alerts: true,
    });
  });

  it('refuses a URL that is not one, naming the key', () => {
    expect(() => parseConfig({ cluster: { postgresUrl: 'db.internal' } })).toThrow(/cluster\.postgresUrl/);
  });
});
