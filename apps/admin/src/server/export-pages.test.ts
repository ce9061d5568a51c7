import { describe, expect, it } from 'vitest';
import { auditPages } from './audit';
import { customerPages } from './customers';
import type { Services } from './services';

/** A fake export procedure: three pages linked by cursors, recording what it was asked. */
function keysetPages<T>(pages: T[][]) {
  const asked: Record<string, unknown>[] = [];
  const query = async (input: Record<string, unknown>) => {
    asked.push(input);
    const index = input.after ? Number(String(input.after).slice('cursor-'.length)) : 0;
    return { items: pages[index] ?? [], nextCursor: index + 1 < pages.length ? `cursor-${index + 1}` : null };
  };
  return { asked, query };
}

async function all<T>(pages: AsyncGenerator<T[]>): Promise<T[][]> {
  const read: T[][] = [];
  for await (const page of pages) read.push(page);
  return read;
}

describe('the CSV exports walk the keyset pages', () => {
  it('customers: identity.exportUsers with the list’s filters, 500 a page, following nextCursor to the end', async () => {
    const fake = keysetPages([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }], []]);
    const api = { identity: { exportUsers: { query: fake.query } } } as unknown as Services;
    expect(await all(customerPages(api, { q: 'jane', disabled: 'yes', sort: 'name_asc' }))).toEqual([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }]]);
    expect(fake.asked).toEqual([
      { q: 'jane', disabled: true, sort: 'name_asc', limit: 500 },
      { q: 'jane', disabled: true, sort: 'name_asc', limit: 500, after: 'cursor-1' },
      { q: 'jane', disabled: true, sort: 'name_asc', limit: 500, after: 'cursor-2' },
    ]);
  });

  it('audit: audit.export with the log’s filters, and stops after maxPages', async () => {
    const fake = keysetPages([[{ id: '1' }], [{ id: '2' }], [{ id: '3' }]]);
    const api = { audit: { export: { query: fake.query } } } as unknown as Services;
    expect(await all(auditPages(api, { entityType: 'stock', from: '2026-12-01' }, 2))).toEqual([[{ id: '1' }], [{ id: '2' }]]);
    expect(fake.asked).toEqual([
      { entityType: 'stock', from: '2026-12-01', limit: 500 },
      { entityType: 'stock', from: '2026-12-01', limit: 500, after: 'cursor-1' },
    ]);
  });
});
