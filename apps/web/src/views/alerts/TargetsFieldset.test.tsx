import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { REDACTED } from '@sipwatch/wire';
import { startAlertsHarness } from '../../../../server/src/alerts/testing/harness.js';
import type { AlertsHarness } from './test-support';
import { renderAlertsApp, settle } from './test-support';

/**
 * Targets' credentials are write-only for an editor the server does not show them to: here the
 * admin role has no token, so this machine may change rules but is never sent URLs or secrets.
 */

const URL_SECRET = 'https://hooks.example.com/services/T000/B000/abcdefghijkl';
const SECRET = 'the-stored-signing-secret-0123';

let h: AlertsHarness;
beforeEach(async () => {
  h = await startAlertsHarness();
});
afterEach(async () => {
  cleanup();
  await settle();
  await h.close();
});

function storedTarget() {
  return h.alerting.service.rule('503-storm')!.notify[0]!;
}

async function openEditor() {
  const res = await h.fetch('/api/v1/alerts/rules', {
    method: 'POST',
    json: {
      name: '503 storm',
      metric: 'code_count',
      code: 503,
      threshold: 5,
      notify: [{ type: 'webhook', url: URL_SECRET, secret: SECRET }],
    },
  });
  expect(res.status).toBe(201);
  const user = userEvent.setup({ delay: null });
  renderAlertsApp('/alerts', { base: h.base });
  await user.click(await screen.findByRole('button', { name: 'Edit 503 storm' }));
  const form = screen.getByRole('form', { name: 'Edit rule 503 storm' });
  return { user, form, target: within(form).getByRole('group', { name: 'Target 1' }) };
}

describe('notification targets in the rule form', { timeout: 15_000 }, () => {
  it('marks a hidden URL and secret as set, with empty Replace fields, and keeps them when left alone', async () => {
    const { user, form, target } = await openEditor();
    expect(within(target).getByTestId('stored-url-0')).toHaveTextContent(
      'URL set https://hooks.example.com/…',
    );
    expect(within(target).getByTestId('stored-secret-0')).toHaveTextContent('Signing secret set');
    expect(within(target).getByLabelText('Replace URL')).toHaveValue('');
    expect(within(target).getByLabelText('Replace URL')).toHaveAccessibleDescription(
      'Leave empty to keep the stored URL.',
    );
    expect(within(target).getByLabelText('Replace signing secret')).toHaveValue('');
    for (const input of within(form).getAllByRole('textbox'))
      expect((input as HTMLInputElement).value).not.toContain(REDACTED);
    expect(form.innerHTML).not.toContain('abcdefghijkl');

    await user.clear(within(form).getByLabelText('Threshold'));
    await user.type(within(form).getByLabelText('Threshold'), '9');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit rule 503 storm' })).toBeNull());
    expect(h.alerting.service.rule('503-storm')!.threshold).toBe(9);
    expect(storedTarget()).toMatchObject({ url: URL_SECRET, secret: SECRET });
  });

  it('replaces what is typed, and removes the secret on request', async () => {
    const { user, form, target } = await openEditor();
    await user.type(within(target).getByLabelText('Replace URL'), 'https://hooks.example.com/new-hook');
    await user.type(within(target).getByLabelText('Replace signing secret'), 'a-brand-new-secret-456789');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit rule 503 storm' })).toBeNull());
    expect(storedTarget()).toMatchObject({
      url: 'https://hooks.example.com/new-hook',
      secret: 'a-brand-new-secret-456789',
    });

    await user.click(await screen.findByRole('button', { name: 'Edit 503 storm' }));
    const again = screen.getByRole('form', { name: 'Edit rule 503 storm' });
    const first = within(again).getByRole('group', { name: 'Target 1' });
    await user.click(within(first).getByRole('button', { name: 'Remove the signing secret of target 1' }));
    expect(within(first).queryByTestId('stored-secret-0')).toBeNull();
    expect(within(first).getByLabelText('Signing secret')).toHaveValue('');
    await user.click(within(again).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit rule 503 storm' })).toBeNull());
    expect(storedTarget()).toMatchObject({ url: 'https://hooks.example.com/new-hook' });
    expect(storedTarget()).not.toHaveProperty('secret');
  });
});
