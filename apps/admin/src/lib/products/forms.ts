import {
  productAttributeNameSchema,
  productAttributeValueSchema,
  productBrandSchema,
  productDescriptionSchema,
  productNameSchema,
  productPriceAmountSchema,
  productSkuSchema,
  productStatusValueSchema,
} from '@omnicart/contracts';
import { z } from 'zod';
import { MAX_LOW_STOCK_THRESHOLD } from '../inventory/types';
import { centsFromDecimal } from '../url-state';

/**
 * The product editor's form, validated with the catalog's own field rules (@omnicart/contracts
 * products.ts) before anything is sent; the catalog checks again and its refusals land beside the
 * same fields (productFieldErrors). Friendlier words for the common mistakes come first.
 */

/** The most attribute rows the editor shows. */
export const MAX_ATTRIBUTES = 20;

const required = (message: string) => z.string().trim().min(1, message);

const attributeRow = z.object({
  name: productAttributeNameSchema,
  value: productAttributeValueSchema,
});

export const productForm = z.object({
  name: required('Enter the product’s name').pipe(productNameSchema),
  sku: required('Enter a SKU, like HPH-00042').pipe(productSkuSchema),
  description: productDescriptionSchema,
  price: required('Enter a price, like 12.99')
    .transform((value, ctx) => {
      const cents = centsFromDecimal(value);
      if (cents === undefined) {
        ctx.addIssue({ code: 'custom', message: 'Enter a price in dollars and cents, like 12.99' });
        return z.NEVER;
      }
      return cents;
    })
    .pipe(productPriceAmountSchema.min(1, 'A price is at least $0.01').max(100_000_000, 'A price is at most $1,000,000.00')),
  category: required('Choose a category'),
  brand: z
    .string()
    .trim()
    .transform((value) => (value === '' ? null : value))
    .pipe(productBrandSchema.nullable()),
  status: productStatusValueSchema,
  attributes: z
    .array(attributeRow)
    .max(MAX_ATTRIBUTES)
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((row, index) => {
        const key = row.name.toLowerCase();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `“${row.name}” is listed twice` });
        seen.add(key);
      });
    }),
  lowStockThreshold: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, 'The low-stock threshold is a whole number of units, like 5')
        .transform(Number)
        .refine((value) => value <= MAX_LOW_STOCK_THRESHOLD, `The low-stock threshold is at most ${MAX_LOW_STOCK_THRESHOLD.toLocaleString('en-US')}`)
        .optional(),
    ),
});
export type ProductForm = z.output<typeof productForm>;

/**
 * The form's raw values (strings, what the form shows again after a refusal) and the input to
 * validate: attribute rows come as `attributeName.<n>` / `attributeValue.<n>`; empty rows are dropped.
 */
export function productFormValues(form: FormData): { values: Record<string, string>; input: Record<string, unknown> } {
  const text = (name: string) => String(form.get(name) ?? '');
  const values: Record<string, string> = {};
  for (const name of ['name', 'sku', 'description', 'price', 'category', 'brand', 'status', 'lowStockThreshold']) values[name] = text(name);
  const attributes: { name: string; value: string }[] = [];
  for (let index = 0; index < MAX_ATTRIBUTES; index++) {
    const name = text(`attributeName.${index}`);
    const value = text(`attributeValue.${index}`);
    if (!name.trim() && !value.trim()) continue;
    values[`attributeName.${attributes.length}`] = name;
    values[`attributeValue.${attributes.length}`] = value;
    attributes.push({ name, value });
  }
  return { values, input: { ...values, attributes } };
}

/** The attribute rows of a values map (or of a product's attributes), in order. */
export function attributeRows(values: Record<string, string> | undefined, fallback: Record<string, string>): { name: string; value: string }[] {
  if (!values) return Object.entries(fallback).map(([name, value]) => ({ name, value }));
  const rows: { name: string; value: string }[] = [];
  for (let index = 0; values[`attributeName.${index}`] !== undefined; index++) {
    rows.push({ name: values[`attributeName.${index}`] ?? '', value: values[`attributeValue.${index}`] ?? '' });
  }
  return rows;
}

/** Field path of a form error → the form field it belongs to (`attributes.2.name` → `attributeName.2`). */
export function formField(path: string): string {
  const [head, index, part] = path.split('.');
  if (head === 'attributes' && index !== undefined && /^\d+$/.test(index)) return part === 'value' ? `attributeValue.${index}` : `attributeName.${index}`;
  if (head === 'attributes') return 'attributes';
  if (head === 'price') return 'price';
  if (head === 'slug') return 'name';
  if (head && ['name', 'sku', 'description', 'category', 'brand', 'status', 'lowStockThreshold'].includes(head)) return head;
  return 'form';
}

/**
 * The catalog's refusal beside its fields: a conflict names its field in `details.field`
 * (`sku`), a 400 says `<path>: <message>` for each problem, separated by "; ".
 */
export function productFieldErrors(message: string, details?: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof details?.field === 'string') {
    fields[formField(details.field)] = message.replace(/^[\w.]+: /, '');
    return fields;
  }
  for (const part of message.split('; ')) {
    const match = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
    if (match) fields[formField(match[1]!)] ??= match[2]!;
    else fields.form ??= part;
  }
  return fields;
}
