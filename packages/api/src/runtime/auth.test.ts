import { describe, expect, it } from 'vitest';
import { createTestKeys } from '../testing/fakes.js';

describe('access token verifier', () => {
  it('accepts a valid token, also from its cache, and rejects tampered and expired ones', async () => {
    const keys = await createTestKeys();
    const user = { id: 'u1', email: 'demo@omnicart.test', role: 'customer' as const };
    const token = await keys.sign(user, { expiresIn: '2s' });
    expect(await keys.verifier.verify(token)).toEqual({ ok: true, user });
    expect(await keys.verifier.verify(token)).toEqual({ ok: true, user });
    expect(await keys.verifier.verify(`${token.slice(0, -2)}xx`)).toEqual({ ok: false, reason: 'Access token is invalid' });
    const expired = await keys.sign(user, { expiresIn: Math.floor(Date.now() / 1000) - 1 });
    expect(await keys.verifier.verify(expired)).toEqual({ ok: false, reason: 'Access token has expired' });
    const wrongIssuer = await keys.sign(user, { issuer: 'someone-else' });
    expect((await keys.verifier.verify(wrongIssuer)).ok).toBe(false);
  });

  it('stops accepting a cached token once it expires', async () => {
    const keys = await createTestKeys();
    const token = await keys.sign({ id: 'u1', email: 'a@b.c', role: 'admin' }, { expiresIn: Math.floor(Date.now() / 1000) + 1 });
    expect((await keys.verifier.verify(token)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await keys.verifier.verify(token)).toEqual({ ok: false, reason: 'Access token has expired' });
  });
});
