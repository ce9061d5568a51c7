import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type { IdentityRepository, SigningKeyRecord } from './repository.js';

/** Access tokens are signed with Ed25519 (JWS alg "EdDSA"). */
export const SIGNING_ALGORITHM = 'EdDSA';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface SigningKeyStore {
  /** The key new access tokens are signed with. */
  current(): Promise<SigningKey>;
  /** Every public key a valid access token may name (published at /.well-known/jwks.json). */
  jwks(): Promise<JSONWebKeySet>;
}

function publicPart(jwk: JWK): JWK {
  const { kty, crv, x } = jwk;
  return { kty, crv, x } as JWK;
}

async function describe(privateJwk: JWK): Promise<{ kid: string; publicJwk: JWK }> {
  const publicJwk = publicPart(privateJwk);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk: { ...publicJwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/** A fresh Ed25519 key as JWKs, kid = RFC 7638 thumbprint. */
export async function generateSigningKey(): Promise<{ kid: string; algorithm: string; privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const { kid, publicJwk } = await describe(privateJwk);
  return { kid, algorithm: SIGNING_ALGORITHM, privateJwk: { ...privateJwk, kid, alg: SIGNING_ALGORITHM }, publicJwk };
}

/** Production: one key from JWT_PRIVATE_KEY (PKCS8 PEM). */
export async function createPemKeyStore(pem: string): Promise<SigningKeyStore> {
  let privateKey: CryptoKey;
  try {
    privateKey = await importPKCS8(pem, SIGNING_ALGORITHM, { extractable: true });
  } catch (error) {
    throw new Error(`JWT_PRIVATE_KEY is not a PKCS8 PEM Ed25519 private key: ${(error as Error).message}`);
  }
  const { kid, publicJwk } = await describe(await exportJWK(privateKey));
  const signing: SigningKey = { kid, privateKey };
  const set: JSONWebKeySet = { keys: [publicJwk] };
  return { current: async () => signing, jwks: async () => set };
}

/**
 * Development: the newest non-retired key of identity.signing_keys, created on first start, so
 * restarts and several identity instances share it. The published set is re-read now and then
 * so keys added or retired elsewhere show up.
 */
export async function createDatabaseKeyStore(
  repository: IdentityRepository,
  options: { refreshIntervalMs?: number } = {},
): Promise<SigningKeyStore> {
  const refreshIntervalMs = options.refreshIntervalMs ?? 60_000;
  const toSigning = async (record: SigningKeyRecord): Promise<SigningKey> => ({
    kid: record.kid,
    privateKey: (await importJWK(record.privateJwk as JWK, SIGNING_ALGORITHM)) as CryptoKey,
  });

  let signing = await toSigning(await repository.ensureSigningKey(generateSigningKey));
  let published: { set: JSONWebKeySet; loadedAt: number } | undefined;
  let loading: Promise<JSONWebKeySet> | undefined;

  const load = async (): Promise<JSONWebKeySet> => {
    const records = await repository.activeSigningKeys();
    const newest = records[0];
    if (newest && !records.some((record) => record.kid === signing.kid)) signing = await toSigning(newest);
    const set: JSONWebKeySet = { keys: records.map((record) => record.publicJwk as JWK) };
    published = { set, loadedAt: Date.now() };
    return set;
  };

  return {
    async current() {
      return signing;
    },
    async jwks() {
      if (published && Date.now() - published.loadedAt < refreshIntervalMs) return published.set;
      loading ??= load().finally(() => {
        loading = undefined;
      });
      return loading;
    },
  };
}
