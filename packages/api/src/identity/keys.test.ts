import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, createAccessTokenVerifier } from '../runtime/auth.js';
import { createPemKeyStore, generateSigningKey } from './keys.js';

const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('createPemKeyStore (JWT_PRIVATE_KEY)', () => {
  it('publishes the public half under a thumbprint kid and signs verifiable tokens', async () => {
    const store = await createPemKeyStore(pem());
    const { kid, privateKey } = await store.current();
    const { keys } = await store.jwks();
    expect(keys).toEqual([{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid, alg: 'EdDSA', use: 'sig' }]);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const token = await new SignJWT({ email: 'a@example.com', role: 'customer' })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject('8d5f2b8e-3b7a-4f0e-9b1c-0e2f4a6b8c0d')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const verifier = createAccessTokenVerifier({ getKey: () => store.jwks() });
    expect(await verifier.verify(token)).toEqual({
      ok: true,
      user: { id: '8d5f2b8e-3b7a-4f0e-9b1c-0e2f4a6b8c0d', email: 'a@example.com', role: 'customer', staffRole: null, permissions: [] },
    });
  });

  it('derives the same kid from the same key on every instance', async () => {
    const key = pem();
    const [a, b] = await Promise.all([createPemKeyStore(key), createPemKeyStore(key)]);
    expect((await a.current()).kid).toBe((await b.current()).kid);
  });

  it('explains a key that is not a PKCS8 Ed25519 PEM', async () => {
    await expect(createPemKeyStore('not a pem')).rejects.toThrow(/JWT_PRIVATE_KEY is not a PKCS8 PEM Ed25519 private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(createPemKeyStore(rsa)).rejects.toThrow(/JWT_PRIVATE_KEY/);
  });
});

describe('generateSigningKey', () => {
  it('keeps the private part out of the public JWK', async () => {
    const key = await generateSigningKey();
    expect(key.algorithm).toBe('EdDSA');
    expect(key.privateJwk).toHaveProperty('d');
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg: 'EdDSA', use: 'sig', crv: 'Ed25519' });
  });
});
