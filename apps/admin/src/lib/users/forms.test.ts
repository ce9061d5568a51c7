import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../forms';
import { acceptForm, invitationLink, inviteForm } from './forms';

describe('staff forms', () => {
  it('accepts an invitation with an email, a name and a staff role', () => {
    expect(inviteForm.parse({ email: ' Sam@Example.com ', name: ' Sam ', staffRole: 'order_manager' })).toEqual({ email: 'sam@example.com', name: 'Sam', staffRole: 'order_manager' });
  });

  it('refuses an invitation without a valid email, a name or a known role, each beside its field', () => {
    const result = inviteForm.safeParse({ email: 'nope', name: '', staffRole: 'customer' });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toEqual({ email: 'Enter a valid email address, like name@example.com', name: 'Enter their name', staffRole: 'Choose a role' });
  });

  it('asks for the password twice and at least 8 characters', () => {
    expect(fieldErrorsOf(acceptForm.safeParse({ password: 'short', confirm: 'short' }).error!)).toEqual({ password: 'Password must be at least 8 characters' });
    expect(fieldErrorsOf(acceptForm.safeParse({ password: 'long-enough-1', confirm: 'long-enough-2' }).error!)).toEqual({ confirm: 'The two passwords are not the same' });
    expect(acceptForm.safeParse({ password: 'long-enough-1', confirm: 'long-enough-1' }).success).toBe(true);
  });

  it('builds the link from the admin URL and the token', () => {
    expect(invitationLink('https://admin.example.com/', 'abc_DEF-123')).toBe('https://admin.example.com/invitation/abc_DEF-123');
  });
});
