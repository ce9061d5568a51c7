'use server';
import { TRPCClientError } from '@trpc/client';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { fieldErrorsOf, type FormState } from '@/lib/forms';
import { productFieldErrors, productForm, productFormValues, formField } from '@/lib/products/forms';
import { BULK_MAX_PRODUCTS, type BulkAction, type BulkPreview } from '@/lib/products/types';
import { UUID, refusalOf, writerWith } from './action-access';

/**
 * The product editor's and the products table's actions, as server actions: each checks
 * products:write, validates with the catalog's field rules, calls the catalog through the gateway
 * with the staff member's token, and answers with the catalog's refusal beside its fields.
 */


const writer = (verb: string) => writerWith('products:write', verb);

function detailsOf(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return (error.data as { details?: Record<string, unknown> } | undefined)?.details;
}

const refusal = (error: unknown, verb: string) => refusalOf(error, verb, 'the product');

/** Creates (no `id`) or updates a product; the low-stock threshold goes to inventory (setStock). */
export async function saveProduct(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const creating = id === '';
  const verb = creating ? 'create this product' : 'save this product';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  const { api } = who.context;
  const permissions = who.context.staff?.permissions ?? [];
  if (!creating && !UUID.test(id)) return { status: 'error', message: 'This product is not valid.' };
  const { values, input } = productFormValues(form);
  const parsed = productForm.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const [path, message] of Object.entries(fieldErrorsOf(parsed.error))) fieldErrors[formField(path)] ??= message;
    return { status: 'error', message: 'Check the highlighted fields.', fieldErrors, values };
  }
  const { lowStockThreshold, attributes, price, ...fields } = parsed.data;
  const product = { ...fields, price: { amount: price, currency: 'USD' as const }, attributes: Object.fromEntries(attributes.map((row) => [row.name, row.value])) };
  let saved: { id: string; sku: string };
  try {
    saved = creating ? await api.catalog.create.mutate(product) : await api.catalog.update.mutate({ id, ...product });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) {
      console.error(`product action (${verb}) failed`, error);
      return { status: 'error', message: `Could not ${verb} right now: the catalog did not answer. Please try again.`, values };
    }
    if (refused.status === 400 || refused.status === 409) {
      const fieldErrors = productFieldErrors(refused.message, detailsOf(error));
      const { form: general, ...rest } = fieldErrors;
      return { status: 'error', message: general ? `Could not ${verb}: ${general}` : 'Check the highlighted fields.', fieldErrors: rest, values };
    }
    return { status: 'error', message: refused.message, values };
  }

  // The low-stock threshold belongs to inventory: set it there when it changed.
  let thresholdProblem: string | null = null;
  if (lowStockThreshold !== undefined) {
    if (!permissions.includes('inventory:write')) thresholdProblem = "The low-stock threshold was not changed: you don't have permission to change stock.";
    else {
      try {
        // inventory.list carries the threshold (getStock does not): the SKU as a prefix, then the exact one.
        const current = (await api.inventory.list.query({ q: saved.sku, pageSize: 10 })).items.find((level) => level.sku === saved.sku) ?? null;
        if (!current || current.lowStockThreshold !== lowStockThreshold) {
          // No onHand: inventory keeps the units on hand as they are under its row lock (a sale meanwhile is not overwritten).
          await api.inventory.setStock.mutate({ sku: saved.sku, reason: 'low-stock threshold set in the product editor', lowStockThreshold });
        }
      } catch (error) {
        const refused = refusal(error, 'change the low-stock threshold');
        if (!refused) console.error('low-stock threshold update failed', error);
        thresholdProblem = `The product was saved, but the low-stock threshold was not: ${refused?.message ?? 'the inventory service did not answer'}.`;
      }
    }
  }
  revalidatePath('/products');
  revalidatePath(`/products/${saved.id}`);
  if (creating) redirect(`/products/${saved.id}?created=1${thresholdProblem ? '&threshold=0' : ''}`);
  if (thresholdProblem) return { status: 'error', message: thresholdProblem, fieldErrors: { lowStockThreshold: thresholdProblem } };
  return { status: 'done', message: `Saved ${parsed.data.name}.` };
}

/** Archive (`intent=archive`) or restore (`intent=restore`, back as a draft). */
export async function archiveOrRestore(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const restore = form.get('intent') === 'restore';
  const verb = restore ? 'restore this product' : 'archive this product';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  if (!UUID.test(id)) return { status: 'error', message: 'This product is not valid.' };
  try {
    if (restore) await who.context.api.catalog.restore.mutate({ id });
    else await who.context.api.catalog.archive.mutate({ id });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error(`product action (${verb}) failed`, error);
    return { status: 'error', message: refused ? refused.message : `Could not ${verb} right now: the catalog did not answer. Please try again.` };
  }
  revalidatePath('/products');
  revalidatePath(`/products/${id}`);
  return { status: 'done', message: restore ? 'Restored as a draft: publish it (status Active) when it is ready to sell again.' : 'Archived: no longer listed in the shop.' };
}

export type BulkPreviewAnswer = { ok: true; preview: BulkPreview } | { ok: false; message: string };
export type BulkApplyAnswer = { ok: true; changed: number; unchanged: number } | { ok: false; message: string; stale?: boolean };

function checkSelection(ids: unknown): string[] | null {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > BULK_MAX_PRODUCTS) return null;
  return ids.every((id) => typeof id === 'string' && UUID.test(id)) ? (ids as string[]) : null;
}

/** What a bulk change would do to the selected products (writes nothing). */
export async function previewBulkChange(ids: string[], action: BulkAction): Promise<BulkPreviewAnswer> {
  const verb = 'change these products';
  const who = await writer(verb);
  if (!who.context) return { ok: false, message: who.refused };
  const selection = checkSelection(ids);
  if (!selection) return { ok: false, message: `Select between 1 and ${BULK_MAX_PRODUCTS} products.` };
  try {
    return { ok: true, preview: await who.context.api.catalog.bulkPreview.mutate({ ids: selection, action }) };
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('bulk preview failed', error);
    return { ok: false, message: refused ? `Could not preview: ${refused.message}` : 'Could not preview right now: the catalog did not answer. Please try again.' };
  }
}

/** Applies a previewed bulk change, all or nothing; stale when a product changed since the preview. */
export async function applyBulkChange(action: BulkAction, items: { id: string; updatedAt: string }[]): Promise<BulkApplyAnswer> {
  const verb = 'change these products';
  const who = await writer(verb);
  if (!who.context) return { ok: false, message: who.refused };
  if (!checkSelection(items.map((item) => item.id))) return { ok: false, message: `Select between 1 and ${BULK_MAX_PRODUCTS} products.` };
  try {
    const result = await who.context.api.catalog.bulkApply.mutate({ action, items: items.map(({ id, updatedAt }) => ({ id, updatedAt: String(updatedAt).slice(0, 40) })) });
    revalidatePath('/products');
    return { ok: true, ...result };
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('bulk apply failed', error);
    if (refused?.status === 409) return { ok: false, stale: true, message: `Nothing was changed: ${refused.message}` };
    return { ok: false, message: refused ? `Nothing was changed: ${refused.message}` : 'Could not apply right now: the catalog did not answer. Nothing was changed. Please try again.' };
  }
}
