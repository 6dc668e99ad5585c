import {
  isSensitiveKey,
  normaliseKeyName,
  SENSITIVE_QUERY_PARAM,
} from './sensitiveKeys';

describe('isSensitiveKey', () => {
  it.each([
    'Authorization',
    'Set-Cookie',
    'X-Api-Key',
    'client_secret',
    'refreshToken',
    'id_token',
    'Password',
    'private_key',
    'sessionId',
    'DB_CONNECTION_STRING',
    'auth',
    'dsn',
  ])('finds %s', key => expect(isSensitiveKey(key)).toBe(true));

  it.each(['user', 'maxTokens', 'secretName', 'oauthProvider', 'user-agent'])(
    'leaves %s',
    key => expect(isSensitiveKey(key)).toBe(false),
  );

  it('takes more suffixes, normalised', () => {
    expect(isSensitiveKey('X-Tenant-Pin')).toBe(false);
    expect(
      isSensitiveKey('X-Tenant-Pin', [normaliseKeyName('x-tenant-pin')]),
    ).toBe(true);
  });
});

describe('SENSITIVE_QUERY_PARAM', () => {
  it('knows OAuth codes and signatures', () => {
    for (const name of ['code', 'sig', 'X-Amz-Signature', 'access_token'])
      expect(SENSITIVE_QUERY_PARAM.test(name)).toBe(true);
    expect(SENSITIVE_QUERY_PARAM.test('page')).toBe(false);
  });
});
