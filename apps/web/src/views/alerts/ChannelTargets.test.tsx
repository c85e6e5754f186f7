import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { startAlertsHarness } from '../../../../server/src/alerts/testing/harness.js';
import { startReceiver } from '../../../../server/src/alerts/testing/receiver.js';
import type { Receiver } from '../../../../server/src/alerts/testing/receiver.js';
import type { AlertsHarness } from './test-support';
import { renderAlertsApp, settle } from './test-support';

/**
 * The channels in the rule form: each type shows its own fields, credentials are write-only (the
 * admin role has no token here, so this machine edits rules but is never sent a key), and "send
 * test" tells what the receiver answered.
 */

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdef012345';

/** A rule paging the receiver in the test through PagerDuty. */
const pagedRule = () => ({
  name: '503 storm',
  metric: 'code_count',
  code: 503,
  threshold: 5,
  notify: [{ type: 'pagerduty', routingKey: ROUTING_KEY, url: pagerduty.url }],
});

let h: AlertsHarness;
let pagerduty: Receiver;
beforeEach(async () => {
  h = await startAlertsHarness({ alerts: { allowTargets: ['127.0.0.1/32'] } });
  pagerduty = await startReceiver((_req, _n, res) => {
    res.statusCode = 202;
  });
});
afterEach(async () => {
  cleanup();
  await settle();
  await pagerduty.close();
  await h.close();
});

describe('channel targets in the rule form', { timeout: 20_000 }, () => {
  it('keeps a PagerDuty routing key write-only, adds an e-mail target with its SMTP fields, and sends a test', async () => {
    const res = await h.fetch('/api/v1/alerts/rules', {
      method: 'POST',
      json: pagedRule(),
    });
    expect(res.status).toBe(201);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await user.click(await screen.findByRole('button', { name: 'Edit 503 storm' }));
    const form = screen.getByRole('form', { name: 'Edit rule 503 storm' });
    const first = within(form).getByRole('group', { name: 'Target 1' });
    expect(within(first).getByLabelText('Type')).toHaveValue('pagerduty');
    expect(within(first).getByTestId('stored-secret-0')).toHaveTextContent('Routing key set');
    expect(within(first).getByLabelText('Replace routing key')).toHaveValue('');
    expect(within(first).getByLabelText('Replace routing key')).toHaveAttribute('type', 'password');
    expect(form.innerHTML).not.toContain(ROUTING_KEY);
    expect(within(first).queryByLabelText('SMTP host')).toBeNull();

    await user.click(within(form).getByRole('button', { name: 'Add a target' }));
    const second = within(form).getByRole('group', { name: 'Target 2' });
    await user.selectOptions(within(second).getByLabelText('Type'), 'email');
    expect(within(second).queryByLabelText('URL')).toBeNull();
    await user.type(within(second).getByLabelText('SMTP host'), 'smtp.example.com');
    expect(within(second).getByLabelText('SMTP port')).toHaveValue('587');
    await user.selectOptions(within(second).getByLabelText('TLS'), 'tls');
    await user.clear(within(second).getByLabelText('SMTP port'));
    await user.type(within(second).getByLabelText('SMTP port'), '465');
    await user.type(within(second).getByLabelText('Username'), 'alerts');
    await user.type(within(second).getByLabelText('Password'), 'smtp-Pa55word');
    expect(within(second).getByLabelText('Password')).toHaveAttribute('type', 'password');
    await user.type(within(second).getByLabelText('From'), 'sipwatch@example.com');
    await user.type(within(second).getByLabelText('To'), 'noc@example.com, oncall@example.com');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit rule 503 storm' })).toBeNull());

    expect(h.alerting.service.rule('503-storm')!.notify).toEqual([
      { type: 'pagerduty', routingKey: ROUTING_KEY, url: pagerduty.url, sendResolved: true },
      {
        type: 'email',
        host: 'smtp.example.com',
        port: 465,
        tls: 'tls',
        username: 'alerts',
        password: 'smtp-Pa55word',
        from: 'sipwatch@example.com',
        to: ['noc@example.com', 'oncall@example.com'],
        sendResolved: true,
      },
    ]);

    // Only the PagerDuty target is tested: smtp.example.com would be a real host.
    await h.fetch('/api/v1/alerts/rules/503-storm', {
      method: 'PUT',
      json: pagedRule(),
    });
    await user.click(await screen.findByRole('button', { name: 'Send test notification for 503 storm' }));
    expect(await screen.findByTestId('test-outcomes')).toHaveTextContent('pagerduty: delivered (202)');
    expect(JSON.parse(pagerduty.requests[0]!.body)).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'sipwatch/503-storm/test',
    });
  });

  it('names a missing routing key before saving', async () => {
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    const form = await screen.findByRole('form', { name: 'New rule' });
    await user.click(within(form).getByRole('button', { name: 'Add a target' }));
    const target = within(form).getByRole('group', { name: 'Target 1' });
    await user.selectOptions(within(target).getByLabelText('Type'), 'pagerduty');
    expect(within(target).getByLabelText('URL')).toHaveAccessibleDescription(
      'Optional; https://events.pagerduty.com/v2/enqueue when empty.',
    );
    await user.type(within(form).getByLabelText('Name'), 'Paged');
    await user.type(within(form).getByLabelText('Threshold'), '0.2');
    await user.click(within(form).getByRole('button', { name: 'Create rule' }));
    expect(await within(target).findByText('is required')).toBeInTheDocument();
  });
});
