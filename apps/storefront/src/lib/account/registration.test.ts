import { describe, expect, it } from 'vitest';
import { validateProfile, validateRegistration, validateSignIn } from './registration';

describe('validateRegistration', () => {
  it('accepts a complete registration', () => {
    expect(validateRegistration({ name: 'Jane', email: 'jane@example.com', password: 'long-enough' })).toEqual({ errors: {}, first: undefined });
  });
  it('explains each field and points at the first', () => {
    const result = validateRegistration({ name: ' ', email: 'jane', password: 'short' });
    expect(result.errors).toEqual({
      name: 'Enter your full name',
      email: 'Enter a valid email address, like name@example.com',
      password: 'Password must be at least 8 characters',
    });
    expect(result.first).toBe('name');
  });
});

describe('validateProfile', () => {
  it('needs a name and a valid email', () => {
    expect(validateProfile({ name: 'Jane', email: 'jane@example.com' }).first).toBeUndefined();
    expect(validateProfile({ name: 'Jane', email: '' }).errors).toEqual({ email: 'Enter your email address' });
  });
});

describe('validateSignIn', () => {
  it('needs an email that looks like one and a password', () => {
    expect(validateSignIn({ email: ' demo@omnicart.test ', password: 'x' })).toEqual({ errors: {}, first: undefined });
    expect(validateSignIn({ email: '', password: '' })).toEqual({
      errors: { email: 'Enter your email address', password: 'Enter your password' },
      first: 'email',
    });
    expect(validateSignIn({ email: 'demo@omnicart', password: 'x' }).errors).toEqual({ email: 'Enter a valid email address, like name@example.com' });
  });
});
