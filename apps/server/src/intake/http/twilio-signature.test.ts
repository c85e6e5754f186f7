import { describe, expect, it } from 'vitest';
import { candidateUrls, twilioSignature, verifyTwilioSignature } from './twilio-signature.js';

describe('Twilio signature', () => {
  // The worked example of Twilio's security documentation (auth token 12345).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = new URLSearchParams({
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  });

  it('matches the documented example', () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('verifies against any candidate URL and refuses a wrong or missing signature', () => {
    const sig = twilioSignature('12345', url, params);
    expect(verifyTwilioSignature('12345', sig, ['http://x/', url], params)).toBe(true);
    expect(verifyTwilioSignature('12345', sig, ['http://x/'], params)).toBe(false);
    expect(verifyTwilioSignature('other', sig, [url], params)).toBe(false);
    expect(verifyTwilioSignature('12345', undefined, [url], params)).toBe(false);
    params.set('Digits', '9999');
    expect(verifyTwilioSignature('12345', sig, [url], params)).toBe(false);
  });

  it('derives candidate URLs from the Host header or the configured public base URL', () => {
    expect(candidateUrls(undefined, 'sipwatch.example:8443', '/api/v1/webhooks/twilio')).toEqual([
      'https://sipwatch.example:8443/api/v1/webhooks/twilio',
      'http://sipwatch.example:8443/api/v1/webhooks/twilio',
      'https://sipwatch.example/api/v1/webhooks/twilio',
      'http://sipwatch.example/api/v1/webhooks/twilio',
    ]);
    expect(candidateUrls('https://noc.example/', 'internal:8080', '/api/v1/webhooks/twilio?x=1')).toEqual([
      'https://noc.example/api/v1/webhooks/twilio?x=1',
    ]);
  });
});
