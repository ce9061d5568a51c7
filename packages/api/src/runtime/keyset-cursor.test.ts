import { describe, expect, it } from 'vitest';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

const id = '3f2a9c1e-1111-4222-8333-444455556666';
const raw = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

describe('keyset cursors', () => {
  it('round-trip the sort key parts, typed by kind', () => {
    const parts: [string, string, number] = ['2026-12-07T10:00:00.123Z', id, 1999];
    expect(decodeKeysetCursor(encodeKeysetCursor('total_desc', parts), 'total_desc', ['timestamp', 'uuid', 'int'])).toEqual(parts);
    expect(decodeKeysetCursor(encodeKeysetCursor('name_asc', ['Zoë “Z” O’Neil', id]), 'name_asc', ['text', 'uuid'])).toEqual(['Zoë “Z” O’Neil', id]);
  });

  it('refuse a cursor made for another sort, naming both', () => {
    expect(() => decodeKeysetCursor(encodeKeysetCursor('created_desc', ['2026-12-07T10:00:00.000Z', id]), 'name_asc', ['text', 'uuid'])).toThrow(
      /after: the cursor continues the created_desc sort, not name_asc/,
    );
  });

  it('refuse anything malformed or tampered with, as a validation error', () => {
    const kinds = ['timestamp', 'uuid'] as const;
    const cursors = [
      'not base64!',
      '',
      Buffer.from('{').toString('base64url'),
      raw({ sort: 'created_desc' }),
      raw([]),
      raw([42, '2026-12-07T10:00:00.000Z', id]),
      raw(['created_desc', 'yesterday', id]),
      raw(['created_desc', '2026-12-07T10:00:00.000Z', 'not-a-uuid']),
      raw(['created_desc', '2026-12-07T10:00:00.000Z']),
      raw(['created_desc', '2026-12-07T10:00:00.000Z', id, 'extra']),
    ];
    for (const cursor of cursors) {
      expect(() => decodeKeysetCursor(cursor, 'created_desc', kinds), cursor).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    for (const bad of [-1, 1.5, '12']) {
      expect(() => decodeKeysetCursor(raw(['total_asc', bad]), 'total_asc', ['int'])).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
