import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './sealed.js';

const TOKEN = 'omnicart-test-service-token';

describe('sealed event secrets', () => {
  it('opens what it sealed, and never shows the plaintext', () => {
    const sealed = sealSecret('reset-token-123', TOKEN);
    expect(sealed).not.toContain('reset-token-123');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openSecret(sealed, TOKEN)).toBe('reset-token-123');
  });

  it('seals the same text differently each time (random IV)', () => {
    expect(sealSecret('x', TOKEN)).not.toBe(sealSecret('x', TOKEN));
  });

  it('refuses a value sealed with another service token', () => {
    expect(() => openSecret(sealSecret('secret', 'another-service-token-value'), TOKEN)).toThrow();
  });

  it('refuses a tampered or malformed value', () => {
    const sealed = sealSecret('secret', TOKEN);
    const [version, iv, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(`${version}.${iv}.${flipped.toString('base64url')}`, TOKEN)).toThrow();
    expect(() => openSecret('v2.a.b', TOKEN)).toThrow(/unknown format/);
    expect(() => openSecret('garbage', TOKEN)).toThrow(/unknown format/);
    expect(() => openSecret(`${sealed}.extra`, TOKEN)).toThrow(/unknown format/);
  });
});
