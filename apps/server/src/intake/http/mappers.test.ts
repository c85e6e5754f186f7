import { describe, expect, it } from 'vitest';
import { webhookFixture } from '../../../test/fixtures/load.js';
import { parseConfig } from '../../config.js';
import { decodeFreeswitchBody, mapFreeswitchCdr } from './freeswitch.js';
import { mapGeneric, valueAt } from './generic.js';
import { mapTwilioCallback } from './twilio.js';

describe('mapTwilioCallback', () => {
  it('reads the status callback sample (no-answer, 487) as a call outcome', () => {
    const params = new URLSearchParams(webhookFixture('twilio-status-callback-no-answer.form').trim());
    expect(mapTwilioCallback(params)).toEqual({
      code: '487',
      method: 'INVITE',
      scope: 'call',
      callId: 'redacted',
      from: '+12013800532',
      to: 'redacted',
      direction: 'outbound-api',
      ts: 'Tue, 01 Nov 2016 01:59:13 +0000',
    });
  });

  it('prefers DialSipResponseCode and marks a canceled 487 as cancelled', () => {
    const p = new URLSearchParams({
      CallSid: 'CA1',
      DialCallSid: 'CA2',
      DialCallStatus: 'canceled',
      DialSipResponseCode: '487',
      SipResponseCode: '200',
      CallStatus: 'in-progress',
    });
    expect(mapTwilioCallback(p)).toMatchObject({ code: '487', callId: 'CA2', cancelled: true });
  });

  it('gives no event for progress callbacks or callbacks without a SIP code', () => {
    expect(
      mapTwilioCallback(new URLSearchParams({ CallStatus: 'ringing', SipResponseCode: '180' })),
    ).toBeUndefined();
    expect(mapTwilioCallback(new URLSearchParams({ CallStatus: 'completed' }))).toBeUndefined();
  });
});

describe('FreeSWITCH mod_json_cdr', () => {
  const cancel = webhookFixture('freeswitch-json-cdr-cancel.json');
  const normal = webhookFixture('freeswitch-json-cdr-normal.json');

  it('decodes raw JSON, cdr= url-encoded and cdr= base64 bodies alike', () => {
    const expected = JSON.parse(cancel) as unknown;
    expect(decodeFreeswitchBody(cancel, 'application/json')).toEqual({ ok: true, value: expected });
    const form = `cdr=${encodeURIComponent(JSON.stringify(expected))}`;
    expect(decodeFreeswitchBody(form, 'application/x-www-form-urlencoded')).toEqual({
      ok: true,
      value: expected,
    });
    const b64 = `cdr=${Buffer.from(JSON.stringify(expected)).toString('base64')}`;
    expect(decodeFreeswitchBody(b64, 'application/x-www-form-base64-encoded')).toEqual({
      ok: true,
      value: expected,
    });
    expect(decodeFreeswitchBody(b64.slice(4), undefined)).toEqual({ ok: true, value: expected });
  });

  it('reports malformed CDR bodies with their position', () => {
    const r = decodeFreeswitchBody('{"variables": {', 'application/json');
    expect(r.ok).toBe(false);
  });

  it('reads a cancelled leg (URL-encoded values) as 487, cancelled', () => {
    const r = decodeFreeswitchBody(cancel, 'application/json');
    expect(r.ok && mapFreeswitchCdr(r.value)).toEqual({
      code: '487',
      reason: 'CANCEL',
      method: 'INVITE',
      scope: 'call',
      direction: 'outbound',
      cancelled: true,
    });
  });

  it('reads a normal call from the bridged leg cause sip:200', () => {
    const r = decodeFreeswitchBody(normal, 'application/json');
    expect(r.ok && mapFreeswitchCdr(r.value)).toMatchObject({
      code: '200',
      reason: 'OK',
      callId: '818e26f805701988c1a330175d7d2629@0:0:0:0:0:0:0:0',
      srcIp: '10.10.10.100',
      direction: 'inbound',
    });
  });

  it('decodes proto_specific_hangup_cause like sip%3A503 and takes end_uepoch as the time', () => {
    expect(
      mapFreeswitchCdr({
        variables: {
          proto_specific_hangup_cause: 'sip%3A503',
          end_uepoch: '1700000000123456',
          sip_gateway_name: 'gw1',
        },
      }),
    ).toMatchObject({ code: '503', ts: 1_700_000_000_123, trunk: 'gw1' });
  });

  it('gives no event for a CDR without any SIP outcome', () => {
    expect(mapFreeswitchCdr({ variables: { hangup_cause: 'NORMAL_CLEARING' } })).toBeUndefined();
    expect(mapFreeswitchCdr('nope')).toBeUndefined();
  });
});

describe('generic JSON mappings', () => {
  const config = parseConfig({
    ingest: {
      mappings: {
        telnyx: {
          code: 'data.payload.sip_hangup_cause',
          reason: 'data.payload.hangup_cause',
          ts: 'data.occurred_at',
          callId: 'data.payload.call_session_id',
          from: 'data.payload.from',
          to: 'data.payload.to',
        },
        yeastar: {
          code: 'reason',
          callId: 'callid',
          from: 'outbound.from|inbound.from',
          to: 'outbound.to|inbound.to',
          trunk: 'outbound.trunk|inbound.trunk',
        },
        opensips: { code: 'sip_code', reason: 'sip_reason', method: 'method', callId: 'callid', ts: 'time' },
      },
    },
  });
  const m = config.ingest.mappings;

  it('maps the Telnyx call.hangup sample', () => {
    expect(mapGeneric(JSON.parse(webhookFixture('telnyx-call-hangup.json')), m.telnyx!)).toEqual({
      code: '603',
      scope: 'call',
      method: 'INVITE',
      reason: 'call_rejected',
      ts: '2018-02-02T22:25:27.521992Z',
      callId: '428c31b6-7af4-4bcb-b7f5-5013ef9657c1',
      from: '+35319605860',
      to: '+35319605860',
    });
  });

  it('maps the Yeastar CallFailed sample, splitting "486 Busy Here"', () => {
    expect(mapGeneric(JSON.parse(webhookFixture('yeastar-call-failed.json')), m.yeastar!)).toEqual({
      code: '486',
      reason: 'Busy Here',
      scope: 'call',
      method: 'INVITE',
      callId: '1536976927.37',
      from: '1002',
      to: '70871520926',
      trunk: 'Wanatel-1',
    });
  });

  it('maps the OpenSIPS E_ACC_MISSED_EVENT attributes', () => {
    expect(
      mapGeneric(JSON.parse(webhookFixture('opensips-e-acc-missed-event.json')), m.opensips!),
    ).toMatchObject({
      code: '404',
      reason: 'Not Found',
      method: 'INVITE',
      ts: '1431182699',
    });
  });

  it('gives no event when the mapped code is absent (other event types)', () => {
    expect(mapGeneric({ data: { event_type: 'call.initiated', payload: {} } }, m.telnyx!)).toBeUndefined();
  });

  it('walks dotted paths with indexes and alternatives, and never into prototypes', () => {
    const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, x: '' };
    expect(valueAt(doc, 'a.b.1.c')).toBe(2);
    expect(valueAt(doc, 'x|a.b.0.c')).toBe(1);
    expect(valueAt(doc, 'a.missing.c')).toBeUndefined();
    expect(valueAt(doc, 'constructor.name')).toBeUndefined();
  });
});
