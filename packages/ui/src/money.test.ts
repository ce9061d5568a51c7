import { describe, expect, it } from 'vitest';
import { formatMoney, moneyToDecimal } from './money.js';

describe('money', () => {
  it('formats minor units per currency', () => {
    expect(formatMoney({ amount: 12999, currency: 'USD' })).toBe('$129.99');
    expect(formatMoney({ amount: 5, currency: 'USD' })).toBe('$0.05');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('¥1,500');
  });

  it('gives a machine-readable decimal', () => {
    expect(moneyToDecimal({ amount: 12999, currency: 'USD' })).toBe('129.99');
    expect(moneyToDecimal({ amount: 100, currency: 'EUR' })).toBe('1.00');
    expect(moneyToDecimal({ amount: 1500, currency: 'JPY' })).toBe('1500');
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMoney({ amount: 1.5, currency: 'USD' })).toThrow(TypeError);
  });
});
