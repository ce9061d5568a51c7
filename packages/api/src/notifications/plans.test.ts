import { describe, expect, it } from 'vitest';
import type { ContactRow } from './repository.js';
import { orderCancelledPlans, orderPaidPlans, orderRecipient, orderRefundedPlans, orderUrl, paymentFailedPlans, statusChangedPlans } from './plans.js';

const links = { storefrontUrl: 'https://shop.example', adminUrl: 'https://admin.example' };
const customerId = '3f0c4a52-8a8e-4c0b-9f7e-2a1d7c9b6e11';
const orderId = '5e8c2a1f-9b7d-4c3e-a6f0-2d4b8e1c7a93';
const contact = (overrides: Partial<ContactRow> = {}): ContactRow => ({
  userId: customerId,
  email: 'ada@example.com',
  name: 'Ada',
  role: 'customer',
  disabled: false,
  marketingEmail: false,
  smsOptIn: false,
  phone: null,
  unsubscribeVersion: 1,
  updatedAt: new Date(),
  ...overrides,
});
const order = { orderId, number: 'OC-00000042', customerId, guestEmail: null, currency: 'USD' };
const envelope = <T>(type: string, data: T) => ({ id: 'evt-1', type, version: 1, source: 'orders', occurredAt: '2026-12-07T10:00:00Z', aggregateId: orderId, actor: null, traceparent: null, tracestate: null, data }) as never;

describe('who an order message goes to', () => {
  it('a customer through their contact (SMS only with the opt-in and a number); a guest at the order’s e-mail', () => {
    expect(orderRecipient(order, contact())).toEqual({ email: 'ada@example.com', name: 'Ada', userId: customerId, smsPhone: null });
    expect(orderRecipient(order, contact({ smsOptIn: true, phone: '+14155550123' }))?.smsPhone).toBe('+14155550123');
    expect(orderRecipient(order, contact({ smsOptIn: false, phone: '+14155550123' }))?.smsPhone).toBeNull();
    expect(orderRecipient(order, null)).toBeNull();
    expect(orderRecipient({ customerId: null, guestEmail: 'Guest@Example.com' }, null)).toEqual({ email: 'guest@example.com', name: null, userId: null, smsPhone: null });
    expect(orderUrl(links, order)).toBe(`https://shop.example/account/orders/${orderId}`);
    expect(orderUrl(links, { orderId, customerId: null })).toBe(`https://shop.example/checkout/confirmation/${orderId}`);
  });
});

describe('what each order event sends', () => {
  const to = { email: 'ada@example.com', name: 'Ada', userId: customerId, smsPhone: '+14155550123' };

  it('shipped with carrier and tracking, by e-mail and SMS; other moves send nothing here', () => {
    const plans = statusChangedPlans(envelope('orders.status_changed', { ...order, from: 'paid', to: 'fulfilled', actor: 'x', note: null, carrier: 'UPS', trackingNumber: '1Z9' }), to, links);
    expect(plans.map((plan) => `${plan.channel}:${plan.template}`)).toEqual(['email:order_shipped', 'sms:order_shipped']);
    expect(plans[0]!.data).toMatchObject({ carrier: 'UPS', trackingNumber: '1Z9', orderNumber: 'OC-00000042' });
    expect(statusChangedPlans(envelope('orders.status_changed', { ...order, from: 'pending_payment', to: 'paid', actor: 'x', note: null }), to, links)).toEqual([]);
  });

  it('payment failed links back to the cart', () => {
    const [plan] = paymentFailedPlans(envelope('orders.status_changed', { ...order, from: 'pending_payment', to: 'payment_failed', actor: 'x', note: null, total: 4299 }), to, links);
    expect(plan).toMatchObject({ template: 'payment_failed', data: { cartUrl: 'https://shop.example/cart', total: 4299 } });
  });

  it('a cancellation after payment is one e-mail (with the refund); an unpaid one and the refund that came with it send nothing', () => {
    const cancelled = envelope('orders.order_cancelled', { ...order, from: 'paid', total: 5000, amountRefunded: 5000, note: null });
    expect(orderCancelledPlans(cancelled, to, links)).toHaveLength(1);
    expect(orderCancelledPlans(envelope('orders.order_cancelled', { ...order, from: 'pending_payment', total: 5000, amountRefunded: 0, note: null }), to, links)).toEqual([]);
    expect(orderRefundedPlans(envelope('orders.order_refunded', { ...order, total: 5000, amount: 5000, amountRefunded: 5000, full: true, status: 'cancelled' }), to, links)).toEqual([]);
    const partial = orderRefundedPlans(envelope('orders.order_refunded', { ...order, total: 5000, amount: 1000, amountRefunded: 1000, full: false, status: 'partially_refunded' }), to, links);
    expect(partial[0]).toMatchObject({ template: 'order_refunded', data: { amount: 1000, full: false } });
  });

  const paid = {
    ...order,
    subtotal: 10000,
    shipping: 500,
    tax: 855,
    total: 10355,
    lines: [{ productId: orderId, sku: 'SKU-1', name: 'Shoe', unitPrice: 5000, quantity: 2, lineTotal: 10000 }],
    shippingAddress: { name: 'Ada', line1: '1 Main St', line2: null, city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' },
    intentId: null,
  };

  it('the confirmation carries the discounts, each line’s saving, and totals that add up', () => {
    const event = envelope('orders.order_paid', {
      ...paid,
      discount: 1500,
      total: 9855,
      discounts: [
        { promotionId: orderId, kind: 'code', code: 'WELCOME10', name: 'Welcome', label: '10 % off', amount: 1000 },
        { promotionId: customerId, kind: 'automatic', code: null, name: 'Fall sale', label: '$5.00 off', amount: 500 },
      ],
      lines: [{ ...paid.lines[0]!, discount: 1500 }],
    });
    const [email, sms] = orderPaidPlans(event, to, links);
    expect(email).toMatchObject({
      template: 'order_confirmation',
      data: {
        subtotal: 10000,
        discount: 1500,
        discounts: [
          { name: 'Welcome', code: 'WELCOME10', amount: 1000 },
          { name: 'Fall sale', code: null, amount: 500 },
        ],
        shipping: 500,
        tax: 855,
        total: 9855,
        lines: [{ name: 'Shoe', lineTotal: 10000, discount: 1500 }],
      },
    });
    const data = email!.data as { subtotal: number; discount: number; shipping: number; tax: number; total: number };
    expect(data.subtotal - data.discount + data.shipping + data.tax).toBe(data.total);
    expect(sms).toMatchObject({ channel: 'sms', template: 'order_confirmation' });
  });

  it('an order_paid written before promotions (no discount fields) means no discount', () => {
    const [email] = orderPaidPlans(envelope('orders.order_paid', paid), to, links);
    expect(email!.data).toMatchObject({ discount: 0, discounts: [], total: 10355, lines: [{ discount: 0 }] });
  });
});
