import { describe, expect, it } from 'vitest';
import { decodeExportCursor, encodeExportCursor } from './export-cursor.js';

const key = { createdAt: '2026-12-07T10:00:00.123Z', id: '3f2a9c1e-1111-4222-8333-444455556666', total: 1999 };

describe('export cursors', () => {
  it('round-trip the last order’s sort key', () => {
    expect(decodeExportCursor(encodeExportCursor('total_desc', key), 'total_desc')).toEqual(key);
  });

  it('refuse a cursor made for another sort', () => {
    expect(() => decodeExportCursor(encodeExportCursor('created_desc', key), 'total_asc')).toThrow(/continues the created_desc sort, not total_asc/);
  });

  it('refuse anything tampered with, as a validation error', () => {
    const tampered = Buffer.from(JSON.stringify(['created_desc', 'yesterday', key.id, 1]), 'utf8').toString('base64url');
    for (const cursor of ['not base64!', Buffer.from('{').toString('base64url'), tampered, Buffer.from('[1,2]').toString('base64url')]) {
      expect(() => decodeExportCursor(cursor, 'created_desc')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
