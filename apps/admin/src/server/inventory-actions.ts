'use server';
import { serviceStatus } from '@omnicart/bff';
import { revalidatePath } from 'next/cache';
import { fieldErrorsOf, type FormState } from '@/lib/forms';
import { adjustStockForm } from '@/lib/inventory/forms';
import { skuFromPath } from '@/lib/inventory/list-params';
import { getAdminContext } from './context';

/** Sets a SKU's stock (inventory:write) through the gateway with the staff member's token; the reason goes into the movement history. */
export async function adjustStock(_previous: FormState, form: FormData): Promise<FormState> {
  const verb = 'change this stock';
  const context = await getAdminContext();
  if (!context.user) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (!context.staff?.permissions.includes('inventory:write')) return { status: 'error', message: `You don't have permission to ${verb}.` };
  const sku = skuFromPath(String(form.get('sku') ?? ''));
  const values = { onHand: String(form.get('onHand') ?? ''), reason: String(form.get('reason') ?? ''), lowStockThreshold: String(form.get('lowStockThreshold') ?? '') };
  if (!sku) return { status: 'error', message: 'This SKU is not valid.', values };
  const parsed = adjustStockForm.safeParse(values);
  if (!parsed.success) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error), values };
  const { onHand, reason, lowStockThreshold } = parsed.data;
  try {
    await context.api.inventory.setStock.mutate({ sku, onHand, reason, ...(lowStockThreshold !== undefined ? { lowStockThreshold } : {}) });
  } catch (error) {
    const status = serviceStatus(error);
    const message = error instanceof Error ? error.message : '';
    if (status === 403) return { status: 'error', message: `You don't have permission to ${verb}.`, values };
    if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.', values };
    if (status === 400 || status === 409 || status === 422) return { status: 'error', message: `Could not ${verb}: ${message}`, values };
    console.error('stock adjustment failed', error);
    return { status: 'error', message: `Could not ${verb} right now: the inventory service did not answer. Please try again.`, values };
  }
  revalidatePath(`/inventory/${encodeURIComponent(sku)}`);
  revalidatePath('/inventory');
  return { status: 'done', message: `${sku}: ${onHand} on hand.` };
}
