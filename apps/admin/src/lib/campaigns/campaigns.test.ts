import { describe, expect, it } from 'vitest';
import { campaignFormValues, campaignInputOf, campaignListParams, categoryOptions, EMPTY_CAMPAIGN_FORM, fieldErrorsOfMessage, formValuesOfCampaign, segmentInWords, segmentOf } from './forms';
import { isoFromStoreTime, storeDateTime, storeTimeInputValue } from './store-time';

const AUDIO = '8a3c1d2e-5f60-4b7a-8c9d-0e1f2a3b4c5d';
const HEADPHONES = '9b4d2e3f-6a71-4c8b-9d0e-1f2a3b4c5d6e';
const categories = categoryOptions([{ id: AUDIO, name: 'Audio', children: [{ id: HEADPHONES, name: 'Headphones' }] }]);
const base = { name: 'Winter sale', subject: '20 % off', bodyMarkdown: '## Hello\n\nDeals.', ctaLabel: null, ctaUrl: null };

describe('segment ↔ form values', () => {
  it('turns each kind of segment into its form fields and back', () => {
    const segments = [
      { kind: 'all_opted_in' },
      { kind: 'bought_in_category', categoryId: HEADPHONES },
      { kind: 'no_order_in_days', days: 90 },
      { kind: 'spent_at_least', amount: 10_050 },
    ] as const;
    for (const segment of segments) {
      const values = formValuesOfCampaign({ ...base, segment });
      expect(segmentOf(values)).toEqual({ segment });
    }
    expect(formValuesOfCampaign({ ...base, segment: { kind: 'spent_at_least', amount: 10_050 } }).amount).toBe('100.50');
    expect(formValuesOfCampaign({ ...base, segment: { kind: 'bought_in_category', categoryId: AUDIO } }).categoryId).toBe(AUDIO);
  });

  it('sends the amount typed in dollars as cents, without float rounding', () => {
    const values = { ...EMPTY_CAMPAIGN_FORM, segmentKind: 'spent_at_least' as const };
    expect(segmentOf({ ...values, amount: '100' })).toEqual({ segment: { kind: 'spent_at_least', amount: 10_000 } });
    expect(segmentOf({ ...values, amount: '0.29' })).toEqual({ segment: { kind: 'spent_at_least', amount: 29 } });
    expect(segmentOf({ ...values, amount: '$1,234.5' })).toEqual({ segment: { kind: 'spent_at_least', amount: 123_450 } });
  });

  it("refuses a segment's missing or bad parameter on its own field", () => {
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'bought_in_category', categoryId: '' })).toEqual({ field: 'categoryId', message: 'Choose a category' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'no_order_in_days', days: '0' })).toMatchObject({ field: 'days' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'no_order_in_days', days: '1.5' })).toMatchObject({ field: 'days' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'no_order_in_days', days: '3651' })).toMatchObject({ field: 'days' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'spent_at_least', amount: 'lots' })).toMatchObject({ field: 'amount' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'spent_at_least', amount: '0' })).toMatchObject({ field: 'amount' });
    expect(segmentOf({ ...EMPTY_CAMPAIGN_FORM, segmentKind: 'spent_at_least', amount: '1.999' })).toMatchObject({ field: 'amount' });
  });

  it('reads the form (an unknown kind is everyone who opted in) and builds the input', () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ name: ' Winter sale ', subject: 'Deals', bodyMarkdown: 'Hi', ctaLabel: 'Shop', ctaUrl: 'https://shop.example/sale', segmentKind: 'no_order_in_days', days: '30' })) form.set(name, value);
    expect(campaignInputOf(campaignFormValues(form))).toEqual({
      input: { name: 'Winter sale', subject: 'Deals', bodyMarkdown: 'Hi', ctaLabel: 'Shop', ctaUrl: 'https://shop.example/sale', segment: { kind: 'no_order_in_days', days: 30 }, promotion: null },
    });
    expect(campaignFormValues({ segmentKind: 'everyone_ever' }).segmentKind).toBe('all_opted_in');
    expect(campaignInputOf({ ...EMPTY_CAMPAIGN_FORM, name: 'x', subject: 'y', bodyMarkdown: 'z' })).toEqual({
      input: { name: 'x', subject: 'y', bodyMarkdown: 'z', ctaLabel: null, ctaUrl: null, segment: { kind: 'all_opted_in' }, promotion: null },
    });
  });

  it('carries the promotion code chosen (shared or unique), and {{code}} needs one', () => {
    const PROMOTION = '7d1e2f3a-4b5c-4d6e-8f70-81a2b3c4d5e6';
    const filled = { ...EMPTY_CAMPAIGN_FORM, name: 'x', subject: 'Your code: {{code}}', bodyMarkdown: 'Use **{{ code }}**' };
    expect(campaignInputOf({ ...filled, promotionCodes: 'unique', promotionId: PROMOTION })).toMatchObject({ input: { promotion: { promotionId: PROMOTION, codes: 'unique' } } });
    expect(campaignInputOf({ ...filled, promotionCodes: 'shared', promotionId: PROMOTION })).toMatchObject({ input: { promotion: { promotionId: PROMOTION, codes: 'shared' } } });
    expect(campaignInputOf({ ...filled, promotionCodes: 'unique', promotionId: '' })).toEqual({ fieldErrors: { promotionId: expect.stringContaining('Choose the promotion') } });
    expect(campaignInputOf(filled)).toEqual({ fieldErrors: { promotionCodes: expect.stringContaining('{{code}} needs a promotion code') } });
    expect(campaignFormValues({ promotionCodes: 'everyone' }).promotionCodes).toBe('');
    const saved = formValuesOfCampaign({
      ...base,
      segment: { kind: 'all_opted_in' },
      promotion: { promotionId: PROMOTION, codes: 'unique', name: 'Thanks', label: '20 % off', code: null, endsAt: null },
    });
    expect(saved).toMatchObject({ promotionCodes: 'unique', promotionId: PROMOTION });
    expect(formValuesOfCampaign({ ...base, segment: { kind: 'all_opted_in' }, promotion: null })).toMatchObject({ promotionCodes: '', promotionId: '' });
  });

  it('names every missing field, and a call to action needs its text and an absolute link together', () => {
    expect(campaignInputOf(EMPTY_CAMPAIGN_FORM)).toEqual({ fieldErrors: { name: 'Name is required', subject: 'Subject is required', bodyMarkdown: 'The message is required' } });
    const filled = { ...EMPTY_CAMPAIGN_FORM, name: 'x', subject: 'y', bodyMarkdown: 'z' };
    expect(campaignInputOf({ ...filled, ctaLabel: 'Shop' })).toMatchObject({ fieldErrors: { ctaUrl: expect.stringContaining('link') } });
    expect(campaignInputOf({ ...filled, ctaUrl: 'https://shop.example' })).toMatchObject({ fieldErrors: { ctaLabel: expect.stringContaining('button text') } });
    expect(campaignInputOf({ ...filled, ctaLabel: 'Shop', ctaUrl: 'javascript:alert(1)' })).toMatchObject({ fieldErrors: { ctaUrl: expect.stringContaining('absolute') } });
  });

  it("puts the service's 400 messages beside their fields", () => {
    expect(fieldErrorsOfMessage('ctaUrl: must be an absolute http(s) URL; segment.categoryId: no such category')).toEqual({ ctaUrl: 'must be an absolute http(s) URL', categoryId: 'no such category' });
    expect(fieldErrorsOfMessage('segment.days: days must be at most 3650')).toEqual({ days: 'days must be at most 3650' });
    expect(fieldErrorsOfMessage('promotion.promotionId: no such promotion')).toEqual({ promotionId: 'no such promotion' });
    expect(fieldErrorsOfMessage('promotion.codes: this promotion has no shared code — choose unique codes')).toEqual({ promotionCodes: 'this promotion has no shared code — choose unique codes' });
    expect(fieldErrorsOfMessage('promotion: {{code}} needs a promotion')).toEqual({ promotionId: '{{code}} needs a promotion' });
    expect(fieldErrorsOfMessage('email: Enter a valid e-mail address')).toEqual({});
    expect(fieldErrorsOfMessage('This campaign has gone out')).toEqual({});
  });

  it('says who a segment reaches in words', () => {
    expect(segmentInWords({ kind: 'all_opted_in' }, categories)).toBe('Everyone who opted in');
    expect(segmentInWords({ kind: 'bought_in_category', categoryId: HEADPHONES }, categories)).toBe('Bought in Audio › Headphones');
    expect(segmentInWords({ kind: 'bought_in_category', categoryId: '00000000-0000-4000-8000-000000000000' }, categories)).toBe('Bought in a removed category');
    expect(segmentInWords({ kind: 'no_order_in_days', days: 1 }, categories)).toBe('No order in 1 day');
    expect(segmentInWords({ kind: 'spent_at_least', amount: 10_000 }, categories)).toBe('Spent at least $100.00');
  });

  it('reads the list page from the URL, dropping nonsense', () => {
    expect(campaignListParams({ page: '3', pageSize: '50' }, [10, 20, 50, 100])).toEqual({ page: 3, pageSize: 50 });
    expect(campaignListParams({ page: '-1', pageSize: '7' }, [10, 20, 50, 100])).toEqual({ page: 1, pageSize: 20 });
    expect(campaignListParams({}, [10, 20, 50, 100])).toEqual({ page: 1, pageSize: 20 });
  });
});

describe('store time zone', () => {
  it("turns a time on the store's clock into the ISO instant", () => {
    expect(isoFromStoreTime('2026-12-24T09:00', 'America/New_York')).toBe('2026-12-24T14:00:00.000Z');
    expect(isoFromStoreTime('2026-07-04T09:00', 'America/New_York')).toBe('2026-07-04T13:00:00.000Z');
    expect(isoFromStoreTime('2026-12-24T09:00', 'Asia/Kolkata')).toBe('2026-12-24T03:30:00.000Z');
    expect(isoFromStoreTime('2026-12-24T09:00', 'UTC')).toBe('2026-12-24T09:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // New York, 2026-03-08: 02:00 → 03:00 (02:30 does not exist and moves forward); 2026-11-01: 01:30 happens twice.
    expect(isoFromStoreTime('2026-03-08T01:30', 'America/New_York')).toBe('2026-03-08T06:30:00.000Z');
    expect(isoFromStoreTime('2026-03-08T03:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(isoFromStoreTime('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(isoFromStoreTime('2026-11-01T01:30', 'America/New_York'));
  });

  it('refuses what is not a date and time, or an unknown zone', () => {
    expect(isoFromStoreTime('', 'UTC')).toBeNull();
    expect(isoFromStoreTime('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(isoFromStoreTime('2026-12-24T25:00', 'UTC')).toBeNull();
    expect(isoFromStoreTime('tomorrow', 'UTC')).toBeNull();
    expect(isoFromStoreTime('2026-12-24T09:00', 'Mars/Olympus')).toBeNull();
  });

  it("shows an instant on the store's clock, and as a datetime-local value", () => {
    expect(storeTimeInputValue('2026-12-24T14:00:00.000Z', 'America/New_York')).toBe('2026-12-24T09:00');
    expect(storeDateTime('2026-12-24T14:00:00.000Z', 'America/New_York')).toBe('Dec 24, 2026, 09:00 EST');
    expect(storeDateTime('2026-12-24T14:00:00.000Z', 'Mars/Olympus')).toBe('Dec 24, 2026, 14:00 UTC');
  });
});
