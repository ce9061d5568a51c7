import { z } from 'zod';
import { CURRENCY, MAX_CART_LINES, MAX_LINE_QUANTITY, lineQuantitySchema, text } from '@omnicart/contracts';

/** zod schemas of the cart API: input validation, output shapes and the OpenAPI source. */

/** Quantity limits of one cart line, and lines per cart (shared with the apps). */
export { CURRENCY, MAX_CART_LINES, MAX_LINE_QUANTITY };

/** The opaque public cart id (base64url of 24 random bytes = 32 characters). */
export const cartIdSchema = text()
  .trim()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Invalid cart id')
  .describe('The opaque cart id returned by the first addItem (guests keep it in a cookie)')
  .meta({ example: 'mJ0y2k5cV8iB3qXo1rT6uN9wZ4aD7eFh' });

const optionalCartId = cartIdSchema
  .optional()
  .describe("Guests: the cart id. Signed-in customers may omit it (their own cart is used).");

const productId = z.uuid().describe('Catalog product id');
const quantity = lineQuantitySchema.describe(`1-${MAX_LINE_QUANTITY}`);

export const getCartInput = z.object({ cartId: optionalCartId }).default({});

export const addItemInput = z.object({
  cartId: optionalCartId,
  productId,
  quantity: quantity.default(1).describe(`Units to add to the line (the line's total stays within 1-${MAX_LINE_QUANTITY})`),
});
export type AddItemInput = z.output<typeof addItemInput>;

export const updateItemInput = z.object({
  cartId: optionalCartId,
  productId,
  quantity: quantity.describe(`The line's new quantity, 1-${MAX_LINE_QUANTITY} (use removeItem to drop it)`),
});
export type UpdateItemInput = z.output<typeof updateItemInput>;

export const removeItemInput = z.object({ cartId: optionalCartId, productId });
export type RemoveItemInput = z.output<typeof removeItemInput>;

export const clearCartInput = z.object({ cartId: optionalCartId }).default({});

export const mergeCartInput = z.object({
  guestCartId: cartIdSchema.describe('The guest cart (cookie) to merge into the signed-in customer’s cart'),
});

export const lineIssueSchema = z
  .enum(['archived', 'out_of_stock', 'insufficient_stock', 'unavailable'])
  .nullable()
  .describe(
    'Why the line cannot be bought as is: archived (no longer sold), out_of_stock (none available), ' +
      'insufficient_stock (fewer available than the quantity), unavailable (unknown to the catalog or not published). ' +
      'Lines with an issue are kept but left out of subtotal and itemCount.',
  );
export type LineIssue = z.infer<typeof lineIssueSchema>;

export const cartItemSchema = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  slug: z.string(),
  image: z.string().nullable(),
  unitPrice: z.number().int().describe("The catalog's current price in cents"),
  quantity: z.number().int(),
  lineTotal: z.number().int().describe('unitPrice × quantity in cents'),
  available: z.number().int().describe('Units the catalog currently reports available'),
  maxQuantity: z
    .number()
    .int()
    .describe(`Most units this line may hold: ${MAX_LINE_QUANTITY}, or less when the product is limited per order (catalog maxPerOrder)`),
  issue: lineIssueSchema,
});
export type CartItem = z.infer<typeof cartItemSchema>;

export const cartSchema = z
  .object({
    id: z.string().nullable().describe('The cart id; null while a signed-in customer has no cart yet'),
    customerId: z.uuid().nullable(),
    items: z.array(cartItemSchema).describe('Oldest line first'),
    subtotal: z.number().int().describe('Sum of lineTotal of the lines without an issue, in cents'),
    currency: z.string().length(3),
    itemCount: z.number().int().describe('Units in the lines without an issue'),
    updatedAt: z.string().nullable().describe('ISO-8601 timestamp of the last change'),
  })
  .meta({
    example: {
      id: 'mJ0y2k5cV8iB3qXo1rT6uN9wZ4aD7eFh',
      customerId: null,
      items: [
        {
          productId: '3f0c3f8e-1c1b-4a8e-9a53-0d6f1f5b2a10',
          sku: 'HPH-00001',
          name: 'Sonora Wireless Bluetooth Headphones',
          slug: 'sonora-wireless-bluetooth-headphones-black',
          image: '/images/products/sonora-wireless-bluetooth-headphones-black.svg',
          unitPrice: 12999,
          quantity: 2,
          lineTotal: 25998,
          available: 14,
          maxQuantity: 99,
          issue: null,
        },
      ],
      subtotal: 25998,
      currency: 'USD',
      itemCount: 2,
      updatedAt: '2026-01-01T12:00:00.000Z',
    },
  });
export type CartDto = z.infer<typeof cartSchema>;

export const forCheckoutInput = z
  .object({
    cartId: cartIdSchema.optional(),
    customerId: z.uuid().optional().describe('The signed-in buyer: their open cart, or the cartId must be theirs or a guest cart'),
  })
  .refine((input) => input.cartId !== undefined || input.customerId !== undefined, {
    message: 'cartId or customerId is required',
    path: ['cartId'],
  });
export type ForCheckoutInput = z.output<typeof forCheckoutInput>;

export const checkoutCartSchema = z.object({
  cartId: z.string(),
  customerId: z.uuid().nullable(),
  items: z.array(z.object({ productId: z.uuid(), quantity: z.number().int() })),
});
export type CheckoutCart = z.infer<typeof checkoutCartSchema>;

export const markCheckedOutInput = z.object({
  cartId: cartIdSchema,
  orderId: z.uuid(),
  /** The order's subtotal, announced with the closed cart (cart.cart_updated). */
  subtotal: z.number().int().min(0).optional(),
});
export type MarkCheckedOutInput = z.output<typeof markCheckedOutInput>;

export const checkedOutSchema = z.object({
  cartId: z.string(),
  status: z.literal('checked_out'),
  orderId: z.uuid(),
});
export type CheckedOut = z.infer<typeof checkedOutSchema>;
