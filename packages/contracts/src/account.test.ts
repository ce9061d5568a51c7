import { describe, expect, it } from 'vitest';
import { PASSWORD_RESET_LINK_INVALID, passwordResetConfirmInput, passwordResetRequestInput, registrationInput, signInInput } from './account.js';

describe('registrationInput', () => {
  it('trims and lower-cases the email and trims the name', () => {
    expect(registrationInput.parse({ email: ' Jane@Example.COM ', password: 'long-enough', name: ' Jane ' })).toEqual({
      email: 'jane@example.com',
      password: 'long-enough',
      name: 'Jane',
      marketingOptIn: false,
    });
  });

  it('keeps an explicit marketing opt-in and refuses a non-boolean one', () => {
    expect(registrationInput.parse({ email: 'jane@example.com', password: 'long-enough', name: 'Jane', marketingOptIn: true }).marketingOptIn).toBe(true);
    expect(registrationInput.safeParse({ email: 'jane@example.com', password: 'long-enough', name: 'Jane', marketingOptIn: 'yes' }).success).toBe(false);
  });

  it('refuses a short password, a bad email and a name with control characters', () => {
    const result = registrationInput.safeParse({ email: 'jane', password: 'short', name: 'Bad\u0000Name' });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path[0]);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });
});

describe('signInInput', () => {
  it('accepts any non-empty password', () => {
    expect(signInInput.safeParse({ email: 'demo@omnicart.test', password: 'x' }).success).toBe(true);
    expect(signInInput.safeParse({ email: 'demo@omnicart.test', password: '' }).success).toBe(false);
  });
});

describe('password reset inputs', () => {
  it('normalises the email of a request', () => {
    expect(passwordResetRequestInput.parse({ email: ' Jane@Example.COM ' })).toEqual({ email: 'jane@example.com' });
  });

  it('applies the registration password policy and words an empty token as an invalid link', () => {
    expect(passwordResetConfirmInput.safeParse({ token: 'abc', password: 'long-enough' }).success).toBe(true);
    const weak = passwordResetConfirmInput.safeParse({ token: 'abc', password: 'short' });
    expect(weak.error?.issues.map((issue) => issue.message)).toEqual(['Password must be at least 8 characters']);
    const empty = passwordResetConfirmInput.safeParse({ token: '', password: 'long-enough' });
    expect(empty.error?.issues.map((issue) => issue.message)).toEqual([PASSWORD_RESET_LINK_INVALID]);
  });
});
