import { ADDRESS_LINE_MAX_LENGTH, CITY_MAX_LENGTH, POSTAL_CODE_MAX_LENGTH, countryCodeSchema, shippingAddressSchema } from '@omnicart/contracts';
import { z } from 'zod';
import { emailSchema } from '@/lib/account/registration';
import { worded } from '@/lib/forms/wording';
import { COUNTRY_CODES } from './countries';
import { discountCodeSchema } from './discount-code';
import { cvcError, expiryError, paymentMethodForCard } from './test-cards';

/**
 * The checkout form's rules, shared by the browser (messages next to each field before sending)
 * and the BFF (the same rules again at the procedure boundary). Messages are written for shoppers.
 */

/**
 * The orders service's shipping address (@omnicart/contracts' shippingAddressSchema: trimming and
 * limits) plus what this form adds on top: only the countries the shop ships to, a postal code's
 * shape, and an empty second line left out.
 */
const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;
const formAddress = shippingAddressSchema.extend({
  line2: shippingAddressSchema.shape.line2.transform((value) => (value ? value : undefined)),
  postalCode: shippingAddressSchema.shape.postalCode.regex(POSTAL_CODE),
  country: countryCodeSchema.pipe(z.enum(COUNTRY_CODES)),
});

export const addressSchema = worded(formAddress, {
  name: { empty: 'Enter your full name', too_big: `Full name must be at most ${ADDRESS_LINE_MAX_LENGTH} characters` },
  line1: { empty: 'Enter the first line of your address', too_big: `Address line 1 must be at most ${ADDRESS_LINE_MAX_LENGTH} characters` },
  line2: { too_big: `Address line 2 must be at most ${ADDRESS_LINE_MAX_LENGTH} characters` },
  city: { empty: 'Enter your city', too_big: `City must be at most ${CITY_MAX_LENGTH} characters` },
  postalCode: {
    empty: 'Enter your postal code',
    too_big: `Postal code must be at most ${POSTAL_CODE_MAX_LENGTH} characters`,
    invalid_format: 'Enter a valid postal code',
  },
  country: { invalid: 'Choose a country' },
});
export type AddressInput = z.input<typeof addressSchema>;
export type Address = z.output<typeof addressSchema>;

export const cardNumberSchema = z.string().superRefine((value, ctx) => {
  const result = paymentMethodForCard(value);
  if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
});

export const expirySchema = z.string().superRefine((value, ctx) => {
  const message = expiryError(value);
  if (message) ctx.addIssue({ code: 'custom', message });
});

export const cvcSchema = z.string().superRefine((value, ctx) => {
  const message = cvcError(value);
  if (message) ctx.addIssue({ code: 'custom', message });
});

/** The BFF's checkout.placeOrder input (email is required for guests; the router checks that). */
export const placeOrderInput = z.object({
  email: emailSchema.optional(),
  shippingAddress: addressSchema,
  cardNumber: cardNumberSchema,
  expiry: expirySchema,
  cvc: cvcSchema,
  attemptId: z.uuid('attemptId must be a UUID'),
  /** The applied discount code the totals were shown with (cart or checkout); none: no code. */
  code: discountCodeSchema.optional(),
});
export type PlaceOrderInput = z.input<typeof placeOrderInput>;

/** The form's fields, flat, in the order they appear (the first invalid one gets focus). */
export const CHECKOUT_FIELDS = ['email', 'name', 'line1', 'line2', 'city', 'postalCode', 'country', 'cardNumber', 'expiry', 'cvc'] as const;
export type CheckoutField = (typeof CHECKOUT_FIELDS)[number];
export type CheckoutValues = Record<CheckoutField, string>;
export type FieldErrors = Partial<Record<CheckoutField, string>>;

function isCheckoutField(value: unknown): value is CheckoutField {
  return typeof value === 'string' && (CHECKOUT_FIELDS as readonly string[]).includes(value);
}

/** zod issues (paths like ["shippingAddress", "city"]) → one message per form field, the first wins. */
export function fieldErrorsFromIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[issue.path.length - 1];
    if (isCheckoutField(field) && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** The flat form values → the placeOrder input (without attemptId). */
export function toPlaceOrderInput(values: CheckoutValues, guest: boolean): Omit<PlaceOrderInput, 'attemptId'> {
  return {
    ...(guest ? { email: values.email } : {}),
    shippingAddress: {
      name: values.name,
      line1: values.line1,
      line2: values.line2,
      city: values.city,
      postalCode: values.postalCode,
      country: values.country as PlaceOrderInput['shippingAddress']['country'],
    },
    cardNumber: values.cardNumber,
    expiry: values.expiry,
    cvc: values.cvc,
  };
}

/** Every field checked the way the server will; `{}` when the form may be sent. */
export function validateCheckout(values: CheckoutValues, guest: boolean): FieldErrors {
  const input = toPlaceOrderInput(values, guest);
  const schema = guest ? placeOrderInput.omit({ attemptId: true }).extend({ email: emailSchema }) : placeOrderInput.omit({ attemptId: true });
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsFromIssues(result.error.issues);
}

/** The first field (in form order) with an error, for focus. */
export function firstInvalidField(errors: FieldErrors): CheckoutField | undefined {
  return CHECKOUT_FIELDS.find((field) => errors[field]);
}
