import { describe, expect, it } from 'vitest';
import { fitsOneSmsSegment, renderSms, TemplateDataError, type SmsTemplates } from './index.js';
import { gsmLength } from './sms.js';
import { brand, fixtures } from './test-support.js';

const smsNames: Array<keyof SmsTemplates> = ['order_confirmation', 'order_shipped', 'order_delivered'];

describe('renderSms', () => {
  it.each(smsNames)('%s fits one GSM-7 segment with typical data and names the order', (template) => {
    const body = renderSms(template, fixtures[template], brand);
    expect(gsmLength(body)).not.toBeNull();
    expect(gsmLength(body)!).toBeLessThanOrEqual(160);
    expect(body).toContain('#1042');
    expect(body).toMatch(/^OmniCart: /);
  });

  it('order_confirmation gives the total and the order link', () => {
    expect(renderSms('order_confirmation', fixtures.order_confirmation, brand)).toBe(
      'OmniCart: your order #1042 is confirmed. Total $129.99. Details: https://shop.example.com/account/orders/1042',
    );
  });

  it('order_shipped gives the carrier and tracking number, and reads well without them', () => {
    expect(renderSms('order_shipped', fixtures.order_shipped, brand)).toBe(
      'OmniCart: your order #1042 has shipped with UPS. Tracking: 1Z999AA10123456784. https://shop.example.com/account/orders/1042',
    );
    expect(renderSms('order_shipped', { ...fixtures.order_shipped, carrier: null, trackingNumber: null }, brand)).toBe(
      'OmniCart: your order #1042 has shipped. https://shop.example.com/account/orders/1042',
    );
  });

  it('drops the link before anything else when a long URL would need a second segment', () => {
    const orderUrl = `https://shop.example.com/account/orders/1042?${'x'.repeat(120)}`;
    const body = renderSms('order_shipped', { ...fixtures.order_shipped, orderUrl }, brand);
    expect(body).toBe('OmniCart: your order #1042 has shipped with UPS. Tracking: 1Z999AA10123456784.');
    const confirmation = renderSms('order_confirmation', { ...fixtures.order_confirmation, orderUrl }, brand);
    expect(confirmation).toBe('OmniCart: your order #1042 is confirmed. Total $129.99.');
  });

  it('keeps the tracking number even when nothing fits one segment', () => {
    const trackingNumber = 'T'.repeat(100);
    const body = renderSms('order_shipped', { ...fixtures.order_shipped, carrier: 'A very long carrier name indeed', trackingNumber }, {
      ...brand,
      storeName: 'S'.repeat(60),
    });
    expect(body).toContain(trackingNumber);
    expect(body).toContain('#1042');
  });

  it('writes amounts and names in the GSM alphabet where it can', () => {
    const body = renderSms('order_confirmation', { ...fixtures.order_confirmation, currency: 'CHF' }, { ...brand, storeName: 'Ada’s Shop' });
    expect(body).toContain("Ada's Shop");
    expect(body).toContain('CHF 129.99');
    expect(gsmLength(body)).not.toBeNull();
  });

  it('refuses bad data with the field named', () => {
    expect(() =>
      renderSms('order_shipped', { ...fixtures.order_shipped, orderUrl: 'javascript:alert(1)' }, brand),
    ).toThrow(TemplateDataError);
    expect(() => renderSms('welcome' as keyof SmsTemplates, fixtures.welcome as never, brand)).toThrow(/unknown SMS template/);
  });
});

describe('fitsOneSmsSegment', () => {
  it('counts GSM-7 extension characters twice and falls back to 70 for UCS-2', () => {
    expect(fitsOneSmsSegment('a'.repeat(160))).toBe(true);
    expect(fitsOneSmsSegment('a'.repeat(161))).toBe(false);
    expect(fitsOneSmsSegment('€'.repeat(80))).toBe(true);
    expect(fitsOneSmsSegment('€'.repeat(81))).toBe(false);
    expect(fitsOneSmsSegment('✓'.repeat(70))).toBe(true);
    expect(fitsOneSmsSegment('✓'.repeat(71))).toBe(false);
  });
});
