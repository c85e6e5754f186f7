import { describe, expect, it } from 'vitest';
import { callIdUrl } from './ui-config.js';

describe('callIdUrl', () => {
  it('puts the URL-encoded Call-ID where the template says', () => {
    expect(
      callIdUrl('https://homer.example/#/search?callid={callId}', 'a84b4c76e66710@pc33.example.com'),
    ).toBe('https://homer.example/#/search?callid=a84b4c76e66710%40pc33.example.com');
    expect(callIdUrl('https://x/{callId}/{callId}', 'a b&c')).toBe('https://x/a%20b%26c/a%20b%26c');
  });

  it('gives no link without a template', () => {
    expect(callIdUrl(null, 'abc')).toBeNull();
  });
});
