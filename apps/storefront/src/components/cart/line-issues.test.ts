import { describe, expect, it } from 'vitest';
import { clampQuantity, describeLineIssue } from './line-issues';

describe('describeLineIssue', () => {
  it('has no text for a buyable line', () => {
    expect(describeLineIssue(null, 5)).toBeNull();
  });
  it('explains every flag the cart service sends', () => {
    expect(describeLineIssue('out_of_stock', 0)?.label).toBe('Out of stock');
    expect(describeLineIssue('archived', 0)?.label).toBe('No longer sold');
    expect(describeLineIssue('unavailable', 0)?.label).toBe('Unavailable');
    expect(describeLineIssue('insufficient_stock', 3)?.text).toContain('Only 3 left');
    expect(describeLineIssue('something_new', 0)?.label).toBe('Unavailable');
  });
});

describe('clampQuantity', () => {
  it('keeps quantities within 1-99', () => {
    expect(clampQuantity('5')).toBe(5);
    expect(clampQuantity('0')).toBe(1);
    expect(clampQuantity('150')).toBe(99);
    expect(clampQuantity(2.7)).toBe(2);
    expect(clampQuantity('')).toBeNull();
    expect(clampQuantity('abc')).toBeNull();
  });
});
