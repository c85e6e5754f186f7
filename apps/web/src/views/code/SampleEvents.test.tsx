import { describe, expect, it } from 'vitest';
import { render as renderBare, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { callIdUrl } from '@sipwatch/wire';
import { event } from '@sipwatch/testing';
import { SampleEvents, callIdLink } from './SampleEvents';

/** The ladder links are router links: the samples render inside a router, as on the code page. */
const render = (ui: ReactElement) => {
  const result = renderBare(<MemoryRouter>{ui}</MemoryRouter>);
  return {
    ...result,
    rerender: (next: ReactElement) => result.rerender(<MemoryRouter>{next}</MemoryRouter>),
  };
};

const XSS = '"><img src=x onerror=alert(1)>';
const HOMER = 'https://homer.example/#/search?callid={callId}';

describe('Call-IDs in the sample events', () => {
  it('link out to the capture tool in a new tab, without handing it the opener or the referrer', () => {
    render(<SampleEvents events={[event({ callId: 'a84b4c76e66710@pc33' })]} callIdTemplate={HOMER} />);
    const link = screen.getByRole('link', { name: 'Open call a84b4c76e66710@pc33 in the capture tool' });
    expect(link).toHaveAttribute('href', 'https://homer.example/#/search?callid=a84b4c76e66710%40pc33');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')?.split(' ').sort()).toEqual(['noopener', 'noreferrer']);
    expect(link).toHaveTextContent('a84b4c76e66710@pc33');
  });

  it('stay plain text without a configured template, or with one that is not http(s)', () => {
    const { rerender } = render(<SampleEvents events={[event({ callId: 'c1@x' })]} callIdTemplate={null} />);
    const sample = screen.getByTestId('sample-event');
    expect(within(sample).getByText('c1@x')).toBeInTheDocument();
    expect(within(sample).queryByRole('link', { name: /capture tool/ })).toBeNull();
    rerender(
      <SampleEvents events={[event({ callId: 'c1@x' })]} callIdTemplate="javascript:alert('{callId}')" />,
    );
    expect(
      within(screen.getByTestId('sample-event')).queryByRole('link', { name: /capture tool/ }),
    ).toBeNull();
    rerender(<SampleEvents events={[event({ callId: 'c1@x' })]} />);
    expect(
      within(screen.getByTestId('sample-event')).queryByRole('link', { name: /capture tool/ }),
    ).toBeNull();
  });

  it('keep a hostile Call-ID as text, and URL-encoded in the link, as the server’s own callIdUrl does', () => {
    const { container } = render(<SampleEvents events={[event({ callId: XSS })]} callIdTemplate={HOMER} />);
    const link = screen.getByRole('link', { name: /capture tool/ });
    expect(link).toHaveTextContent(XSS);
    expect(link).toHaveAttribute('href', callIdUrl(HOMER, XSS));
    expect(callIdLink(HOMER, XSS)).toBe(callIdUrl(HOMER, XSS));
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows every other field that came off the network as text too', () => {
    const { container } = render(
      <SampleEvents
        events={[
          event({
            reason: XSS,
            trunk: `<i>${XSS}</i>`,
            from: `sip:${XSS}@example.com`,
            to: `<sip:bob@example.com>;tag=${XSS}`,
            raw: `SIP/2.0 503 ${XSS}`,
            source: { channel: 'http', format: 'json', host: `<b>${XSS}</b>` },
          }),
        ]}
      />,
    );
    const sample = screen.getByTestId('sample-event');
    for (const text of [
      `<i>${XSS}</i>`,
      `sip:${XSS}@example.com`,
      `<sip:bob@example.com>;tag=${XSS}`,
      `<b>${XSS}</b>`,
    ])
      expect(within(sample).getByText(text)).toBeInTheDocument();
    expect(within(sample).getByRole('cell', { name: XSS })).toBeInTheDocument();
    expect(sample.querySelector('pre code')?.textContent).toBe(`SIP/2.0 503 ${XSS}`);
    expect(container.querySelector('img, i, b')).toBeNull();
  });

  it('link to the call’s ladder in sipwatch, whether or not a capture tool is configured', () => {
    const { rerender } = render(<SampleEvents events={[event({ callId: XSS })]} callIdTemplate={HOMER} />);
    expect(screen.getByRole('link', { name: `Ladder of call ${XSS}` })).toHaveAttribute(
      'href',
      `/calls/${encodeURIComponent(XSS)}`,
    );
    rerender(<SampleEvents events={[event({ callId: 'c1@x' })]} />);
    expect(screen.getByRole('link', { name: 'Ladder of call c1@x' })).toHaveAttribute(
      'href',
      '/calls/c1%40x',
    );
  });
});
