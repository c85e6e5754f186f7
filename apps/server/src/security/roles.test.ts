import { describe, expect, it } from 'vitest';
import { Authenticator, parseTokenEntry } from './roles.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('Authenticator', () => {
  const auth = new Authenticator({
    ingest: ['first-token-123', 'sbc-east:second-token-456'],
    viewer: ['wall:viewer-token-789'],
    admin: ['alice:admin-token-000'],
  });

  it('grants a role for any of its tokens, as Bearer or as the Basic password, with the token name', () => {
    expect(auth.identify({ authorization: 'Bearer first-token-123', loopback: false })).toEqual({
      name: 'ingest',
      grants: { ingest: 'token', viewer: null, admin: null },
      badToken: false,
    });
    const basicId = auth.identify({ authorization: basic('twilio', 'second-token-456'), loopback: false });
    expect(basicId.name).toBe('sbc-east');
    expect(basicId.grants.ingest).toBe('token');
    expect(auth.identify({ authorization: 'bearer viewer-token-789', loopback: false }).grants).toEqual({
      ingest: null,
      viewer: 'token',
      admin: null,
    });
  });

  it('an admin token also grants viewer, not ingest', () => {
    const id = auth.identify({ authorization: 'Bearer admin-token-000', loopback: false });
    expect(id).toEqual({
      name: 'alice',
      grants: { ingest: null, viewer: 'token', admin: 'token' },
      badToken: false,
    });
  });

  it('marks wrong, truncated, extended and malformed credentials as a bad token', () => {
    for (const header of [
      'Bearer first-token-12',
      'Bearer first-token-1234',
      'first-token-123',
      `Basic ${Buffer.from('first-token-123').toString('base64')}`,
      'Bearer sbc-east:second-token-456',
    ]) {
      const id = auth.identify({ authorization: header, loopback: true });
      expect(id.badToken, header).toBe(true);
      expect(
        Object.values(id.grants).every((g) => g === null),
        header,
      ).toBe(true);
    }
    expect(auth.identify({ authorization: undefined, loopback: false }).badToken).toBe(false);
  });

  it('with no tokens for a role, grants it to loopback callers only', () => {
    const open = new Authenticator({ ingest: [], viewer: [], admin: ['admin-token-000'] });
    expect(open.modes()).toEqual({ ingest: 'local-only', viewer: 'local-only', admin: 'token' });
    expect(open.identify({ authorization: undefined, loopback: true })).toEqual({
      name: 'local',
      grants: { ingest: 'local', viewer: 'local', admin: null },
      badToken: false,
    });
    expect(open.identify({ authorization: undefined, loopback: false }).grants).toEqual({
      ingest: null,
      viewer: null,
      admin: null,
    });
    // A loopback admin keeps the open roles of the machine and gets admin from the token.
    expect(open.identify({ authorization: 'Bearer admin-token-000', loopback: true }).grants).toEqual({
      ingest: 'local',
      viewer: 'token',
      admin: 'token',
    });
  });
});

describe('parseTokenEntry', () => {
  it('reads name:token and names a bare token after its role', () => {
    expect(parseTokenEntry('wall-1:abcdefgh12', 'viewer')).toEqual({ name: 'wall-1', token: 'abcdefgh12' });
    expect(parseTokenEntry(' abcdefgh12 ', 'admin')).toEqual({ name: 'admin', token: 'abcdefgh12' });
  });
});
