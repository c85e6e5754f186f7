import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startAlertsHarness } from './harness.js';

describe('the alerts test harness', () => {
  it('closes even while a client is still sending a request body (after the 3 s grace for requests in flight)', async () => {
    const h = await startAlertsHarness({ demo: { enabled: false } });
    const { port } = new URL(h.base);
    const client = connect(Number(port), '127.0.0.1');
    const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => {});
    // "100 Continue" comes back once the server has read the headers: a request is now in flight.
    const continued = new Promise<string>((resolve) => client.once('data', (d) => resolve(String(d))));
    client.write(
      'POST /api/v1/alerts/rules HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\nExpect: 100-continue\r\n\r\n{"name": ',
    );
    expect(await continued).toMatch(/^HTTP\/1\.1 100 Continue/);

    await h.close();
    await clientClosed;
    expect(client.destroyed).toBe(true);
  });
});
