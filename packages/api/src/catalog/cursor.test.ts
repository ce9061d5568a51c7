import { describe, expect, it } from 'vitest';
import { DomainError } from '../runtime/errors.js';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor.js';

const ID = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';

describe('cursor', () => {
  it('round-trips every sort key type through an opaque base64url string', () => {
    const positions: CursorPosition[] = [
      { sort: 'price_asc', filters: 'abc', key: 12999, id: ID },
      { sort: 'price_desc', filters: 'abc', key: 1, id: ID },
      { sort: 'relevance', filters: 'abc.t', key: 0.30000001192092896, id: ID },
      { sort: 'newest', filters: 'x', key: '2026-01-01T12:00:00.123000Z', id: ID },
      { sort: 'name', filters: 'x', key: 'Sonora "Quoted" Name – ünicode', id: ID },
    ];
    for (const position of positions) {
      const cursor = encodeCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual(position);
    }
  });

  it('keeps float relevance keys exact', () => {
    const key = 0.1 + 0.2;
    expect(decodeCursor(encodeCursor({ sort: 'relevance', filters: 'f', key, id: ID })).key).toBe(key);
  });

  it.each([
    ['garbage characters', 'not a cursor!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ['unknown sort', Buffer.from(JSON.stringify(['cheapest', 'f', 1, ID])).toString('base64url')],
    ['bad id', Buffer.from(JSON.stringify(['price_asc', 'f', 1, 'not-a-uuid'])).toString('base64url')],
    ['string key for a price sort', Buffer.from(JSON.stringify(['price_asc', 'f', '1', ID])).toString('base64url')],
    ['number key for a name sort', Buffer.from(JSON.stringify(['name', 'f', 1, ID])).toString('base64url')],
    ['bad date for newest', Buffer.from(JSON.stringify(['newest', 'f', 'yesterday', ID])).toString('base64url')],
    ['empty', ''],
  ])('refuses a malformed cursor (%s) with VALIDATION_FAILED', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(DomainError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).message).toMatch(/^cursor: /);
    }
  });
});
