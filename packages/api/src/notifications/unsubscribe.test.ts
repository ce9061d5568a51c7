import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe.js';

const key = unsubscribeKey(undefined, 'omnicart-test-service-token');
const userId = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';

describe('unsubscribe tokens', () => {
  it('verifies what it signed', () => {
    const token = signUnsubscribeToken(key, { userId, version: 3 });
    expect(verifyUnsubscribeToken(key, token)).toEqual({ userId, version: 3 });
  });

  it('refuses forged, altered and malformed tokens', () => {
    const token = signUnsubscribeToken(key, { userId, version: 1 });
    const other = unsubscribeKey(undefined, 'another-service-token-value');
    expect(verifyUnsubscribeToken(other, token)).toBeNull();
    expect(verifyUnsubscribeToken(key, token.replace('.1.', '.2.'))).toBeNull();
    expect(verifyUnsubscribeToken(key, token.replace(userId, '4f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11'))).toBeNull();
    expect(verifyUnsubscribeToken(key, `${token}x`)).toBeNull();
    for (const bad of ['', 'u1', 'u1.a.b.c', `u2.${userId}.1.sig`, `u1.${userId}.0.sig`, `u1.${userId}.-1.sig`]) expect(verifyUnsubscribeToken(key, bad)).toBeNull();
  });

  it('uses an explicit secret when one is set', () => {
    const explicit = unsubscribeKey('a-long-explicit-secret-value', 'omnicart-test-service-token');
    const token = signUnsubscribeToken(explicit, { userId, version: 1 });
    expect(verifyUnsubscribeToken(explicit, token)).not.toBeNull();
    expect(verifyUnsubscribeToken(key, token)).toBeNull();
  });
});
