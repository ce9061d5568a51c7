import type { Brand, EmailTemplateName, EmailTemplates } from './types.js';

/** Shared fixtures of the tests: a brand and typical data for every template. */
export const brand: Brand = {
  storeName: 'OmniCart',
  storefrontUrl: 'https://shop.example.com',
  supportEmail: 'help@shop.example.com',
};

export const unsubscribeUrl = 'https://shop.example.com/notifications/unsubscribe?token=abc123';

export const fixtures: { [K in EmailTemplateName]: EmailTemplates[K] } = {
  welcome: { name: 'Ada' },
  password_reset: { name: 'Ada', resetUrl: 'https://shop.example.com/reset-password?token=r3s3t', expiresInMinutes: 60 },
  password_changed: {
    name: 'Ada',
    changedAt: '2026-12-07T05:15:00.000Z',
    forgotPasswordUrl: 'https://shop.example.com/forgot-password',
  },
  staff_invitation: {
    name: 'Grace',
    role: 'catalog manager',
    acceptUrl: 'https://admin.example.com/invitations/accept?token=inv1',
    expiresAt: '2026-12-14T09:00:00.000Z',
  },
  order_confirmation: {
    name: 'Ada Lovelace',
    orderNumber: '1042',
    orderUrl: 'https://shop.example.com/account/orders/1042',
    currency: 'USD',
    lines: [
      { name: 'Trail Running Shoe', sku: 'SHOE-TR-42', quantity: 1, unitPrice: 8999, lineTotal: 8999 },
      { name: 'Merino Socks', sku: 'SOCK-MER-M', quantity: 2, unitPrice: 1250, lineTotal: 2500 },
    ],
    subtotal: 11499,
    shipping: 999,
    tax: 501,
    total: 12999,
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 St James Square',
      line2: 'Flat 3',
      city: 'Portland',
      region: 'OR',
      postalCode: '97201',
      country: 'US',
    },
  },
  payment_failed: { orderNumber: '1042', currency: 'USD', total: 12999, cartUrl: 'https://shop.example.com/cart' },
  order_shipped: {
    orderNumber: '1042',
    orderUrl: 'https://shop.example.com/account/orders/1042',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
  },
  order_delivered: { orderNumber: '1042', orderUrl: 'https://shop.example.com/account/orders/1042' },
  order_cancelled: {
    orderNumber: '1042',
    orderUrl: 'https://shop.example.com/account/orders/1042',
    currency: 'USD',
    amountRefunded: 12999,
  },
  order_refunded: {
    orderNumber: '1042',
    orderUrl: 'https://shop.example.com/account/orders/1042',
    currency: 'USD',
    amount: 2500,
    amountRefunded: 2500,
    total: 12999,
    full: false,
  },
  back_in_stock_confirm: {
    productName: 'Trail Running Shoe',
    confirmUrl: 'https://shop.example.com/alerts/confirm?token=c0nf',
  },
  back_in_stock: { productName: 'Trail Running Shoe', productUrl: 'https://shop.example.com/products/trail-running-shoe' },
  price_drop: {
    productName: 'Trail Running Shoe',
    productUrl: 'https://shop.example.com/products/trail-running-shoe',
    currency: 'USD',
    oldPrice: 12999,
    newPrice: 9999,
  },
  abandoned_cart: {
    name: null,
    cartUrl: 'https://shop.example.com/cart',
    currency: 'USD',
    lines: [
      { name: 'Trail Running Shoe', quantity: 1, unitPrice: 8999 },
      { name: 'Merino Socks', quantity: 2, unitPrice: 1250 },
    ],
    subtotal: 11499,
  },
  campaign: {
    subject: 'Winter sale: 20% off outerwear',
    preview: 'Three days only.',
    bodyMarkdown: '# Winter sale\n\nEverything in **outerwear** is 20% off until Sunday.\n\n- Jackets\n- Gloves\n\nSee [the sale](https://shop.example.com/sale).',
    ctaLabel: 'Shop the sale',
    ctaUrl: 'https://shop.example.com/sale',
  },
};

/** Every http(s) URL in a text, e.g. the hrefs of an HTML part. */
export function urlsIn(output: string): string[] {
  return [...output.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)].map((match) => match[0].replace(/&amp;/g, '&'));
}
