'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/lib/forms';
import { isKnownTimeZone } from '@/lib/campaigns/store-time';
import { createInputOf, fieldErrorsOfMessage, generateInputOf, promotionFormValues, updateInputOf, type PromotionFormValues } from '@/lib/promotions/forms';
import { SESSION_ENDED, UUID, refusalOf, writerWith } from './action-access';
import { getAdminContext } from './context';

/**
 * The promotion pages' actions: each checks discounts:write, calls promotions through the gateway
 * with the staff member's token, and answers with promotions' refusal beside its field.
 */

const UNAVAILABLE = 'the promotions service did not answer. Please try again.';

const writer = (verb: string) => writerWith('discounts:write', verb);

const refusal = (error: unknown, verb: string) => refusalOf(error, verb, 'the promotion');

const flat = (values: PromotionFormValues): Record<string, string> => ({ ...values });

/** Creates (no `id`; then to its page) or updates a promotion. */
export async function savePromotion(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const creating = id === '';
  const verb = creating ? 'create this promotion' : 'save this promotion';
  const values = promotionFormValues(form);
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused, values: flat(values) };
  if (!creating && !UUID.test(id)) return { status: 'error', message: 'This promotion is not valid.' };
  // The zone the form showed its times in (the store settings'); a missing or unknown one falls back to the default store zone.
  const shownZone = String(form.get('timeZone') ?? '');
  const timeZone = isKnownTimeZone(shownZone) ? shownZone : 'America/New_York';
  const parsed = creating ? createInputOf(values, timeZone) : updateInputOf(id, values, timeZone);
  if ('fieldErrors' in parsed) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: parsed.fieldErrors, values: flat(values) };
  let savedId: string;
  try {
    const { api } = who.context;
    savedId = creating
      ? (await api.promotions.create.mutate(parsed.input as Parameters<typeof api.promotions.create.mutate>[0])).id
      : (await api.promotions.update.mutate(parsed.input as Parameters<typeof api.promotions.update.mutate>[0])).id;
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) {
      console.error(`promotion action (${verb}) failed`, error);
      return { status: 'error', message: `Could not ${verb} right now: ${UNAVAILABLE}`, values: flat(values) };
    }
    const fieldErrors = refused.status === 400 || refused.status === 409 ? fieldErrorsOfMessage(refused.message, refused.status) : {};
    const general = Object.keys(fieldErrors).length ? 'Check the highlighted fields.' : `Could not ${verb}: ${refused.message}`;
    return { status: 'error', message: general, fieldErrors, values: flat(values) };
  }
  revalidatePath('/promotions');
  revalidatePath(`/promotions/${savedId}`);
  if (creating) redirect(`/promotions/${savedId}?created=1`);
  return { status: 'done', message: `Saved ${values.name.trim()}.` };
}

/** Deactivate (`active=0`: no new redemption; paid ones stay) or reactivate (`active=1`). */
export async function setPromotionActive(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const active = form.get('active') === '1';
  const verb = active ? 'reactivate this promotion' : 'deactivate this promotion';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  if (!UUID.test(id)) return { status: 'error', message: 'This promotion is not valid.' };
  try {
    await who.context.api.promotions.update.mutate({ id, active });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error(`promotion action (${verb}) failed`, error);
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}` };
  }
  revalidatePath('/promotions');
  revalidatePath(`/promotions/${id}`);
  return { status: 'done', message: active ? 'Reactivated: it applies again within its dates and limits.' : 'Deactivated: no new order can use it.' };
}

/** What "Generate codes" answers: the new batch (shown once on the page), or the refusal. */
export type GenerateState = FormState & { batch?: { batchId: string; count: number; codes: string[] } };

/** A batch of unique single-use codes (kind code only): count and an optional prefix. */
export async function generatePromotionCodes(_previous: GenerateState, form: FormData): Promise<GenerateState> {
  const id = String(form.get('id') ?? '');
  const values = { count: String(form.get('count') ?? ''), prefix: String(form.get('prefix') ?? '') };
  const verb = 'generate codes';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused, values };
  if (!UUID.test(id)) return { status: 'error', message: 'This promotion is not valid.' };
  const parsed = generateInputOf(values);
  if ('fieldErrors' in parsed) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: parsed.fieldErrors, values };
  let batch: GenerateState['batch'];
  try {
    batch = await who.context.api.promotions.generateCodes.mutate({ id, ...parsed.input });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('promotion codes generation failed', error);
    const fieldErrors: Record<string, string> = {};
    if (refused?.status === 400) {
      for (const part of refused.message.split('; ')) {
        const match = /^(count|prefix): (.+)$/.exec(part);
        if (match) fieldErrors[match[1]!] ??= match[2]!.replace(new RegExp(`^${match[1]}: `), '');
      }
    }
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}`, fieldErrors, values };
  }
  revalidatePath(`/promotions/${id}`);
  revalidatePath('/promotions');
  return { status: 'done', message: `${batch.count.toLocaleString('en-US')} new ${batch.count === 1 ? 'code' : 'codes'}, each usable once.`, batch, values };
}

export interface ProductChoice {
  id: string;
  name: string;
  sku: string;
}

/** The product picker's search: up to 10 products (any status) whose name, SKU or brand contains `q`. */
export async function findProducts(q: string): Promise<{ ok: true; items: ProductChoice[] } | { ok: false; message: string }> {
  const context = await getAdminContext();
  if (!context.user) return { ok: false, message: SESSION_ENDED };
  if (!context.staff?.permissions.includes('products:read')) return { ok: false, message: "You don't have permission to look products up." };
  const query = q.trim().slice(0, 200);
  if (!query) return { ok: true, items: [] };
  try {
    const page = await context.api.catalog.search.query({ q: query, page: 1, pageSize: 10, sort: 'name_asc' });
    return { ok: true, items: page.items.map((item) => ({ id: item.id, name: item.name, sku: item.sku })) };
  } catch (error) {
    console.error('product lookup failed', error);
    return { ok: false, message: 'The catalog did not answer. Try again.' };
  }
}
