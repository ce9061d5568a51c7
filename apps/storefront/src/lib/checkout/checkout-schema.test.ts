import { describe, expect, it } from 'vitest';
import { UNSTORABLE_TEXT_WORDS } from '@/lib/forms/wording';
import { addressSchema, firstInvalidField, placeOrderInput, validateCheckout, type CheckoutValues } from './checkout-schema';

const valid: CheckoutValues = {
  email: 'Jane@Example.com ',
  name: 'Jane Doe',
  line1: '1 Main Street',
  line2: '',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
  cardNumber: '4242 4242 4242 4242',
  expiry: '12/40',
  cvc: '123',
};

describe('addressSchema', () => {
  it('trims values and drops an empty second line', () => {
    expect(addressSchema.parse({ name: ' Jane ', line1: ' 1 Main ', line2: '  ', city: 'X', postalCode: 'SW1A 1AA', country: 'GB' })).toEqual({
      name: 'Jane',
      line1: '1 Main',
      line2: undefined,
      city: 'X',
      postalCode: 'SW1A 1AA',
      country: 'GB',
    });
  });
  it('refuses unknown countries and lower-case codes', () => {
    expect(addressSchema.safeParse({ ...valid, country: 'XX' }).success).toBe(false);
    expect(addressSchema.safeParse({ ...valid, country: 'us' }).success).toBe(false);
  });
});

describe('validateCheckout', () => {
  it('passes a complete guest form', () => {
    expect(validateCheckout(valid, true)).toEqual({});
  });

  it('names every missing field with its own message', () => {
    const errors = validateCheckout({ ...valid, email: '', name: ' ', line1: '', city: '', postalCode: '', cardNumber: '', expiry: '', cvc: '' }, true);
    expect(errors).toEqual({
      email: 'Enter your email address',
      name: 'Enter your full name',
      line1: 'Enter the first line of your address',
      city: 'Enter your city',
      postalCode: 'Enter your postal code',
      cardNumber: 'Enter a card number',
      expiry: 'Enter the expiry date',
      cvc: 'Enter the CVC',
    });
    expect(firstInvalidField(errors)).toBe('email');
  });

  it('shows the text rule on the field that breaks it (a NUL or half an emoji), as the orders service would refuse it', () => {
    expect(validateCheckout({ ...valid, name: 'Jane\u0000Doe', city: 'Spring\uD83Dfield' }, true)).toEqual({ name: UNSTORABLE_TEXT_WORDS, city: UNSTORABLE_TEXT_WORDS });
    expect(validateCheckout({ ...valid, name: 'Zoë 🎉 東京' }, true)).toEqual({});
  });

  it('ignores the email for signed-in shoppers', () => {
    expect(validateCheckout({ ...valid, email: '' }, false)).toEqual({});
  });

  it('explains test cards and bad emails', () => {
    const errors = validateCheckout({ ...valid, email: 'nope', cardNumber: '5555555555554444' }, true);
    expect(errors.email).toMatch(/valid email/);
    expect(errors.cardNumber).toMatch(/^Use one of the test cards/);
    expect(firstInvalidField({ cvc: 'x', city: 'y' })).toBe('city');
  });
});

describe('placeOrderInput', () => {
  it('needs a uuid attempt id', () => {
    const base = { shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'US' }, cardNumber: '4242424242424242', expiry: '12/40', cvc: '123' };
    expect(placeOrderInput.safeParse({ ...base, attemptId: 'x' }).success).toBe(false);
    expect(placeOrderInput.safeParse({ ...base, attemptId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10' }).success).toBe(true);
  });
});
