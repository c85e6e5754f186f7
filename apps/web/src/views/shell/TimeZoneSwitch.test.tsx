import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setShownTimeZone } from '@sipwatch/wire/metrics';
import { renderApp } from '../../test/render';

// 2026-12-03 12:58:07 UTC, 07:58:07 in New York; an hour-long custom range ending then.
const TO = Date.UTC(2026, 11, 3, 12, 58, 7);
const FROM = TO - 3_600_000;
const zone = process.env.TZ;

beforeEach(() => {
  process.env.TZ = 'America/New_York';
  localStorage.clear();
});
afterEach(() => {
  cleanup();
  setShownTimeZone('local');
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('the UTC/local switch', () => {
  it('names the zone, switches every time shown, and is remembered', async () => {
    const user = userEvent.setup();
    renderApp(`/?from=${FROM}&to=${TO}`);
    const title = await screen.findByRole('heading', { level: 1 });
    const zoneSwitch = screen.getByTestId('zone-switch');
    expect(zoneSwitch).toHaveTextContent('Times: local (GMT-5)');
    expect(title).toHaveTextContent('2026-12-03 06:58:07 to 2026-12-03 07:58:07');

    await user.click(zoneSwitch);
    expect(screen.getByTestId('zone-switch')).toHaveTextContent('UTC');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      '2026-12-03 11:58:07 to 2026-12-03 12:58:07',
    );
    // The custom range fields (open on a custom range) take ISO times in the same zone, and say which.
    const form = screen.getByRole('form', { name: 'Custom time range' });
    expect(within(form).getByLabelText('To')).toHaveValue('2026-12-03 12:58');
    expect(within(form).getByLabelText('To')).toHaveAccessibleDescription('YYYY-MM-DD HH:MM, UTC');

    // A new page load in this browser keeps the choice.
    cleanup();
    setShownTimeZone('local');
    renderApp(`/?from=${FROM}&to=${TO}`);
    expect(await screen.findByTestId('zone-switch')).toHaveTextContent('UTC');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('11:58:07 to 2026-12-03 12:58:07');
  });

  it('a custom range typed in another order than ISO is refused with the format to use', async () => {
    const user = userEvent.setup();
    renderApp(`/?from=${FROM}&to=${TO}`);
    const form = await screen.findByRole('form', { name: 'Custom time range' });
    const from = within(form).getByLabelText('From');
    await user.clear(from);
    await user.type(from, '12/03/2026 06:00');
    expect(from).toHaveAttribute('aria-invalid', 'true');
    await user.click(within(form).getByRole('button', { name: 'Apply' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Both ends are needed, as YYYY-MM-DD HH:MM.');
  });
});
