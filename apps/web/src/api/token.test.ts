import { afterEach, describe, expect, it } from 'vitest';
import { readToken, saveToken, takeFragmentToken } from './token';

afterEach(() => {
  saveToken('sign-in', null);
  window.history.replaceState(null, '', '/');
});

describe('a kiosk link with the token in its fragment', () => {
  it('signs the tab in and leaves the address bar and history without the token', () => {
    window.history.replaceState(null, '', '/?kiosk&window=5m#token=wall-token-0123456789');
    const before = window.history.length;
    expect(takeFragmentToken()).toBe(true);
    expect(readToken('sign-in')).toBe('wall-token-0123456789');
    expect(window.sessionStorage.getItem('sipwatch.token')).toBe('wall-token-0123456789');
    expect(window.localStorage.getItem('sipwatch.token')).toBeNull();
    expect(window.location.href).toBe(`${window.location.origin}/?kiosk&window=5m`);
    // Replaced, not pushed: Back does not bring the token back.
    expect(window.history.length).toBe(before);
  });

  it('keeps the rest of the fragment, and leaves a link without a token alone', () => {
    window.history.replaceState(null, '', '/?kiosk#token=abc-0123456789&x=1');
    takeFragmentToken();
    expect(window.location.hash).toBe('#x=1');
    expect(readToken('sign-in')).toBe('abc-0123456789');

    saveToken('sign-in', 'kept-0123456789');
    window.history.replaceState(null, '', '/codes#top');
    expect(takeFragmentToken()).toBe(false);
    expect(window.location.hash).toBe('#top');
    expect(readToken('sign-in')).toBe('kept-0123456789');
  });
});
