import { PERMISSIONS } from '@omnicart/contracts';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../runtime/auth.js';
import { mergeLines, type InventoryRepository } from './repository.js';
import { reserveInput, setStockInput } from './schemas.js';
import { createInventoryService } from './service.js';

// Service logic against a repository double: error mapping, the catalog check, relay kicks.

const ADMIN: AuthUser = { id: 'a1', email: 'admin@omnicart.test', role: 'admin', staffRole: 'owner', permissions: PERMISSIONS };
const EVENT = { sku: 'A', onHand: 1, reserved: 0, available: 1, version: 2 };

function fakeRepository(overrides: Partial<InventoryRepository> = {}) {
  const calls: string[] = [];
  const repository: InventoryRepository = {
    getStock: async () => null,
    listMovements: async () => ({ items: [], nextCursor: null }),
    reserve: async (input) => ({ kind: 'created', reservation: { reservationId: input.reservationId, status: 'active', expiresAt: 'x', lines: input.lines }, changed: [EVENT] }),
    commit: async () => ({ kind: 'done', status: 'committed', changed: [EVENT] }),
    commitSales: async (ids) => ({ committed: ids.length, changed: [], shortages: [], skipped: [] }),
    release: async () => ({ kind: 'done', status: 'released', changed: [] }),
    restock: async () => ({ kind: 'not_found' }),
    sweepExpired: async () => ({ expired: 0, changed: [] }),
    listStock: async () => ({ items: [], total: 0 }),
    setStock: async (input) => {
      calls.push(`setStock:${input.createIfMissing}`);
      return input.createIfMissing ? { kind: 'done', stock: { sku: input.sku, onHand: input.onHand ?? 0, reserved: 0, available: input.onHand ?? 0 }, changed: [EVENT], audited: false } : { kind: 'unknown_sku' };
    },
    ...overrides,
  };
  return { repository, calls };
}

function service(repository: InventoryRepository, skuExists = async () => true) {
  const kicks: number[] = [];
  const svc = createInventoryService(repository, { defaultTtlSeconds: 900, skuExists, outboxWritten: () => kicks.push(1) });
  return { svc, kicks };
}

describe('inventory service', () => {
  it('merges repeated SKUs and sorts lines by SKU (the lock order)', () => {
    expect(mergeLines([{ sku: 'B', quantity: 1 }, { sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }])).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 4 },
    ]);
  });

  it('maps a shortage to INSUFFICIENT_STOCK with sku, requested and available', async () => {
    const { repository } = fakeRepository({ reserve: async () => ({ kind: 'insufficient', sku: 'A', requested: 3, available: 1 }) });
    await expect(service(repository).svc.reserve('orders', { reservationId: 'r', lines: [{ sku: 'A', quantity: 3 }] })).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { sku: 'A', requested: 3, available: 1 },
    });
  });

  it('uses the default TTL and kicks the relay only when something changed', async () => {
    let ttl = 0;
    const { repository } = fakeRepository({
      reserve: async (input) => {
        ttl = input.ttlSeconds;
        return { kind: 'existing', reservation: { reservationId: input.reservationId, status: 'active', expiresAt: 'x', lines: input.lines } };
      },
    });
    const { svc, kicks } = service(repository);
    await svc.reserve('orders', { reservationId: 'r', lines: [{ sku: 'A', quantity: 1 }] });
    expect(ttl).toBe(900);
    expect(kicks).toEqual([]);
    await svc.commit('orders', 'r');
    expect(kicks).toEqual([1]);
    await svc.release('orders', 'r', 'why');
    expect(kicks).toEqual([1]);
  });

  it('does not kick the relay when an operation wrote no outbox row (a commit of a held reservation)', async () => {
    const { repository } = fakeRepository({ commit: async () => ({ kind: 'done', status: 'committed', changed: [] }) });
    const { svc, kicks } = service(repository);
    expect(await svc.commit('orders', 'r')).toEqual({ reservationId: 'r', status: 'committed' });
    expect(kicks).toEqual([]);
  });

  it('maps missing and wrong-state reservations to NOT_FOUND and INVALID_STATE', async () => {
    const { repository } = fakeRepository({ commit: async () => ({ kind: 'invalid_state', status: 'returned' }) });
    const { svc } = service(repository);
    await expect(svc.restock('orders', 'r', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(svc.commit('orders', 'r')).rejects.toMatchObject({ code: 'INVALID_STATE', details: { status: 'returned' } });
  });

  it('asks the catalog before stocking a SKU inventory has never seen', async () => {
    const known = fakeRepository();
    expect(await service(known.repository, async () => true).svc.setStock(ADMIN, { sku: 'A', onHand: 4 })).toEqual({ sku: 'A', onHand: 4, reserved: 0, available: 4 });
    expect(known.calls).toEqual(['setStock:false', 'setStock:true']);
    const unknown = fakeRepository();
    await expect(service(unknown.repository, async () => false).svc.setStock(ADMIN, { sku: 'A', onHand: 4 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(unknown.calls).toEqual(['setStock:false']);
  });

  it('refuses onHand below the reserved units with CONFLICT', async () => {
    const { repository } = fakeRepository({ setStock: async () => ({ kind: 'below_reserved', reserved: 6 }) });
    await expect(service(repository).svc.setStock(ADMIN, { sku: 'A', onHand: 5 })).rejects.toMatchObject({ code: 'CONFLICT', details: { reserved: 6 } });
  });

  it('sweeps in batches until a batch comes back short', async () => {
    const batches = [100, 100, 7];
    const { repository } = fakeRepository({ sweepExpired: async () => ({ expired: batches.shift() ?? 0, changed: [] }) });
    expect(await service(repository).svc.sweepOnce(100)).toBe(207);
  });

  it('validates inputs: quantities, line counts, onHand bounds and reason length', () => {
    expect(reserveInput.safeParse({ reservationId: '00000000-0000-4000-8000-000000000001', lines: [{ sku: 'A', quantity: 1 }] }).success).toBe(true);
    expect(reserveInput.safeParse({ reservationId: '00000000-0000-4000-8000-000000000001', lines: [{ sku: 'A', quantity: -1 }] }).success).toBe(false);
    expect(setStockInput.safeParse({ sku: 'A', onHand: 1_000_000 }).success).toBe(true);
    expect(setStockInput.safeParse({ sku: 'A', onHand: 1_000_001 }).success).toBe(false);
    expect(setStockInput.safeParse({ sku: 'A', onHand: 1, reason: 'x'.repeat(201) }).success).toBe(false);
    expect(setStockInput.safeParse({ sku: 'bad sku', onHand: 1 }).success).toBe(false);
  });
});
