/**
 * Test card numbers → the payment method ids the payments simulator (and Stripe test mode) know.
 * Pure: used by the checkout form for instant feedback and by the BFF, which is the only place the
 * mapping is decided — the card number itself never leaves the storefront server.
 */

export const TEST_CARDS = [
  { number: '4242424242424242', paymentMethod: 'pm_card_visa', label: 'succeeds' },
  { number: '4000000000000002', paymentMethod: 'pm_card_chargeDeclined', label: 'is declined' },
  { number: '4000000000009995', paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', label: 'is declined (insufficient funds)' },
] as const;

export type TestPaymentMethod = (typeof TEST_CARDS)[number]['paymentMethod'];

/** "4242424242424242" → "4242 4242 4242 4242" */
export function groupCardNumber(digits: string): string {
  return digits.replace(/\D/g, '').slice(0, 19).replace(/(\d{4})(?=\d)/g, '$1 ');
}

export const TEST_CARD_HINT = `Use one of the test cards: ${TEST_CARDS.map((card) => groupCardNumber(card.number)).join(', ')}`;

/** Spaces and dashes a shopper may type between groups are dropped; anything else stays and fails. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** The Luhn (mod 10) checksum every real card number satisfies. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

export type CardNumberResult = { ok: true; paymentMethod: TestPaymentMethod } | { ok: false; message: string };

/** A card number as typed → the test payment method, or the message to show next to the field. */
export function paymentMethodForCard(input: string): CardNumberResult {
  const digits = normalizeCardNumber(input);
  if (digits.length === 0) return { ok: false, message: 'Enter a card number' };
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return { ok: false, message: 'Enter a valid card number' };
  const card = TEST_CARDS.find((candidate) => candidate.number === digits);
  if (!card) return { ok: false, message: TEST_CARD_HINT };
  return { ok: true, paymentMethod: card.paymentMethod };
}

/**
 * "MM/YY" (also "MM / YY", "MMYY", "MM/YYYY") valid through the end of that month. `now` is injectable
 * for tests. Returns the message to show, or null when fine.
 */
export function expiryError(input: string, now: Date = new Date()): string | null {
  const value = input.trim();
  if (value.length === 0) return 'Enter the expiry date';
  const match = /^(\d{2})\s*\/?\s*(\d{2}|\d{4})$/.exec(value);
  if (!match) return 'Enter the expiry date as MM/YY';
  const month = Number(match[1]);
  const yearText = match[2] ?? '';
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (month < 1 || month > 12) return 'Enter a month from 01 to 12';
  const currentYear = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  if (year < currentYear || (year === currentYear && month < currentMonth)) return 'This card has expired';
  if (year > currentYear + 20) return 'Enter a valid expiry date';
  return null;
}

/** Typing help: "12" → "12/", "1226" → "12/26". */
export function formatExpiryInput(input: string): string {
  const digits = input.replace(/\D/g, '').slice(0, 4);
  if (digits.length <= 2) return digits;
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

export function cvcError(input: string): string | null {
  const value = input.trim();
  if (value.length === 0) return 'Enter the CVC';
  if (!/^\d{3,4}$/.test(value)) return 'The CVC is 3 or 4 digits';
  return null;
}
