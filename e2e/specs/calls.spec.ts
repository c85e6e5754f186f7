import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/test.js';
import { CALLER_IP, CARRIER_IP, hepCall, sendHep } from '../fixtures/hep.js';

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/screenshots');

test.use({
  serverConfig: {
    ingest: { trunks: [{ name: 'carrier-b', cidrs: ['203.0.113.0/24'] }] },
  },
});

test('from a 503 on the code page to its ladder in one click; the message shows as text', async ({
  page,
  server,
}) => {
  // A call that rang after 1.2 s and failed with 503 from carrier-b 2 s in.
  const call = hepCall(Date.now() - 5_000, { pddMs: 1_200, setupMs: 2_000, finalCode: 503 });
  await sendHep(server.hepPort, call.packets);
  await expect
    .poll(async () => (await fetch(`${server.url}/api/v1/calls/${encodeURIComponent(call.callId)}`)).status, {
      timeout: 10_000,
    })
    .toBe(200);

  await page.goto('/codes/503');
  const sample = page.getByTestId('sample-event').filter({ hasText: call.callId });
  await expect(sample).toHaveCount(1);
  await sample.getByRole('link', { name: `Ladder of call ${call.callId}` }).click();

  await expect(page).toHaveURL(`/calls/${encodeURIComponent(call.callId)}`);
  await expect(page.getByTestId('ladder-column')).toHaveText([
    `A ${CALLER_IP}:5060`,
    `B carrier-b${CARRIER_IP}:5060`,
  ]);
  const arrows = page.getByTestId('ladder-arrow');
  await expect(arrows).toHaveCount(3);
  await expect(arrows.nth(0)).toHaveAccessibleName(
    `+0.000 s, ${CALLER_IP}:5060 to carrier-b (${CARRIER_IP}:5060): INVITE`,
  );
  await expect(arrows.nth(2)).toHaveAccessibleName(
    `+2.000 s, carrier-b (${CARRIER_IP}:5060) to ${CALLER_IP}:5060: 503 Service Unavailable, final response, network`,
  );
  await expect(page.getByTestId('call-pdd')).toHaveText('1.2 s');
  await expect(page.getByTestId('call-setup')).toHaveText('2 s');

  // The keyboard reaches the final response; Enter shows it whole, as text.
  await arrows.nth(0).focus();
  await page.keyboard.press('End');
  await expect(arrows.nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  const text = page.getByTestId('message-text');
  await expect(text).toContainText('SIP/2.0 503 Service Unavailable');
  await expect(text).toContainText(`Call-ID: ${call.callId}`);
  expect(await text.evaluate((el) => el.querySelectorAll('*').length)).toBe(1); // its <code>, text only

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'call-ladder.png'), fullPage: true });
});
