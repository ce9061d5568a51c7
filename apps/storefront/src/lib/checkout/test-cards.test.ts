import { describe, expect, it } from 'vitest';
import { cvcError, expiryError, formatExpiryInput, groupCardNumber, luhnValid, paymentMethodForCard, TEST_CARD_HINT } from './test-cards';

describe('paymentMethodForCard', () => {
  it('maps the three test cards, spaces and dashes allowed', () => {
    expect(paymentMethodForCard('4242 4242 4242 4242')).toEqual({ ok: true, paymentMethod: 'pm_card_visa' });
    expect(paymentMethodForCard('4000-0000-0000-0002')).toEqual({ ok: true, paymentMethod: 'pm_card_chargeDeclined' });
    expect(paymentMethodForCard('4000000000009995')).toEqual({ ok: true, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
  });

  it('asks for a test card when a well-formed real number is typed', () => {
    const result = paymentMethodForCard('5555 5555 5555 4444');
    expect(result).toEqual({ ok: false, message: TEST_CARD_HINT });
    expect(TEST_CARD_HINT).toContain('4242 4242 4242 4242');
    expect(TEST_CARD_HINT).toContain('4000 0000 0000 0002');
    expect(TEST_CARD_HINT).toContain('4000 0000 0000 9995');
  });

  it('refuses numbers failing Luhn, letters, and empty input', () => {
    expect(paymentMethodForCard('4242 4242 4242 4241')).toEqual({ ok: false, message: 'Enter a valid card number' });
    expect(paymentMethodForCard('4242abcd42424242')).toEqual({ ok: false, message: 'Enter a valid card number' });
    expect(paymentMethodForCard('42')).toEqual({ ok: false, message: 'Enter a valid card number' });
    expect(paymentMethodForCard('  ')).toEqual({ ok: false, message: 'Enter a card number' });
  });
});

describe('luhnValid', () => {
  it('knows valid and invalid numbers', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });
});

describe('expiryError', () => {
  const now = new Date('2026-11-22T05:00:00Z');
  it('accepts this month and later', () => {
    expect(expiryError('11/26', now)).toBeNull();
    expect(expiryError('01/27', now)).toBeNull();
    expect(expiryError('12 / 2030', now)).toBeNull();
  });
  it('refuses past months, bad months and bad shapes', () => {
    expect(expiryError('10/26', now)).toBe('This card has expired');
    expect(expiryError('12/25', now)).toBe('This card has expired');
    expect(expiryError('13/27', now)).toBe('Enter a month from 01 to 12');
    expect(expiryError('00/27', now)).toBe('Enter a month from 01 to 12');
    expect(expiryError('1/27', now)).toBe('Enter the expiry date as MM/YY');
    expect(expiryError('', now)).toBe('Enter the expiry date');
    expect(expiryError('12/99', now)).toBe('Enter a valid expiry date');
  });
});

describe('cvcError', () => {
  it('wants 3 or 4 digits', () => {
    expect(cvcError('123')).toBeNull();
    expect(cvcError('1234')).toBeNull();
    expect(cvcError('12')).toBe('The CVC is 3 or 4 digits');
    expect(cvcError('12a')).toBe('The CVC is 3 or 4 digits');
    expect(cvcError('')).toBe('Enter the CVC');
  });
});

describe('formatting helpers', () => {
  it('groups card numbers by four', () => {
    expect(groupCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(groupCardNumber('4242 42')).toBe('4242 42');
  });
  it('puts the slash in an expiry', () => {
    expect(formatExpiryInput('1226')).toBe('12/26');
    expect(formatExpiryInput('12')).toBe('12');
    expect(formatExpiryInput('12/2')).toBe('12/2');
  });
});
