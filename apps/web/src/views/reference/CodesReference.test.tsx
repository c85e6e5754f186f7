import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { REGISTRY } from '@sipwatch/codes';
import { renderApp } from '../../test/render';

function shownCodes(): number[] {
  return screen.getAllByTestId('reference-row').map((row) => Number(row.querySelector('td')!.textContent));
}

describe('codes reference', () => {
  it('is reachable from the navigation and lists the whole registry', async () => {
    renderApp('/');
    await userEvent.click(await screen.findByRole('link', { name: 'Codes reference' }));
    expect(await screen.findByRole('heading', { name: 'SIP response codes' })).toBeInTheDocument();
    expect(screen.getAllByTestId('reference-row')).toHaveLength(REGISTRY.length);
  });

  it('typing 48 shows every 48x; typing busy finds 486 and 600', async () => {
    renderApp('/codes');
    const box = await screen.findByLabelText('Search codes');
    await userEvent.type(box, '48');
    const codes = shownCodes();
    expect(codes.length).toBeGreaterThanOrEqual(10);
    expect(codes.every((c) => c >= 480 && c <= 489)).toBe(true);

    await userEvent.clear(box);
    await userEvent.type(box, 'busy');
    expect(shownCodes()).toEqual(expect.arrayContaining([486, 600]));
    expect(screen.getByTestId('location')).toHaveTextContent('/codes?q=busy');
  });

  it('a code links to its drill-down', async () => {
    renderApp('/codes?q=486');
    await userEvent.click(await screen.findByRole('link', { name: '486' }));
    expect(await screen.findByTestId('code-title')).toHaveTextContent('486 Busy Here');
  });
});
