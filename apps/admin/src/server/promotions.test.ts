import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminContext } from './context';

const context = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('./context', () => ({ getAdminContext: async () => context.current }));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));
const redirected = vi.hoisted(() => ({ to: '' }));
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    redirected.to = to;
    throw new Error('NEXT_REDIRECT');
  },
}));

const { findProducts, generatePromotionCodes, savePromotion, setPromotionActive } = await import('./promotion-actions');
const { productLabels, promotionCodesCsvResponse } = await import('./promotions');

const ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const BATCH = '0193b7a4-5c2e-7d10-9a4b-3c1f2e0d9a87';
const PRODUCT = '9b4d2e3f-6a71-4c8b-9d0e-1f2a3b4c5d6e';
const IDLE = { status: 'idle' } as const;

/** A service's refusal as the gateway client throws it (status and message). */
const refusal = (httpStatus: number, message: string) => new TRPCClientError(message, { result: { error: { message, code: -32600, data: { httpStatus } } } } as never);

function signedIn(permissions: string[], api: Record<string, unknown>) {
  context.current = { user: { id: 'staff' }, staff: { staffRole: 'marketing', roleLabel: 'Marketing', permissions }, api } as unknown as AdminContext;
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

const WRITE = ['discounts:read', 'discounts:write', 'products:read'];

describe('savePromotion', () => {
  beforeEach(() => {
    context.current = null;
    redirected.to = '';
  });

  it('creates a 15 % code and goes to its page', async () => {
    const create = vi.fn(async () => ({ id: ID }));
    signedIn(WRITE, { promotions: { create: { mutate: create } } });
    await expect(savePromotion(IDLE, form({ kind: 'code', name: 'Summer', discountType: 'percent', percentOff: '15', scope: 'order', code: 'summer15', usageLimit: '100' }))).rejects.toThrow('NEXT_REDIRECT');
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ kind: 'code', discountType: 'percent', percentOff: 15, code: 'SUMMER15', usageLimit: 100, perCustomerLimit: null }));
    expect(redirected.to).toBe(`/promotions/${ID}?created=1`);
  });

  it('refuses without discounts:write, before asking the API', async () => {
    const create = vi.fn();
    signedIn(['discounts:read'], { promotions: { create: { mutate: create } } });
    expect(await savePromotion(IDLE, form({ name: 'Summer', percentOff: '15' }))).toMatchObject({ status: 'error', message: "You don't have permission to create this promotion." });
    expect(create).not.toHaveBeenCalled();
  });

  it('shows its own field errors without calling the API, keeping what was typed', async () => {
    const create = vi.fn();
    signedIn(WRITE, { promotions: { create: { mutate: create } } });
    const state = await savePromotion(IDLE, form({ name: 'Summer', discountType: 'percent', percentOff: '150' }));
    expect(state).toMatchObject({ status: 'error', fieldErrors: { percentOff: expect.any(String) }, values: { percentOff: '150' } });
    expect(create).not.toHaveBeenCalled();
  });

  it('puts the API’s 409 for a taken code beside the code field', async () => {
    const taken = 'The code SUMMER15 already exists; choose another';
    signedIn(WRITE, { promotions: { create: { mutate: async () => Promise.reject(refusal(409, taken)) } } });
    expect(await savePromotion(IDLE, form({ name: 'Summer', percentOff: '15', code: 'SUMMER15' }))).toMatchObject({ status: 'error', message: 'Check the highlighted fields.', fieldErrors: { code: taken } });
  });

  it('puts the API’s 400 beside its field on an update', async () => {
    signedIn(WRITE, { promotions: { update: { mutate: async () => Promise.reject(refusal(400, 'usageLimit: 3 uses are already taken; the limit cannot be lower')) } } });
    expect(await savePromotion(IDLE, form({ id: ID, kind: 'code', name: 'Summer', percentOff: '15', usageLimit: '2' }))).toMatchObject({
      status: 'error',
      fieldErrors: { usageLimit: '3 uses are already taken; the limit cannot be lower' },
    });
  });

  it('says a conflict that names no field in the form’s message', async () => {
    const raced = 'The promotion was changed at the same time; reload it and try again';
    signedIn(WRITE, { promotions: { update: { mutate: async () => Promise.reject(refusal(409, raced)) } } });
    expect(await savePromotion(IDLE, form({ id: ID, name: 'Summer', percentOff: '15' }))).toMatchObject({ status: 'error', message: `Could not save this promotion: ${raced}`, fieldErrors: {} });
  });

  it('says the service did not answer on an outage (no 500 text)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    signedIn(WRITE, { promotions: { create: { mutate: async () => Promise.reject(new Error('connect ECONNREFUSED')) } } });
    expect(await savePromotion(IDLE, form({ name: 'Summer', percentOff: '15' }))).toMatchObject({ status: 'error', message: expect.stringMatching(/did not answer/) });
  });
});

describe('setPromotionActive and generatePromotionCodes', () => {
  beforeEach(() => {
    context.current = null;
  });

  it('deactivates with active: false', async () => {
    const update = vi.fn(async () => ({ id: ID }));
    signedIn(WRITE, { promotions: { update: { mutate: update } } });
    expect(await setPromotionActive(IDLE, form({ id: ID, active: '0' }))).toMatchObject({ status: 'done', message: expect.stringMatching(/^Deactivated/) });
    expect(update).toHaveBeenCalledWith({ id: ID, active: false });
  });

  it('answers the new batch', async () => {
    const generate = vi.fn(async () => ({ batchId: BATCH, count: 2, codes: ['XMAS-AAAAAAAAAA', 'XMAS-BBBBBBBBBB'] }));
    signedIn(WRITE, { promotions: { generateCodes: { mutate: generate } } });
    expect(await generatePromotionCodes(IDLE, form({ id: ID, count: '2', prefix: 'xmas' }))).toMatchObject({ status: 'done', batch: { batchId: BATCH, codes: ['XMAS-AAAAAAAAAA', 'XMAS-BBBBBBBBBB'] } });
    expect(generate).toHaveBeenCalledWith({ id: ID, count: 2, prefix: 'XMAS' });
  });

  it('shows the API’s refusal of an automatic promotion’s codes', async () => {
    signedIn(WRITE, { promotions: { generateCodes: { mutate: async () => Promise.reject(refusal(400, 'An automatic promotion has no codes')) } } });
    expect(await generatePromotionCodes(IDLE, form({ id: ID, count: '2', prefix: '' }))).toMatchObject({ status: 'error', message: 'Could not generate codes: An automatic promotion has no codes' });
  });
});

describe('the codes CSV download', () => {
  const request = (query = '') => new Request(`http://admin.test/promotions/${ID}/codes.csv${query}`);

  it('hands promotions’ CSV out as an attachment with its file name', async () => {
    const exportCodes = vi.fn(async () => ({ filename: 'promotion-summer-codes.csv', contentType: 'text/csv' as const, csv: 'code,batch_id,usage_limit,used,created_at\r\nSUMMER15,,,0,2026-12-01\r\n' }));
    signedIn(['discounts:read'], { promotions: { exportCodes: { query: exportCodes } } });
    const response = await promotionCodesCsvResponse(request(`?batchId=${BATCH}`), ID);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="promotion-summer-codes.csv"');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await response.text()).toContain('SUMMER15');
    expect(exportCodes).toHaveBeenCalledWith({ id: ID, batchId: BATCH });
  });

  it('answers 403 without discounts:read and 401 signed out, without asking the API', async () => {
    const exportCodes = vi.fn();
    signedIn(['orders:read'], { promotions: { exportCodes: { query: exportCodes } } });
    expect((await promotionCodesCsvResponse(request(), ID)).status).toBe(403);
    context.current = { user: null, staff: null, api: {} };
    expect((await promotionCodesCsvResponse(request(), ID)).status).toBe(401);
    expect(exportCodes).not.toHaveBeenCalled();
  });

  it('answers 404 for a malformed id or an unknown promotion', async () => {
    signedIn(['discounts:read'], { promotions: { exportCodes: { query: async () => Promise.reject(refusal(404, 'Promotion not found')) } } });
    expect((await promotionCodesCsvResponse(request(), 'nope')).status).toBe(404);
    expect((await promotionCodesCsvResponse(request(), ID)).status).toBe(404);
  });
});

describe('products for the picker', () => {
  beforeEach(() => {
    context.current = null;
  });

  it('searches the catalog by name, SKU or brand', async () => {
    const search = vi.fn(async () => ({ items: [{ id: PRODUCT, name: 'Sonora speaker', sku: 'SON-1' }], total: 1, page: 1, pageSize: 10 }));
    signedIn(WRITE, { catalog: { search: { query: search } } });
    expect(await findProducts(' son ')).toEqual({ ok: true, items: [{ id: PRODUCT, name: 'Sonora speaker', sku: 'SON-1' }] });
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ q: 'son', pageSize: 10 }));
  });

  it('labels chosen products, keeping the id of one the catalog does not list', async () => {
    const other = '1b4d2e3f-6a71-4c8b-9d0e-1f2a3b4c5d6e';
    const api = { catalog: { byIds: { query: async () => ({ items: [{ id: PRODUCT, name: 'Sonora speaker', sku: 'SON-1' }] }) } } };
    expect(await productLabels(api as never, [PRODUCT, other])).toEqual([
      { id: PRODUCT, label: 'Sonora speaker (SON-1)' },
      { id: other, label: `Product ${other} (not listed in the shop)` },
    ]);
  });
});
