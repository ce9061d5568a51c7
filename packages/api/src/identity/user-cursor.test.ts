import { describe, expect, it } from 'vitest';
import { decodeUserCursor, encodeUserCursor } from './service.js';

const user = { id: '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11', name: 'Jane Doe', email: 'jane@example.com', createdAt: new Date('2026-01-15T09:30:00.123Z') };

describe('customer export cursors', () => {
  it('carry the sort’s own key: the creation time, the name or the e-mail, and the id', () => {
    expect(decodeUserCursor(encodeUserCursor('created_desc', user), 'created_desc')).toEqual({ createdAt: user.createdAt, id: user.id });
    expect(decodeUserCursor(encodeUserCursor('created_asc', user), 'created_asc')).toEqual({ createdAt: user.createdAt, id: user.id });
    expect(decodeUserCursor(encodeUserCursor('name_asc', user), 'name_asc')).toEqual({ name: 'Jane Doe', id: user.id });
    expect(decodeUserCursor(encodeUserCursor('email_asc', user), 'email_asc')).toEqual({ email: 'jane@example.com', id: user.id });
  });

  it('refuse another sort’s cursor and a tampered one (400)', () => {
    expect(() => decodeUserCursor(encodeUserCursor('name_asc', user), 'email_asc')).toThrow(/continues the name_asc sort, not email_asc/);
    const tampered = Buffer.from(JSON.stringify(['created_desc', 'Jane Doe', user.id])).toString('base64url');
    expect(() => decodeUserCursor(tampered, 'created_desc')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
