import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SipEvent } from '@sipwatch/wire';
import { startReceiver } from '../../../../server/src/alerts/testing/receiver.js';
import type { Receiver } from '../../../../server/src/alerts/testing/receiver.js';
import type { AlertsHarness } from './test-support';
import {
  ADMIN_TOKEN,
  createRule,
  renderAlertsApp,
  serverRules,
  setTabToken,
  settle,
  startAlertsServer,
} from './test-support';

const XSS = '<img src=x onerror=alert(1)>';

let h: AlertsHarness;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  h = await startAlertsServer();
  cleanups.push(() => h.close());
});

afterEach(async () => {
  cleanup();
  await settle();
  setTabToken(null);
  while (cleanups.length) await cleanups.pop()!();
});

function calls(n: number, code: number): Omit<SipEvent, 'ts' | 'receivedAt'>[] {
  return Array.from({ length: n }, () => ({
    code,
    scope: 'call' as const,
    method: 'INVITE',
    trunk: 'carrier-a',
    source: { channel: 'http' as const, format: 'json', host: 'sbc-1' },
  }));
}

/** 20 503s now, then evaluated for two seconds: a `code_count > 5 over 1m` rule fires. */
function spike(): void {
  h.ingest(calls(20, 503));
  h.advance(2_000);
}

const storm = {
  name: '503 storm',
  metric: 'code_count' as const,
  code: 503,
  window: '1m',
  threshold: 5,
  pendingFor: '0s',
  severity: 'critical' as const,
};

async function openNewRule(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'New rule' }));
  return screen.getByRole('form', { name: 'New rule' });
}

/** Fills the form with the 503 storm rule (code_count 503 over 1m > 5, at once, critical). */
async function fillStorm(user: ReturnType<typeof userEvent.setup>, name = storm.name) {
  await user.type(screen.getByLabelText('Name'), name);
  await user.selectOptions(screen.getByLabelText('Metric'), 'code_count');
  await user.type(screen.getByLabelText('Code'), '503');
  await user.type(screen.getByLabelText('Threshold'), '5');
  await user.clear(screen.getByLabelText('Window'));
  await user.type(screen.getByLabelText('Window'), '1m');
  await user.clear(screen.getByLabelText('Pending for'));
  await user.type(screen.getByLabelText('Pending for'), '0s');
  await user.selectOptions(screen.getByLabelText('Severity'), 'critical');
}

async function enterToken(user: ReturnType<typeof userEvent.setup>, token: string) {
  await user.type(screen.getByLabelText('Admin token'), token);
  await user.click(screen.getByRole('button', { name: 'Use token' }));
}

describe('the alert rules page', { timeout: 15_000 }, () => {
  it('shows why a rule cannot be saved beside each field, as the server words it, and sends nothing', async () => {
    setTabToken(ADMIN_TOKEN);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await user.clear(screen.getByLabelText('Window'));
    await user.type(screen.getByLabelText('Window'), 'soon');
    await user.type(screen.getByLabelText('Threshold'), 'lots');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('is required');
    expect(screen.getByLabelText('Window')).toHaveAccessibleDescription(
      expect.stringContaining('must be a duration like "30s", "5m" or "1h"'),
    );
    expect(screen.getByLabelText('Threshold')).toHaveAccessibleDescription(
      expect.stringContaining('must be a number'),
    );
    expect(screen.getByTestId('form-errors')).toHaveTextContent('window: must be a duration');

    // Fixing those brings up the cross-field check, as on the server: a ratio is a fraction.
    await user.type(screen.getByLabelText('Name'), 'Failure rate high');
    await user.clear(screen.getByLabelText('Window'));
    await user.type(screen.getByLabelText('Window'), '5m');
    await user.clear(screen.getByLabelText('Threshold'));
    await user.type(screen.getByLabelText('Threshold'), '20');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByTestId('error-threshold')).toHaveTextContent(
      'must be a fraction from 0 to 1 for failure_rate (0.2 means 20%)',
    );
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await serverRules(h)).toEqual([]);
  });

  it('shows the server’s own refusal beside the field it names', async () => {
    setTabToken(ADMIN_TOKEN);
    await createRule(h, { ...storm, name: 'Taken' });
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await fillStorm(user, 'Taken');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    await waitFor(() =>
      expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('is taken by rule taken'),
    );
    expect(screen.getByRole('form', { name: 'New rule' })).toHaveTextContent('a rule with this name exists');
    // Editing the field clears the answer that was about the old text.
    await user.type(screen.getByLabelText('Name'), ' too');
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'false');
  });

  it('asks for the admin token: says so when it is missing or wrong, and saves with the right one', async () => {
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await fillStorm(user);
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await screen.findByText(/This change needs the admin token/)).toBeInTheDocument();

    await enterToken(user, 'not-the-token');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    // The form says so (the list, reloaded with the same token, may say it too).
    const form = screen.getByRole('form', { name: 'New rule' });
    expect(await within(form).findByText(/refused the admin token \(401\)/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Forget token' }));
    await enterToken(user, ADMIN_TOKEN);
    // The field never shows the token back; the tab keeps it.
    expect(screen.getByLabelText('Admin token')).toHaveValue('');
    expect(screen.getByLabelText('Admin token')).toHaveAttribute('type', 'password');
    expect(window.sessionStorage.getItem('sipwatch.adminToken')).toBe(ADMIN_TOKEN);
    // The refusal was about the old token: it goes with it.
    expect(within(form).queryByText(/refused the admin token/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    const row = await screen.findByRole('row', { name: /503 storm/ });
    expect(screen.queryByRole('form', { name: 'New rule' })).toBeNull();
    expect(within(row).getByTestId('alert-state')).toHaveTextContent('OK');
    expect(row).toHaveTextContent('503 responses > 5 over 1m');
    expect((await serverRules(h)).map((v) => [v.rule.id, v.rule.pendingFor, v.rule.severity])).toEqual([
      ['503-storm', '0s', 'critical'],
    ]);
  });

  it('previews the rule as typed on the last 24 hours before saving it', async () => {
    setTabToken(ADMIN_TOKEN);
    // Two 503 spikes, three minutes apart, with nothing in between.
    h.advance(60_000);
    h.ingest(calls(20, 503));
    h.advance(180_000);
    h.ingest(calls(20, 503));
    h.advance(180_000);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await fillStorm(user);
    await user.click(screen.getByRole('button', { name: 'Preview on the last 24 hours' }));
    const preview = screen.getByTestId('preview');
    // No data between the spikes keeps the state (the default): one firing, still on.
    await waitFor(() =>
      expect(preview).toHaveTextContent('On the last 24 hours this rule would have fired 1 time.'),
    );
    expect(preview).toHaveTextContent('It would be firing now.');

    await user.selectOptions(screen.getByLabelText('No data means'), 'ok');
    expect(preview).toHaveTextContent('The form changed since this preview');
    await user.click(screen.getByRole('button', { name: 'Preview on the last 24 hours' }));
    await waitFor(() =>
      expect(preview).toHaveTextContent('On the last 24 hours this rule would have fired 2 times.'),
    );
    expect(preview).not.toHaveTextContent('The form changed');
    expect(await serverRules(h)).toEqual([]);
  });

  it('offers the trunks, sources and methods seen, and asks "did you mean" for a name never seen', async () => {
    setTabToken(ADMIN_TOKEN);
    h.ingest([
      ...calls(3, 200),
      {
        code: 200,
        scope: 'call',
        method: 'INVITE',
        trunk: 'carrier-c',
        source: { channel: 'http', format: 'json', host: 'sbc-2' },
      },
    ]);
    h.advance(2_000);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base, reads: 'server' });
    await openNewRule(user);
    const trunk = screen.getByLabelText('Trunk');
    // The seen names are offered in the field's list.
    const list = document.getElementById(trunk.getAttribute('list')!)!;
    await waitFor(() =>
      expect([...list.querySelectorAll('option')].map((o) => o.value).sort()).toEqual([
        'carrier-a',
        'carrier-c',
      ]),
    );
    await user.type(trunk, 'carrier_c');
    const warning = screen.getByTestId('unseen-scope.trunk');
    expect(warning).toHaveTextContent(
      'No trunk named “carrier_c” was seen in the last 24 hours. Did you mean carrier-c?',
    );
    await user.click(within(warning).getByRole('button', { name: 'carrier-c' }));
    expect(trunk).toHaveValue('carrier-c');
    expect(screen.queryByTestId('unseen-scope.trunk')).toBeNull();
    // A trunk not seen yet stays allowed: the warning says so, without a guess far from it.
    await user.clear(trunk);
    await user.type(trunk, 'new-carrier-9');
    expect(screen.getByTestId('unseen-scope.trunk')).toHaveTextContent(
      /^No trunk named “new-carrier-9” was seen in the last 24 hours\.$/,
    );
    await user.type(screen.getByLabelText('Source'), 'sbc-3');
    expect(screen.getByTestId('unseen-scope.source')).toHaveTextContent('Did you mean sbc-1?');
  });

  it('draws the preview against the threshold, gives the peak and says when the rule would flap', async () => {
    setTabToken(ADMIN_TOKEN);
    // Three short 503 spikes, three minutes apart: with no data meaning OK, three firings.
    for (let i = 0; i < 3; i++) {
      h.advance(60_000);
      h.ingest(calls(20, 503));
      h.advance(120_000);
    }
    h.advance(60_000);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await fillStorm(user);
    await user.selectOptions(screen.getByLabelText('No data means'), 'ok');
    await user.click(screen.getByRole('button', { name: 'Preview on the last 24 hours' }));
    const preview = screen.getByTestId('preview');
    await waitFor(() =>
      expect(preview).toHaveTextContent('On the last 24 hours this rule would have fired 3 times.'),
    );
    expect(screen.getByTestId('preview-peak')).toHaveTextContent(
      /^Peak 20 at .*, against a threshold of 5\.$/,
    );
    expect(screen.getByTestId('preview-flapping')).toHaveTextContent(
      /^This rule flaps: 3 of its 3 firings came back within 15 minutes of the one before\. "Keep firing for \dm" would have made them 1 firing\./,
    );
    // The picture, described by the words above it.
    const chart = within(preview).getByRole('img', { name: 'The rule replayed against its threshold' });
    expect(chart).toHaveAccessibleDescription(/would have fired 3 times\. Peak 20 at/);
  });

  it('offers the HEP timing metrics: trunk scope only, values in ms, a preview on the live window', async () => {
    setTabToken(ADMIN_TOKEN);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await openNewRule(user);
    await user.type(screen.getByLabelText('Name'), 'Slow ringing');
    await user.selectOptions(screen.getByLabelText('Metric'), 'pdd_p95');
    expect(screen.getByLabelText('Metric')).toHaveDisplayValue('Post-dial delay p95 (ms, HEP)');
    // Call timing is kept per trunk: the other scope fields go away.
    expect(screen.getByLabelText('Trunk')).toBeInTheDocument();
    expect(screen.queryByLabelText('Source')).toBeNull();
    expect(screen.queryByLabelText('Method')).toBeNull();
    expect(screen.queryByLabelText('Only code')).toBeNull();
    expect(screen.getByLabelText('Threshold')).toHaveAccessibleDescription(/Milliseconds/);
    await user.type(screen.getByLabelText('Trunk'), 'carrier-a');
    await user.type(screen.getByLabelText('Threshold'), '4000');
    // Call timing is kept for the live window: that is what the preview replays.
    await user.click(screen.getByRole('button', { name: 'Preview on the live window' }));
    const preview = screen.getByTestId('preview');
    await waitFor(() =>
      expect(preview).toHaveTextContent('On the last hour this rule would have fired 0 times.'),
    );
    // This server captured no calls.
    expect(preview).toHaveTextContent(
      'no data (or less traffic than the minimum volume) in any of the 60 minutes',
    );

    await user.clear(screen.getByLabelText('Window'));
    await user.type(screen.getByLabelText('Window'), '1m');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    const row = await screen.findByRole('row', { name: /Slow ringing/ });
    expect(row).toHaveTextContent('PDD p95 > 4000 ms over 1m');
    expect(row).toHaveTextContent('trunk=carrier-a');
    expect((await serverRules(h)).map((v) => [v.rule.metric, v.rule.scope, v.rule.threshold])).toEqual([
      ['pdd_p95', { trunk: 'carrier-a' }, 4000],
    ]);

    // Back to a traffic metric: every scope field and the preview return.
    await openNewRule(user);
    await user.selectOptions(screen.getByLabelText('Metric'), 'setup_p50');
    expect(screen.queryByLabelText('Source')).toBeNull();
    // Unparsed-line counts are not stored at all: no preview, and the page says why.
    await user.selectOptions(screen.getByLabelText('Metric'), 'unparsed_rate');
    const none = screen.getByRole('button', { name: 'Preview on the last 24 hours' });
    expect(none).toBeDisabled();
    expect(none).toHaveAccessibleDescription(/kept for the last minute only/);
    await user.selectOptions(screen.getByLabelText('Metric'), 'failure_rate');
    expect(screen.getByLabelText('Source')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview on the last 24 hours' })).toBeEnabled();
  });

  it('lists each rule with its state, value, threshold and deliveries; user text stays text', async () => {
    setTabToken(ADMIN_TOKEN);
    const receiver: Receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    await createRule(h, {
      ...storm,
      name: XSS,
      description: `about ${XSS}`,
      labels: { team: XSS },
      notify: [{ type: 'webhook', url: receiver.url }],
    });
    await createRule(h, { name: 'quiet', metric: 'failure_rate', threshold: 0.5 });
    spike();
    const user = userEvent.setup({ delay: null });
    const { container } = renderAlertsApp('/alerts', { base: h.base });

    const rows = await screen.findAllByTestId('rule-row');
    expect(rows.map((r) => r.dataset.ruleId)).toEqual(['img-src-x-onerror-alert-1', 'quiet']);
    const [firing] = rows;
    expect(within(firing!).getByTestId('alert-state')).toHaveTextContent('Firing');
    expect(within(firing!).getByTestId('alert-state')).toHaveAttribute('data-state', 'firing');
    expect(within(firing!).getByTestId('rule-value')).toHaveTextContent('20 (alerts when > 5)');
    expect(within(firing!).getByRole('rowheader')).toHaveTextContent(XSS);
    expect(within(firing!).getByTestId('rule-label')).toHaveTextContent(`team=${XSS}`);
    expect(container.querySelector('img')).toBeNull();
    // The layout's banner shows it too.
    expect(screen.getByRole('region', { name: 'Firing alerts' })).toHaveTextContent(`CRITICAL ${XSS}: 20`);

    // The firing notification already went out: one sent.
    await waitFor(() => expect(receiver.requests).toHaveLength(1));
    await user.click(within(firing!).getByRole('button', { name: `Send test notification for ${XSS}` }));
    expect(await screen.findByTestId('test-outcomes')).toHaveTextContent('webhook: delivered (200)');
    expect(receiver.requests.map((r) => r.headers['x-sipwatch-event'])).toEqual(['alert', 'test']);
    await waitFor(() =>
      expect(within(screen.getAllByTestId('rule-row')[0]!).getByTestId('delivery')).toHaveTextContent(
        'webhook 1: 2 sent, 0 failed, 0 retried',
      ),
    );
  });

  it('acknowledges with a note, silences until a time, disables and deletes', async () => {
    setTabToken(ADMIN_TOKEN);
    await createRule(h, storm);
    spike();
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    const row = () => screen.getByRole('row', { name: /503 storm/ });
    await screen.findByRole('row', { name: /503 storm/ });

    await user.click(screen.getByRole('button', { name: 'Acknowledge 503 storm' }));
    const ack = screen.getByRole('form', { name: 'Acknowledge 503 storm' });
    await user.type(within(ack).getByLabelText('Note'), 'carrier says <b>fixing</b>');
    await user.click(within(ack).getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() =>
      expect(within(row()).getByTestId('ack')).toHaveTextContent(
        'acknowledged by alice: carrier says <b>fixing</b>',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Acknowledge 503 storm' })).toBeNull();
    expect((await serverRules(h))[0]!.state.ack).toMatchObject({
      by: 'alice',
      note: 'carrier says <b>fixing</b>',
    });

    await user.click(screen.getByRole('button', { name: 'Silence 503 storm' }));
    const silence = screen.getByRole('form', { name: 'Silence 503 storm' });
    await user.type(within(silence).getByLabelText('Comment'), 'maintenance');
    await user.click(within(silence).getByRole('button', { name: 'Silence' }));
    expect(await screen.findByTestId('silence')).toHaveTextContent('rule 503 storm until');
    expect(screen.getByTestId('silence')).toHaveTextContent('(maintenance)');
    await waitFor(() => expect(row()).toHaveTextContent('silenced until'));
    expect((await serverRules(h))[0]!.state.silencedUntil).toBeGreaterThan(h.clock.now());

    await user.click(screen.getByRole('checkbox', { name: 'Enabled: 503 storm' }));
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: 'Enabled: 503 storm' })).not.toBeChecked(),
    );
    expect((await serverRules(h))[0]!.rule.enabled).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete 503 storm' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete 503 storm' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /503 storm/ })).toBeNull());
    expect(await serverRules(h)).toEqual([]);
  });

  it('edits a rule in the same form, filled with what is stored', async () => {
    setTabToken(ADMIN_TOKEN);
    await createRule(h, { ...storm, labels: { team: 'voice' } });
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    await user.click(await screen.findByRole('button', { name: 'Edit 503 storm' }));
    const form = screen.getByRole('form', { name: 'Edit rule 503 storm' });
    expect(within(form).getByLabelText('Code')).toHaveValue('503');
    expect(within(form).getByLabelText('Labels')).toHaveValue('team=voice');
    await user.clear(within(form).getByLabelText('Threshold'));
    await user.type(within(form).getByLabelText('Threshold'), '9');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getByRole('row', { name: /503 storm/ })).toHaveTextContent('> 9 over 1m'),
    );
    expect((await serverRules(h))[0]!.rule).toMatchObject({
      id: '503-storm',
      threshold: 9,
      labels: { team: 'voice' },
    });
  });

  it('imports a YAML rule file, lists what it refused, and exports the rules', async () => {
    setTabToken(ADMIN_TOKEN);
    const user = userEvent.setup({ delay: null });
    renderAlertsApp('/alerts', { base: h.base });
    const fileInput = await screen.findByLabelText('Rule file');

    const bad = new File(
      ['rules:\n  - name: broken\n    metric: failure_rate\n    threshold: 7\n'],
      'r.yaml',
    );
    await user.upload(fileInput, bad);
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByTestId('import-errors')).toHaveTextContent(
      'rules[0].threshold: must be a fraction from 0 to 1 for failure_rate',
    );
    expect(screen.getByRole('alert')).toHaveTextContent('invalid import: nothing was changed');

    const good = new File(
      ['rules:\n  - id: asr-low\n    name: ASR low\n    metric: asr_below\n    threshold: 0.4\n'],
      'r.yml',
    );
    await user.upload(fileInput, good);
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Imported: created asr-low.')).toBeInTheDocument();
    expect(await screen.findByRole('row', { name: /ASR low/ })).toHaveTextContent('ASR < 40.0% over 5m');

    // jsdom has no object URLs and no navigation: catch the file the page hands to the browser.
    const blobs: Blob[] = [];
    const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = (b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:rules');
    URL.revokeObjectURL = () => undefined;
    const noNavigation = (e: Event) => {
      if ((e.target as Element).closest('a[download]')) e.preventDefault();
    };
    document.addEventListener('click', noNavigation, true);
    try {
      await user.click(screen.getByRole('button', { name: 'Export YAML' }));
      expect(await screen.findByText('Exported the rules as YAML.')).toBeInTheDocument();
    } finally {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      document.removeEventListener('click', noNavigation, true);
    }
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]!);
    });
    expect(text).toContain('name: ASR low');
    expect(text).toContain('metric: asr_below');
  });

  it('shows a rule that sees no traffic as No data in grey, never as OK', async () => {
    setTabToken(ADMIN_TOKEN);
    await createRule(h, storm);
    h.advance(2_000); // evaluated, with no traffic at all
    const { store } = renderAlertsApp('/alerts', { base: h.base });
    const row = await screen.findByRole('row', { name: /503 storm/ });
    const badge = within(row).getByTestId('alert-state');
    expect(badge).toHaveTextContent('No data');
    expect(badge).toHaveAttribute('data-nodata', 'true');
    expect(badge).toHaveClass('alert-state-nodata');
    spike();
    const [view] = await serverRules(h);
    act(() => store.getState().alertState({ serverTime: h.clock.now(), view: view! }));
    const firing = within(screen.getByRole('row', { name: /503 storm/ })).getByTestId('alert-state');
    expect(firing).toHaveTextContent('Firing');
    expect(firing).not.toHaveAttribute('data-nodata');
  });

  it('updates a row when the socket reports a state change', async () => {
    setTabToken(ADMIN_TOKEN);
    await createRule(h, storm);
    const { store } = renderAlertsApp('/alerts', { base: h.base });
    const row = await screen.findByRole('row', { name: /503 storm/ });
    expect(within(row).getByTestId('alert-state')).toHaveTextContent('OK');
    spike();
    const [view] = await serverRules(h);
    act(() => store.getState().alertState({ serverTime: h.clock.now(), view: view! }));
    expect(
      within(screen.getByRole('row', { name: /503 storm/ })).getByTestId('alert-state'),
    ).toHaveTextContent('Firing');
  });
});
