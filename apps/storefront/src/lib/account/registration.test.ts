import { describe, expect, it } from 'vitest';
import { PASSWORDS_DIFFER, registrationSchema, validatePasswordReset, validatePasswordResetRequest, validateProfile, validateRegistration, validateSignIn } from './registration';

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

describe('registrationSchema', () => {
  it('sends no marketing unless the shopper ticks the box', () => {
    expect(registrationSchema.parse({ name: 'Jane', email: 'jane@example.com', password: 'long-enough' }).marketingOptIn).toBe(false);
    expect(registrationSchema.parse({ name: 'Jane', email: 'jane@example.com', password: 'long-enough', marketingOptIn: true }).marketingOptIn).toBe(true);
  });
});

describe('validatePasswordResetRequest', () => {
  it('needs an email that looks like one', () => {
    expect(validatePasswordResetRequest({ email: ' Jane@Example.com ' })).toEqual({ errors: {}, first: undefined });
    expect(validatePasswordResetRequest({ email: '' })).toEqual({ errors: { email: 'Enter your email address' }, first: 'email' });
    expect(validatePasswordResetRequest({ email: 'jane@' }).errors).toEqual({ email: 'Enter a valid email address, like name@example.com' });
  });
});

describe('validatePasswordReset', () => {
  const token = 'Zr4bT0qk3V9mXe1s8uWc5yH2aB7nE0fG6iL1oQ3pR9d';

  it('accepts a long-enough password typed twice the same', () => {
    expect(validatePasswordReset({ token, password: 'long-enough', confirmPassword: 'long-enough' })).toEqual({ errors: {}, first: undefined });
  });

  it('applies the registration policy and points at the password first', () => {
    expect(validatePasswordReset({ token, password: 'short', confirmPassword: 'short' })).toEqual({
      errors: { password: 'Password must be at least 8 characters' },
      first: 'password',
    });
    expect(validatePasswordReset({ token, password: '', confirmPassword: '' })).toEqual({
      errors: { password: 'Enter a new password', confirmPassword: 'Enter the new password again' },
      first: 'password',
    });
  });

  it('says when the confirmation differs', () => {
    expect(validatePasswordReset({ token, password: 'long-enough', confirmPassword: 'long-enougH' })).toEqual({
      errors: { confirmPassword: PASSWORDS_DIFFER },
      first: 'confirmPassword',
    });
  });
});
