import { describe, expect, it } from 'vitest';
import { discountCodeSchema, discountRowLabel, isCodeRefusal, lineSavings } from './discount-code';

describe('discountCodeSchema', () => {
  it('trims and upper-cases what the shopper typed', () => {
    expect(discountCodeSchema.parse('  welcome10 ')).toBe('WELCOME10');
    expect(discountCodeSchema.parse('spring-sale_2')).toBe('SPRING-SALE_2');
  });

  it('says what is wrong with a blank, long or malformed code', () => {
    expect(discountCodeSchema.safeParse('   ').error?.issues[0]?.message).toBe('Enter a discount code');
    expect(discountCodeSchema.safeParse('A'.repeat(65)).error?.issues[0]?.message).toMatch(/at most 64/);
    expect(discountCodeSchema.safeParse('TEN OFF').error?.issues[0]?.message).toMatch(/letters, digits/);
  });
});

describe('isCodeRefusal', () => {
  it('knows promotions’ reasons and nothing else', () => {
    expect(isCodeRefusal({ reason: 'expired' })).toBe(true);
    expect(isCodeRefusal({ reason: 'usage_limit_reached' })).toBe(true);
    expect(isCodeRefusal({ reason: 'order_pending' })).toBe(false);
    expect(isCodeRefusal({ limit: 'perOrder' })).toBe(false);
    expect(isCodeRefusal(undefined)).toBe(false);
  });
});

describe('discountRowLabel', () => {
  it('names the code and what it takes off, or the automatic promotion', () => {
    expect(discountRowLabel({ kind: 'code', code: 'WELCOME10', name: 'Welcome', label: '10 % off' })).toBe('Discount (WELCOME10, 10 % off)');
    expect(discountRowLabel({ kind: 'automatic', code: null, name: 'Weekend sale', label: '15 % off' })).toBe('Weekend sale (15 % off)');
  });
});

describe('lineSavings', () => {
  it('maps each line with savings to its cents', () => {
    const savings = lineSavings([
      { productId: 'a', discount: 150 },
      { productId: 'b', discount: 0 },
    ]);
    expect([...savings]).toEqual([['a', 150]]);
    expect(lineSavings(undefined).size).toBe(0);
  });
});
