/** The shop a message speaks for: its name, where it lives, and who answers questions. */
export interface Brand {
  storeName: string;
  /** Absolute http(s) URL of the storefront, no trailing slash (one is tolerated and dropped). */
  storefrontUrl: string;
  supportEmail?: string;
}

/** Money as the API sends it: integer minor units plus an ISO-4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

export interface Address {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  country: string;
}

/** One line of an order; prices in minor units of the order's currency. */
export interface OrderLine {
  name: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** quantity × unit price, before discounts. */
  lineTotal: number;
  /** What promotions took off this line (absent or 0: none). */
  discount?: number;
}

/** One promotion's part of an order's discount: its name, the code used (null for an automatic one) and the amount. */
export interface OrderDiscount {
  name: string;
  code: string | null;
  amount: number;
}

/** A promotion code a campaign carries: the code, what it gives ("10 % off") and until when (ISO 8601), when known. */
export interface CampaignCode {
  code: string;
  label?: string | null;
  expiresAt?: string | null;
}

/**
 * The data each email template takes. Amounts are integer minor units of `currency`; URLs are
 * absolute http(s); dates are ISO 8601 strings.
 */
export type EmailTemplates = {
  welcome: { name: string };
  password_reset: { name: string; resetUrl: string; expiresInMinutes: number };
  password_changed: { name: string; changedAt: string; forgotPasswordUrl: string };
  staff_invitation: { name: string; role: string; acceptUrl: string; expiresAt: string };
  order_confirmation: {
    name: string | null;
    orderNumber: string;
    orderUrl: string;
    currency: string;
    lines: OrderLine[];
    subtotal: number;
    /** All discounts (lines + shipping waived); absent or 0: none. total = subtotal − discount + shipping + tax. */
    discount?: number;
    /** Each promotion's part of `discount`, in the order they applied. */
    discounts?: OrderDiscount[];
    shipping: number;
    tax: number;
    total: number;
    shippingAddress: Address;
  };
  payment_failed: { orderNumber: string; currency: string; total: number; cartUrl: string };
  order_shipped: { orderNumber: string; orderUrl: string; carrier: string | null; trackingNumber: string | null };
  order_delivered: { orderNumber: string; orderUrl: string };
  order_cancelled: { orderNumber: string; orderUrl: string; currency: string; amountRefunded: number };
  order_refunded: {
    orderNumber: string;
    orderUrl: string;
    currency: string;
    /** This refund. */
    amount: number;
    /** All refunds of the order so far, this one included. */
    amountRefunded: number;
    total: number;
    /** The order is now refunded in full. */
    full: boolean;
  };
  back_in_stock_confirm: { productName: string; confirmUrl: string };
  back_in_stock: { productName: string; productUrl: string };
  price_drop: { productName: string; productUrl: string; currency: string; oldPrice: number; newPrice: number };
  abandoned_cart: {
    name: string | null;
    cartUrl: string;
    currency: string;
    lines: Array<{ name: string; quantity: number; unitPrice: number }>;
    subtotal: number;
  };
  /**
   * A campaign: Markdown body, optional call to action, and optionally a promotion code, shown in a
   * block under the body; `{{code}}` in the body (and subject) is replaced by the code.
   */
  campaign: { subject: string; preview?: string; bodyMarkdown: string; ctaLabel?: string | null; ctaUrl?: string | null; code?: CampaignCode | null };
};

export type EmailTemplateName = keyof EmailTemplates;

/** The SMS templates take the same data as the email templates of the same name. */
export type SmsTemplates = {
  order_confirmation: EmailTemplates['order_confirmation'];
  order_shipped: EmailTemplates['order_shipped'];
  order_delivered: EmailTemplates['order_delivered'];
};

export type SmsTemplateName = keyof SmsTemplates;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderEmailOptions {
  /** Required by the marketing templates (MARKETING_TEMPLATES); ignored by the others. Absolute http(s). */
  unsubscribeUrl?: string;
}
