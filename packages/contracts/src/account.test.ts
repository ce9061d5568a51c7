import { describe, expect, it } from 'vitest';
import { registrationInput, signInInput } from './account.js';

describe('registrationInput', () => {
  it('trims and lower-cases the email and trims the name', () => {
    expect(registrationInput.parse({ email: ' Jane@Example.COM ', password: 'long-enough', name: ' Jane ' })).toEqual({
      email: 'jane@example.com',
      password: 'long-enough',
      name: 'Jane',
    });
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
