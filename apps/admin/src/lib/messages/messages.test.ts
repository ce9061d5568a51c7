import { describe, expect, it } from 'vitest';
import { canResendState, shortError, templateLabel } from './format';
import { isFiltered, messageListInput, messageListQuery, parseMessageListParams } from './list-params';

describe('templateLabel', () => {
  it('names the known templates in the merchant’s words', () => {
    expect(templateLabel('order_confirmation')).toBe('Order confirmation');
    expect(templateLabel('abandoned_cart')).toBe('Abandoned cart reminder');
    expect(templateLabel('password_reset')).toBe('Password reset');
  });

  it('humanises a template it does not know yet instead of showing nothing', () => {
    expect(templateLabel('gift_card_issued')).toBe('Gift card issued');
    expect(templateLabel('loyalty-points')).toBe('Loyalty points');
    expect(templateLabel('')).toBe('');
  });
});

describe('shortError', () => {
  it('keeps the first line, cut to the length with an ellipsis', () => {
    expect(shortError(null)).toBeNull();
    expect(shortError('550 5.1.1 mailbox unavailable\n at smtp.example.com')).toBe('550 5.1.1 mailbox unavailable');
    const long = 'x'.repeat(200);
    expect(shortError(long, 20)).toBe(`${'x'.repeat(19)}…`);
    expect(shortError(long, 20)).toHaveLength(20);
  });
});

describe('canResendState', () => {
  it('refuses while the original is still queued or sending (the API answers 409)', () => {
    expect(canResendState('queued')).toBe(false);
    expect(canResendState('sending')).toBe(false);
    for (const state of ['sent', 'failed', 'bounced', 'suppressed'] as const) expect(canResendState(state)).toBe(true);
  });
});

describe('the delivery log’s URL', () => {
  const ORDER = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';

  it('reads every filter the API takes', () => {
    const state = parseMessageListParams({
      state: 'failed',
      channel: 'sms',
      template: 'Order_Shipped',
      recipient: ' someone@example.com ',
      orderId: ORDER.toUpperCase(),
      userId: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f',
      from: '2026-12-01',
      to: '2026-12-07',
      page: '3',
      pageSize: '50',
    });
    expect(state).toEqual({
      state: 'failed',
      channel: 'sms',
      template: 'order_shipped',
      recipient: 'someone@example.com',
      orderId: ORDER,
      userId: '8d1f7c9e-2b3a-4c5d-9e0f-1a2b3c4d5e6f',
      from: '2026-12-01',
      to: '2026-12-07',
      page: 3,
      pageSize: 50,
    });
    expect(isFiltered(state)).toBe(true);
  });

  it('drops what the API would refuse: unknown states and channels, bad ids, dates and page sizes, a reversed range', () => {
    const state = parseMessageListParams({
      state: 'delivered',
      channel: 'fax',
      template: '<script>',
      orderId: 'not-a-uuid',
      userId: '123',
      from: '2026-12-07',
      to: '2026-12-01',
      page: '-1',
      pageSize: '25',
    });
    expect(state).toEqual({ from: '2026-12-07', page: 1, pageSize: 20 });
    expect(parseMessageListParams({ from: '2026-02-30' })).toEqual({ page: 1, pageSize: 20 });
    expect(isFiltered(parseMessageListParams({}))).toBe(false);
  });

  it('cuts a recipient to the 320 characters the API takes', () => {
    expect(parseMessageListParams({ recipient: 'a'.repeat(400) }).recipient).toHaveLength(320);
  });

  it('writes the state back as a short query (defaults left out) and as the API’s input', () => {
    const state = parseMessageListParams({ template: 'order_confirmation', recipient: 'a+b@example.com', page: '2' });
    expect(messageListQuery(state)).toBe('?template=order_confirmation&recipient=a%2Bb%40example.com&page=2');
    expect(messageListQuery(state, { page: 1 })).toBe('?template=order_confirmation&recipient=a%2Bb%40example.com');
    expect(messageListQuery(parseMessageListParams({}))).toBe('');
    expect(messageListInput(state)).toEqual({ template: 'order_confirmation', recipient: 'a+b@example.com', page: 2, pageSize: 20 });
  });
});
