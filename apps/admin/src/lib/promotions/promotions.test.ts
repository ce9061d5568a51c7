import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROMOTION_FORM,
  codesCsvFileName,
  codesPageOf,
  createInputOf,
  fieldErrorsOfMessage,
  formValuesOfPromotion,
  generateInputOf,
  idList,
  localDateTime,
  percentOf,
  promotionFormValues,
  promotionListParams,
  promotionListQuery,
  updateInputOf,
  usedOfLimit,
  type PromotionFormValues,
} from './forms';
import type { Promotion } from './types';

const ID = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const CATEGORY = '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d';
const PRODUCT = '9b4d2e3f-6a71-4c8b-9d0e-1f2a3b4c5d6e';
const form = (values: Partial<PromotionFormValues>): PromotionFormValues => ({ ...EMPTY_PROMOTION_FORM, name: 'Summer', ...values });

const promotion: Promotion = {
  id: ID,
  kind: 'code',
  name: 'Summer 15 % off',
  discountType: 'fixed',
  percentOff: null,
  amountOff: 1050,
  scope: 'products',
  categoryIds: [],
  productIds: [PRODUCT],
  minSubtotal: 5000,
  startsAt: '2026-12-24T05:00:00.000Z',
  endsAt: null,
  usageLimit: 500,
  perCustomerLimit: 1,
  used: 3,
  active: true,
  state: 'scheduled',
  code: 'SUMMER15',
  codeCount: 1,
  label: '$10.50 off',
  stats: { redemptions: 2, reserved: 1, revenue: 12_000, discountCost: 2100 },
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('percentage and times as the API takes them', () => {
  it('takes 0.01–100 with at most two decimals, like promotions', () => {
    expect(percentOf('15')).toBe(15);
    expect(percentOf('12.5')).toBe(12.5);
    expect(percentOf('0.01')).toBe(0.01);
    expect(percentOf('100')).toBe(100);
    expect(percentOf('15 %')).toBe(15);
    for (const bad of ['0', '0.001', '100.01', '150', '12.345', '-5', 'ten', '']) expect(percentOf(bad), bad).toBeUndefined();
  });

  it('reads a datetime-local value only when it names a real day and time', () => {
    expect(localDateTime('2026-12-24T09:00')).toBe('2026-12-24T09:00');
    expect(localDateTime('2026-02-30T09:00')).toBeUndefined();
    expect(localDateTime('2026-12-24T24:00')).toBeUndefined();
    expect(localDateTime('2026-12-24T09:00Z')).toBeUndefined();
    expect(localDateTime('tomorrow')).toBeUndefined();
  });

  it('keeps valid ids once each, in order', () => {
    expect(idList([`${PRODUCT},${CATEGORY}`, PRODUCT, 'nope'])).toEqual([PRODUCT, CATEGORY]);
  });
});

describe('createInputOf', () => {
  it('sends a percentage code with its shared code upper-cased and no limits as null', () => {
    expect(createInputOf(form({ percentOff: '15', code: ' summer15 ' }), 'America/New_York')).toEqual({
      input: {
        kind: 'code',
        name: 'Summer',
        discountType: 'percent',
        percentOff: 15,
        scope: 'order',
        categoryIds: [],
        productIds: [],
        minSubtotal: 0,
        startsAt: null,
        endsAt: null,
        usageLimit: null,
        perCustomerLimit: null,
        code: 'SUMMER15',
      },
    });
  });

  it('converts dollars to cents without float rounding (fixed amount, minimum subtotal)', () => {
    const parsed = createInputOf(form({ discountType: 'fixed', amountOff: '4.99', minSubtotal: '$1,234.5' }), 'America/New_York');
    expect(parsed).toMatchObject({ input: { amountOff: 499, minSubtotal: 123_450 } });
    expect('input' in parsed && 'percentOff' in parsed.input).toBe(false);
  });

  it('sends free shipping with neither percentOff nor amountOff', () => {
    const parsed = createInputOf(form({ discountType: 'free_shipping', percentOff: '15', amountOff: '3' }), 'America/New_York');
    expect('input' in parsed && parsed.input).toMatchObject({ discountType: 'free_shipping' });
    expect('input' in parsed && ('percentOff' in parsed.input || 'amountOff' in parsed.input)).toBe(false);
  });

  it('sends the store-local times as instants of the zone the form showed, and the scope’s ids only', () => {
    const parsed = createInputOf(form({ percentOff: '10', scope: 'categories', categoryIds: CATEGORY, productIds: PRODUCT, startsAt: '2026-12-24T00:00', endsAt: '2027-07-02T00:00' }), 'America/New_York');
    expect(parsed).toMatchObject({ input: { scope: 'categories', categoryIds: [CATEGORY], productIds: [], startsAt: '2026-12-24T05:00:00.000Z', endsAt: '2027-07-02T04:00:00.000Z' } });
    const berlin = createInputOf(form({ percentOff: '10', startsAt: '2026-12-24T00:00' }), 'Europe/Berlin');
    expect(berlin).toMatchObject({ input: { startsAt: '2026-12-23T23:00:00.000Z' } });
  });

  it('never sends a code for an automatic promotion', () => {
    const parsed = createInputOf(form({ kind: 'automatic', percentOff: '10', code: 'IGNORED' }), 'America/New_York');
    expect('input' in parsed && 'code' in parsed.input).toBe(false);
  });

  it('refuses each bad field on its own field, before asking the API', () => {
    const parsed = createInputOf(
      form({
        name: ' ',
        percentOff: '150',
        scope: 'products',
        minSubtotal: 'lots',
        startsAt: '2026-12-24T10:00',
        endsAt: '2026-12-24T09:00',
        usageLimit: '0',
        perCustomerLimit: '1.5',
        code: 'no spaces',
      }),
      'America/New_York',
    );
    expect(parsed).toEqual({
      fieldErrors: {
        name: 'Name is required',
        percentOff: expect.stringMatching(/0\.01 to 100/),
        productIds: 'Choose at least one product',
        minSubtotal: expect.stringMatching(/dollars/),
        endsAt: 'The end must be after the start',
        usageLimit: expect.stringMatching(/whole number/),
        perCustomerLimit: expect.stringMatching(/whole number/),
        code: expect.stringMatching(/letters, digits/),
      },
    });
    expect(createInputOf(form({ discountType: 'fixed', amountOff: '0' }), 'America/New_York')).toEqual({ fieldErrors: { amountOff: expect.stringMatching(/at least \$0\.01/) } });
    expect(createInputOf(form({ percentOff: '10', scope: 'categories' }), 'America/New_York')).toEqual({ fieldErrors: { categoryIds: 'Choose at least one category' } });
  });
});

describe('editing', () => {
  it('shows a saved promotion in the form: cents as dollars, instants on the store’s clock', () => {
    const values = formValuesOfPromotion(promotion, 'America/New_York');
    expect(values).toMatchObject({ amountOff: '10.50', minSubtotal: '50.00', productIds: PRODUCT, startsAt: '2026-12-24T00:00', startsAtWas: '2026-12-24T00:00', endsAt: '', usageLimit: '500', perCustomerLimit: '1', code: 'SUMMER15' });
  });

  it('sends neither the kind, the type nor the code, and an unchanged time not again', () => {
    const values = formValuesOfPromotion(promotion, 'America/New_York');
    const parsed = updateInputOf(ID, values, 'America/New_York');
    expect(parsed).toEqual({
      input: { id: ID, name: 'Summer 15 % off', amountOff: 1050, scope: 'products', categoryIds: [], productIds: [PRODUCT], minSubtotal: 5000, usageLimit: 500, perCustomerLimit: 1 },
    });
  });

  it('sends a changed or cleared time (null clears it)', () => {
    const values = formValuesOfPromotion(promotion, 'America/New_York');
    expect(updateInputOf(ID, { ...values, startsAt: '' }, 'America/New_York')).toMatchObject({ input: { startsAt: null } });
    expect(updateInputOf(ID, { ...values, endsAt: '2027-01-01T00:00' }, 'America/New_York')).toMatchObject({ input: { endsAt: '2027-01-01T05:00:00.000Z' } });
  });

  it("reads the form's fields back (repeated ids, unknown choices fall back)", () => {
    const data = new FormData();
    data.set('name', 'X');
    data.set('kind', 'bogus');
    data.set('scope', 'products');
    data.append('productIds', PRODUCT);
    data.append('productIds', CATEGORY);
    expect(promotionFormValues(data)).toMatchObject({ name: 'X', kind: 'code', scope: 'products', productIds: `${PRODUCT},${CATEGORY}` });
    expect(promotionFormValues({ productIds: `${PRODUCT},${CATEGORY}`, discountType: 'fixed' })).toMatchObject({ productIds: `${PRODUCT},${CATEGORY}`, discountType: 'fixed' });
  });
});

describe("the API's refusals beside their fields", () => {
  it('maps service and zod messages to the form’s fields', () => {
    expect(fieldErrorsOfMessage('endsAt: must be after startsAt')).toEqual({ endsAt: 'Must be after startsAt' });
    expect(fieldErrorsOfMessage('percentOff: percentOff: at most two decimals; categoryIds.0: Invalid UUID')).toEqual({ percentOff: 'At most two decimals', categoryIds: 'Invalid UUID' });
    expect(fieldErrorsOfMessage('usageLimit: 3 uses are already taken; the limit cannot be lower')).toEqual({ usageLimit: '3 uses are already taken; the limit cannot be lower' });
    expect(fieldErrorsOfMessage('Free shipping takes neither percentOff nor amountOff')).toEqual({ discountType: 'Free shipping takes neither percentOff nor amountOff' });
  });

  it('puts a 409 for a taken code on the code field, and leaves other conflicts to the form', () => {
    expect(fieldErrorsOfMessage('The code SUMMER15 already exists; choose another', 409)).toEqual({ code: 'The code SUMMER15 already exists; choose another' });
    expect(fieldErrorsOfMessage('The promotion was changed at the same time; reload it and try again', 409)).toEqual({});
  });
});

describe('generate codes', () => {
  it('takes 1–10 000 codes and a prefix of letters and digits, upper-cased', () => {
    expect(generateInputOf({ count: '5', prefix: 'xmas' })).toEqual({ input: { count: 5, prefix: 'XMAS' } });
    expect(generateInputOf({ count: '10,000', prefix: '' })).toEqual({ input: { count: 10_000, prefix: '' } });
    expect(generateInputOf({ count: '0', prefix: 'x-1' })).toEqual({ fieldErrors: { count: expect.any(String), prefix: expect.any(String) } });
    expect(generateInputOf({ count: '10001', prefix: 'ABCDEFGHIJKLM' })).toEqual({ fieldErrors: { count: expect.any(String), prefix: expect.any(String) } });
  });
});

describe('list and page helpers', () => {
  it('reads the filters from the URL and drops what promotions would refuse', () => {
    expect(promotionListParams({ q: ' summer ', kind: 'code', state: 'active', page: '2', pageSize: '50' }, [10, 20, 50, 100])).toEqual({ q: 'summer', kind: 'code', state: 'active', page: 2, pageSize: 50 });
    expect(promotionListParams({ kind: 'coupon', state: 'dead', page: '-1', pageSize: '7' }, [10, 20, 50, 100])).toEqual({ page: 1, pageSize: 20 });
  });

  it('writes short shareable links', () => {
    expect(promotionListQuery({ q: 'summer', state: 'active', page: 1, pageSize: 20 }, 3)).toBe('?q=summer&state=active&page=3');
    expect(promotionListQuery({ page: 1, pageSize: 20 })).toBe('');
  });

  it('says uses of the limit, ∞ without one', () => {
    expect(usedOfLimit({ used: 1, usageLimit: 1000 })).toBe('1 / 1,000');
    expect(usedOfLimit({ used: 0, usageLimit: null })).toBe('0 / ∞');
  });

  it('pages codes and names the CSV safely', () => {
    expect(codesPageOf({ codesPage: '3' })).toBe(3);
    expect(codesPageOf({ codesPage: 'x' })).toBe(1);
    expect(codesCsvFileName('promotion-summer-codes.csv', ID)).toBe('promotion-summer-codes.csv');
    expect(codesCsvFileName('../../etc/passwd', ID)).toBe(`promotion-${ID}-codes.csv`);
  });
});
