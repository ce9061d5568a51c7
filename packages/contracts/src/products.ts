import { z } from 'zod';
import { text } from './text.js';

/**
 * A product's editable fields as the catalog accepts them: the catalog's create/update input
 * schemas are built from these, and the admin's product form validates with the same ones before
 * it sends anything (the catalog checks again). Browser-safe.
 */

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatusValue = (typeof PRODUCT_STATUSES)[number];
export const productStatusValueSchema = z.enum(PRODUCT_STATUSES);

/** The highest price a product may have: $1,000,000.00 in cents. */
export const MAX_PRODUCT_PRICE = 100_000_000;

export const productSkuSchema = text()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'SKU may contain letters, digits, ".", "_" and "-"');
export const productNameSchema = text().trim().min(1).max(200);
export const productDescriptionSchema = text().trim().max(5000);
export const productBrandSchema = text().trim().min(1).max(100);
export const productPriceAmountSchema = z
  .number()
  .int('price.amount must be an integer number of cents')
  .positive('price.amount must be positive')
  .max(MAX_PRODUCT_PRICE);
/** Attribute names are plain words (no "__proto__" tricks); values short text. */
export const productAttributeNameSchema = text()
  .trim()
  .min(1)
  .max(50)
  .refine((key) => /^[A-Za-z][A-Za-z0-9 _-]*$/.test(key), 'attribute names must start with a letter and use letters, digits, spaces, "_" or "-"');
export const productAttributeValueSchema = text().trim().max(200);
export const productAttributesInputSchema = z.record(productAttributeNameSchema, productAttributeValueSchema);
