import { describe, expect, it } from 'vitest';
import { hideLinkSecrets, maskAddress } from './service.js';

describe('the delivery log shows no secrets', () => {
  it('masks addresses in lists', () => {
    expect(maskAddress('demo@omnicart.test')).toBe('d***@omnicart.test');
    expect(maskAddress('+14155550123')).toBe('+1******0123');
    expect(maskAddress('x')).toBe('***');
  });

  it('hides the token of reset, invitation and confirmation links, and only there', () => {
    const reset = 'Reset: https://shop.example/reset-password?token=AbC-123_x%2F.~z now';
    expect(hideLinkSecrets('password_reset', reset)).toBe('Reset: https://shop.example/reset-password?token=[hidden] now');
    expect(hideLinkSecrets('staff_invitation', '<a href="https://admin.example/invitation/k2Vq0x9J">')).toBe('<a href="https://admin.example/invitation/[hidden]">');
    expect(hideLinkSecrets('back_in_stock_confirm', '/stock-alerts/confirm?token=abc')).toBe('/stock-alerts/confirm?token=[hidden]');
    expect(hideLinkSecrets('order_confirmation', reset)).toBe(reset);
  });
});
