import { emailSchema, registrationInput } from '@omnicart/contracts';
import { describe, expect, it } from 'vitest';
import { UNSTORABLE_TEXT_WORDS, worded, wordedValue } from './wording';

describe('worded', () => {
  const email = wordedValue(emailSchema, { empty: 'Enter your email', invalid_format: 'Not an email' });

  it('parses with the shared rule (trimmed, lower-cased)', () => {
    expect(email.parse('  Jane@Example.COM ')).toBe('jane@example.com');
  });

  it('says the field’s words by issue code, and the blank word for a blank field', () => {
    expect(email.safeParse('jane').error?.issues).toEqual([expect.objectContaining({ code: 'invalid_format', message: 'Not an email', path: [] })]);
    expect(email.safeParse('   ').error?.issues[0]?.message).toBe('Enter your email');
  });

  it('keeps the rule’s own message where the app has no words, and words fields by their path', () => {
    const registration = worded(registrationInput, { name: { empty: 'Enter your name' } });
    const issues = registration.safeParse({ name: ' ', email: 'jane@example.com', password: 'short' }).error?.issues;
    expect(issues).toEqual([
      expect.objectContaining({ path: ['password'], code: 'too_small', message: 'Password must be at least 8 characters' }),
      expect.objectContaining({ path: ['name'], message: 'Enter your name' }),
    ]);
  });

  it('words the shared text rule (NUL, a lone surrogate) for shoppers on the field it concerns', () => {
    const registration = worded(registrationInput, { name: { empty: 'Enter your name', invalid: 'Not a name' } });
    for (const name of ['Jane\u0000Doe', 'Jane \uD83D']) {
      const issues = registration.safeParse({ name, email: 'jane@example.com', password: 'long-enough' }).error?.issues;
      expect(issues?.[0]).toEqual(expect.objectContaining({ path: ['name'], code: 'custom', message: UNSTORABLE_TEXT_WORDS }));
    }
  });
});
