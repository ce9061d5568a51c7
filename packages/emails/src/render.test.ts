import { describe, expect, it } from 'vitest';
import { colors } from '@omnicart/ui/tokens';
import { MARKETING_TEMPLATES, TemplateDataError, renderEmail, type EmailTemplateName, type EmailTemplates } from './index.js';
import { brand, fixtures, unsubscribeUrl, urlsIn } from './test-support.js';

const names = Object.keys(fixtures) as EmailTemplateName[];

/** The URLs a template may print: the storefront, the data's own links and the unsubscribe link. */
function allowedUrls(template: EmailTemplateName): string[] {
  const fromData = JSON.stringify(fixtures[template]).match(/https?:\/\/[^"]+/g) ?? [];
  return [brand.storefrontUrl, ...fromData, unsubscribeUrl];
}

/**
 * The XHTML doctype that React Email's render() always writes names the W3C DTD by URL: an
 * identifier no client fetches. Anything else would be a remote resource.
 */
const DOCTYPE_URL = 'http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd';

async function renderFixture<T extends EmailTemplateName>(template: T, data: EmailTemplates[T] = fixtures[template]) {
  return renderEmail(template, data, brand, { unsubscribeUrl });
}

describe('renderEmail: every template', () => {
  it.each(names)('%s renders subject, HTML and text with the store name, token colours and only absolute links', async (template) => {
    const email = await renderFixture(template);
    expect(email.subject.length).toBeGreaterThan(0);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toContain('OmniCart');
    expect(email.text).toContain('OmniCart');
    // Header band and button in the primary colour, body text colour, all from @omnicart/ui tokens.
    expect(email.html).toContain(`background-color:${colors.primary}`);
    expect(email.html).toContain(`color:${colors.primaryText}`);
    expect(email.html).toContain(colors.text);
    // Footer: a link to the storefront.
    expect(email.html).toContain(`href="${brand.storefrontUrl}"`);
    expect(email.text).toContain(`Visit the store ${brand.storefrontUrl}`);

    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https:\/\/|mailto:)/);
    expect(email.html).not.toMatch(/src=/i);
    expect(email.html).not.toMatch(/@import|url\(/i);
  });

  it.each(names)('%s prints no URL but the storefront, its own links and the unsubscribe link', async (template) => {
    const email = await renderFixture(template);
    const allowed = allowedUrls(template);
    const html = email.html.replace(DOCTYPE_URL, '');
    for (const url of [...urlsIn(html), ...urlsIn(email.text)]) {
      expect(allowed.some((prefix) => url === prefix || url.startsWith(`${prefix}`)), `unexpected URL ${url}`).toBe(true);
    }
  });

  it.each(names)('%s: the text part has no markup and no hidden preview filler', async (template) => {
    const { text } = await renderFixture(template);
    expect(text).not.toMatch(/<[a-z!/]/i);
    expect(text).not.toMatch(/[\u200b-\u200f\ufeff]/);
  });
});

describe('renderEmail: unsubscribe link', () => {
  it('is in the footer of every marketing template, in both parts', async () => {
    expect([...MARKETING_TEMPLATES].sort()).toEqual(['abandoned_cart', 'campaign', 'price_drop']);
    for (const template of MARKETING_TEMPLATES) {
      const email = await renderFixture(template);
      expect(email.html).toContain(`href="${unsubscribeUrl.replace(/&/g, '&amp;')}"`);
      expect(email.html).toContain('>Unsubscribe</a>');
      expect(email.text).toContain(`Unsubscribe ${unsubscribeUrl}`);
    }
  });

  it('is never in a transactional template, even when given', async () => {
    for (const template of names.filter((name) => !MARKETING_TEMPLATES.includes(name))) {
      const email = await renderFixture(template);
      expect(email.html).not.toContain(unsubscribeUrl);
      expect(email.html).not.toContain('Unsubscribe');
      expect(email.text).not.toContain('Unsubscribe');
    }
  });

  it('refuses to render a marketing template without one', async () => {
    await expect(renderEmail('campaign', fixtures.campaign, brand)).rejects.toThrow(TemplateDataError);
    await expect(renderEmail('price_drop', fixtures.price_drop, brand, {})).rejects.toThrow(/unsubscribe link/);
  });

  it('refuses a relative or javascript: unsubscribe link', async () => {
    for (const bad of ['/unsubscribe', 'javascript:alert(1)']) {
      await expect(renderEmail('abandoned_cart', fixtures.abandoned_cart, brand, { unsubscribeUrl: bad })).rejects.toThrow(
        /unsubscribeUrl: must be an absolute http\(s\) URL/,
      );
    }
  });
});

describe('renderEmail: content', () => {
  it('welcome greets by name and links to the storefront', async () => {
    const email = await renderFixture('welcome');
    expect(email.subject).toBe('Welcome to OmniCart');
    expect(email.text).toContain('Welcome, Ada!');
    expect(email.text).toContain(`Start shopping ${brand.storefrontUrl}`);
  });

  it('password_reset has the reset link and how long it works', async () => {
    const email = await renderFixture('password_reset');
    expect(email.subject).toBe('Reset your password');
    expect(email.html).toContain(`href="${fixtures.password_reset.resetUrl}"`);
    expect(email.text).toContain(`Choose a new password ${fixtures.password_reset.resetUrl}`);
    expect(email.text).toContain('1 hour');
    const short = await renderFixture('password_reset', { ...fixtures.password_reset, expiresInMinutes: 30 });
    expect(short.text).toContain('30 minutes');
  });

  it('password_changed says when, in UTC, and links to the reset flow', async () => {
    const email = await renderFixture('password_changed');
    expect(email.subject).toBe('Your password was changed');
    expect(email.text).toContain('December 7, 2026 at 5:15 AM UTC');
    expect(email.text).toContain(`Reset your password ${fixtures.password_changed.forgotPasswordUrl}`);
  });

  it('staff_invitation names the role, the accept link and the expiry', async () => {
    const email = await renderFixture('staff_invitation');
    expect(email.subject).toBe("You're invited to the OmniCart admin");
    expect(email.text).toContain('catalog manager');
    expect(email.text).toContain(`Accept the invitation ${fixtures.staff_invitation.acceptUrl}`);
    expect(email.text).toContain('December 14, 2026 at 9:00 AM UTC');
  });

  it('order_confirmation lists the lines, the totals, the address and the order link', async () => {
    const email = await renderFixture('order_confirmation');
    expect(email.subject).toBe('Your order #1042 is confirmed');
    for (const part of [email.html, email.text]) {
      for (const fact of ['Trail Running Shoe', 'Merino Socks', '$89.99', '$12.50', '$25.00', '$114.99', '$9.99', '$5.01', '$129.99']) {
        expect(part).toContain(fact);
      }
      for (const fact of ['12 St James Square', 'Flat 3', 'Portland, OR 97201']) expect(part).toContain(fact);
    }
    expect(email.text).toMatch(/Merino Socks\s+2\s+\$12\.50\s+\$25\.00/);
    expect(email.text).toMatch(/Total:\s+\$129\.99/);
    expect(email.text).toContain('Hi Ada Lovelace,');
    expect(email.html).toContain('View your order');
    expect(email.text).toContain(`View your order ${fixtures.order_confirmation.orderUrl}`);
  });

  it('order_confirmation shows each discount as "−$x.xx", the line savings and totals that add up', async () => {
    const email = await renderFixture('order_confirmation', {
      ...fixtures.order_confirmation,
      lines: [
        { ...fixtures.order_confirmation.lines[0]!, discount: 900 },
        { ...fixtures.order_confirmation.lines[1]!, discount: 250 },
      ],
      // 11499 − 2149 + 999 + 501 = 10850
      discount: 2149,
      discounts: [
        { name: 'Welcome 10 % off', code: 'WELCOME10', amount: 1150 },
        { name: 'Free shipping', code: null, amount: 999 },
      ],
      total: 10850,
    });
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Discount (WELCOME10 · Welcome 10 % off):');
      expect(part).toContain('Discount (Free shipping):');
      expect(part).toContain('You save \u2212$9.00');
      expect(part).toContain('You save \u2212$2.50');
    }
    expect(email.text).toMatch(/Subtotal:\s+\$114\.99/);
    expect(email.text).toMatch(/Discount \(WELCOME10 · Welcome 10 % off\):\s+\u2212\$11\.50/);
    expect(email.text).toMatch(/Discount \(Free shipping\):\s+\u2212\$9\.99/);
    expect(email.text).toMatch(/Discount:\s+\u2212\$21\.49/);
    expect(email.text).toMatch(/Shipping:\s+\$9\.99/);
    expect(email.text).toMatch(/Total:\s+\$108\.50/);
    // In that order: Subtotal, the discounts, Shipping, Tax, Total.
    const order = ['Subtotal:', 'Discount (WELCOME10', 'Discount (Free shipping)', 'Discount:', 'Shipping:', 'Tax:', 'Total:'].map((label) => email.text.indexOf(label));
    expect(order.every((at, index) => at >= 0 && (index === 0 || at > order[index - 1]!))).toBe(true);
  });

  it('order_confirmation with one discount shows it once; without discount fields (older orders) shows none', async () => {
    const one = await renderFixture('order_confirmation', {
      ...fixtures.order_confirmation,
      discount: 1150,
      discounts: [{ name: 'Welcome 10 % off', code: 'WELCOME10', amount: 1150 }],
      total: 11849,
    });
    expect(one.text.match(/Discount/g)).toHaveLength(1);
    expect(one.text).toMatch(/Discount \(WELCOME10 · Welcome 10 % off\):\s+\u2212\$11\.50/);

    const onlyTotal = await renderFixture('order_confirmation', { ...fixtures.order_confirmation, discount: 500, total: 12499 });
    expect(onlyTotal.text).toMatch(/Discount:\s+\u2212\$5\.00/);

    const older = await renderFixture('order_confirmation');
    expect(older.text).not.toContain('Discount');
    expect(older.text).not.toContain('You save');
    expect(older.html).not.toContain('\u2212');
    const zero = await renderFixture('order_confirmation', { ...fixtures.order_confirmation, discount: 0, discounts: [] });
    expect(zero.text).not.toContain('Discount');
  });

  it('order_confirmation without a name or a second address line still reads well', async () => {
    const email = await renderFixture('order_confirmation', {
      ...fixtures.order_confirmation,
      name: null,
      shippingAddress: { ...fixtures.order_confirmation.shippingAddress, line2: null, region: null },
    });
    expect(email.text).toContain('Hello,');
    expect(email.text).toContain('Portland 97201');
    expect(email.html).not.toContain('null');
    expect(email.text).not.toContain('null');
  });

  it('formats other currencies like the storefront', async () => {
    const email = await renderFixture('order_confirmation', {
      ...fixtures.order_confirmation,
      currency: 'EUR',
    });
    expect(email.text).toContain('€129.99');
    const yen = await renderFixture('payment_failed', { ...fixtures.payment_failed, currency: 'JPY', total: 12999 });
    expect(yen.text).toContain('¥12,999');
  });

  it('payment_failed states the amount and links back to the cart', async () => {
    const email = await renderFixture('payment_failed');
    expect(email.subject).toContain('#1042');
    expect(email.text).toContain('$129.99');
    expect(email.text).toContain(`Return to your cart ${fixtures.payment_failed.cartUrl}`);
  });

  it('order_shipped shows carrier and tracking number when known', async () => {
    const email = await renderFixture('order_shipped');
    expect(email.subject).toBe('Your order #1042 has shipped');
    for (const part of [email.html, email.text]) {
      expect(part).toContain('UPS');
      expect(part).toContain('1Z999AA10123456784');
    }
  });

  it('order_shipped leaves out what is not known', async () => {
    const none = await renderFixture('order_shipped', { ...fixtures.order_shipped, carrier: null, trackingNumber: null });
    expect(none.text).not.toMatch(/Carrier|Tracking/);
    expect(none.html).not.toContain('null');
    expect(none.text).toContain('#1042');
    const trackingOnly = await renderFixture('order_shipped', { ...fixtures.order_shipped, carrier: null });
    expect(trackingOnly.text).toContain('Tracking number: 1Z999AA10123456784');
    expect(trackingOnly.text).not.toContain('Carrier');
  });

  it('order_delivered and order_cancelled name the order and link to it', async () => {
    const delivered = await renderFixture('order_delivered');
    expect(delivered.subject).toBe('Your order #1042 was delivered');
    expect(delivered.text).toContain(`View your order ${fixtures.order_delivered.orderUrl}`);
    const cancelled = await renderFixture('order_cancelled');
    expect(cancelled.subject).toBe('Your order #1042 was cancelled');
    expect(cancelled.text).toContain('refunded $129.99');
    const unpaid = await renderFixture('order_cancelled', { ...fixtures.order_cancelled, amountRefunded: 0 });
    expect(unpaid.text).not.toContain('refunded');
  });

  it('order_refunded words a partial refund and a full one differently', async () => {
    const partial = await renderFixture('order_refunded');
    expect(partial.subject).toBe('A partial refund for your order #1042');
    expect(partial.text).toContain('partial refund');
    expect(partial.text).toContain('$25.00');
    expect(partial.text).toContain('$129.99');
    const full = await renderFixture('order_refunded', {
      ...fixtures.order_refunded,
      amount: 10499,
      amountRefunded: 12999,
      full: true,
    });
    expect(full.subject).toBe('Your order #1042 has been refunded');
    expect(full.text).toContain('refunded in full');
    expect(full.text).toContain('$104.99');
    expect(full.text).not.toContain('partial');
  });

  it('back-in-stock mails name the product and link to it', async () => {
    const confirm = await renderFixture('back_in_stock_confirm');
    expect(confirm.subject).toContain('Trail Running Shoe');
    expect(confirm.text).toContain(fixtures.back_in_stock_confirm.confirmUrl);
    const alert = await renderFixture('back_in_stock');
    expect(alert.subject).toBe('Trail Running Shoe is back in stock');
    expect(alert.text).toContain(fixtures.back_in_stock.productUrl);
  });

  it('price_drop shows the old and the new price', async () => {
    const email = await renderFixture('price_drop');
    expect(email.subject).toBe('Price drop: Trail Running Shoe is now $99.99');
    expect(email.text).toContain('$129.99');
    expect(email.html).toContain('line-through');
  });

  it('abandoned_cart lists the lines and the subtotal', async () => {
    const email = await renderFixture('abandoned_cart');
    expect(email.subject).toBe('You left something in your cart');
    expect(email.text).toMatch(/Merino Socks\s+2\s+\$12\.50\s+\$25\.00/);
    expect(email.text).toMatch(/Subtotal:\s+\$114\.99/);
    expect(email.text).toContain(`Return to your cart ${fixtures.abandoned_cart.cartUrl}`);
  });

  it('campaign with a code: {{code}} in the subject and body becomes the code, and a code block shows it', async () => {
    const email = await renderFixture('campaign', {
      ...fixtures.campaign,
      subject: 'A gift for you: {{code}}',
      bodyMarkdown: 'Use **{{ code }}** at checkout.',
      code: { code: 'WINTER-7KQ2MZP4XA', label: '20 % off', expiresAt: '2026-12-31T23:00:00.000Z' },
    });
    expect(email.subject).toBe('A gift for you: WINTER-7KQ2MZP4XA');
    expect(email.html).toContain('<strong>WINTER-7KQ2MZP4XA</strong>');
    expect(email.html).not.toContain('{{');
    expect(email.text).toContain('Your code for 20 % off:');
    expect(email.text).toContain('Enter it at checkout, by December 31, 2026 at 11:00 PM UTC.');
    expect(email.text.match(/WINTER-7KQ2MZP4XA/g)).toHaveLength(2);

    const plain = await renderFixture('campaign', { ...fixtures.campaign, code: { code: 'SHARED10' } });
    expect(plain.text).toContain('Your code:');
    expect(plain.text).toContain('SHARED10');
    expect(plain.text).toContain('Enter it at checkout.');
    const none = await renderFixture('campaign');
    expect(none.text).not.toContain('Your code');
  });

  it('campaign refuses a code that is not letters, digits, - and _', async () => {
    const bad = { ...fixtures.campaign, code: { code: '<b>X</b>' } };
    await expect(renderFixture('campaign', bad)).rejects.toThrow(/code\.code/);
  });

  it('campaign renders its Markdown and its call to action', async () => {
    const email = await renderFixture('campaign');
    expect(email.subject).toBe('Winter sale: 20% off outerwear');
    expect(email.html).toMatch(/<h1[^>]*>Winter sale<\/h1>/);
    expect(email.html).toMatch(/<strong>outerwear<\/strong>/);
    expect(email.html).toContain('Three days only.');
    expect(email.text).toContain(`Shop the sale ${fixtures.campaign.ctaUrl}`);
    const noCta = await renderFixture('campaign', { ...fixtures.campaign, ctaLabel: null, ctaUrl: null });
    expect(noCta.text).not.toContain('Shop the sale');
  });
});

describe('renderEmail: untrusted strings', () => {
  it('escapes markup in names, product names and the store name', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const email = await renderEmail(
      'order_confirmation',
      {
        ...fixtures.order_confirmation,
        name: evil,
        lines: [{ ...fixtures.order_confirmation.lines[0]!, name: evil }],
      },
      { ...brand, storeName: `Shop ${evil}` },
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;');
  });

  it('keeps a subject on one line whatever the data holds', async () => {
    const email = await renderFixture('back_in_stock', { ...fixtures.back_in_stock, productName: 'Shoe\r\nBcc: victim@example.com' });
    expect(email.subject).toBe('Shoe Bcc: victim@example.com is back in stock');
  });
});

describe('renderEmail: invalid input', () => {
  it('names every bad field of the data', async () => {
    const bad = { ...fixtures.order_confirmation, orderUrl: '/orders/1042', total: 129.99 } as EmailTemplates['order_confirmation'];
    const error = await renderEmail('order_confirmation', bad, brand).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateDataError);
    expect((error as TemplateDataError).template).toBe('order_confirmation');
    expect((error as Error).message).toMatch(/orderUrl: must be an absolute http\(s\) URL/);
    expect((error as Error).message).toMatch(/total:/);
  });

  it('refuses a brand with a relative storefront URL and accepts one with a trailing slash', async () => {
    await expect(renderEmail('welcome', fixtures.welcome, { ...brand, storefrontUrl: '/shop' })).rejects.toThrow(/storefrontUrl/);
    const email = await renderEmail('welcome', fixtures.welcome, { ...brand, storefrontUrl: 'https://shop.example.com/' });
    expect(email.html).toContain('href="https://shop.example.com"');
  });

  it('refuses an unknown template', async () => {
    await expect(renderEmail('nope' as EmailTemplateName, fixtures.welcome as never, brand)).rejects.toThrow(/unknown email template/);
  });

  it('renders without a support address', async () => {
    const email = await renderEmail('order_delivered', fixtures.order_delivered, { storeName: 'OmniCart', storefrontUrl: brand.storefrontUrl });
    expect(email.html).not.toContain('mailto:');
    expect(email.text).toContain('Let us know');
  });
});
