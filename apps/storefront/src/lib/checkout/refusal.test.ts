import { describe, expect, it } from 'vitest';
import { checkoutRefusal } from './refusal';

const ORDER_ID = '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10';

describe('checkoutRefusal', () => {
  it('a cart with an order awaiting 3-D Secure links to that order instead of ordering again', () => {
    const refusal = checkoutRefusal({
      message: 'This cart already has an order awaiting payment (OC-00000042)',
      domainCode: 'CONFLICT',
      httpStatus: 409,
      details: { reason: 'order_pending', orderId: ORDER_ID, number: 'OC-00000042', nextAction: 'authenticate_payment' },
    });
    expect(refusal).toEqual({
      title: 'This cart already has an order awaiting payment',
      message: expect.stringMatching(/3-D Secure/),
      toOrder: { href: `/checkout/confirmation/${ORDER_ID}`, label: 'View order OC-00000042' },
    });
  });

  it('a cart already ordered links to its order', () => {
    const refusal = checkoutRefusal({ message: 'x', httpStatus: 409, details: { reason: 'cart_checked_out', orderId: ORDER_ID } });
    expect(refusal).toMatchObject({ title: 'This cart was already ordered', toOrder: { href: `/checkout/confirmation/${ORDER_ID}`, label: 'View the order' } });
  });

  it('too many checkouts says how long to wait', () => {
    expect(checkoutRefusal({ message: 'x', httpStatus: 429, domainCode: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 42 } })).toEqual({
      title: 'Too many orders in a short time',
      message: 'Please wait 42 seconds and try again.',
    });
  });

  it('a purchase limit keeps the service’s message and offers the cart', () => {
    const message = 'Limited Edition Sneaker: at most 3 per customer; your orders already hold 2, so 1 more can be ordered (2 requested)';
    expect(checkoutRefusal({ message, httpStatus: 409, domainCode: 'CONFLICT', details: { limit: 'perCustomer', max: 3 } })).toEqual({
      title: 'A purchase limit applies',
      message,
      toCart: true,
    });
  });

  it('stock and anything else keep their earlier wording', () => {
    expect(checkoutRefusal({ message: 'Not enough stock', httpStatus: 409, domainCode: 'INSUFFICIENT_STOCK' })).toMatchObject({
      title: 'Some items are no longer available',
      toCart: true,
    });
    expect(checkoutRefusal({ message: 'Nope', httpStatus: 400 })).toEqual({ title: 'Your order could not be placed', message: 'Nope' });
  });
});
