'use server';
import { serviceStatus } from '@omnicart/bff';
import type { Permission } from '@omnicart/contracts';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/forms';
import { getAdminContext, type AdminContext } from './context';

/**
 * Staff maintenance of the catalog: the category tree (categories:write) and the product CSV import
 * (products:write). Every call goes through the gateway with the staff member's token; the catalog
 * checks the permission again and has the last word on every rule (its messages are shown as they are).
 */

const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

async function staffWith(permission: Permission, verb: string): Promise<{ api: AdminContext['api'] } | { refusal: string }> {
  const context = await getAdminContext();
  if (!context.user) return { refusal: SESSION_ENDED };
  if (!context.staff?.permissions.includes(permission)) return { refusal: `You don't have permission to ${verb}.` };
  return { api: context.api };
}

/** A service refusal in the staff member's words: the catalog's own message for 4xx, a retry hint otherwise. */
function refusalOf(error: unknown, verb: string): string {
  const status = serviceStatus(error);
  const message = error instanceof Error ? error.message : '';
  if (status === 401) return SESSION_ENDED;
  if (status === 403) return `You don't have permission to ${verb}.`;
  if (status !== undefined && status >= 400 && status < 500) return message || `Could not ${verb}.`;
  console.error(`${verb} failed`, error);
  return `Could not ${verb} right now: the catalog did not answer. Please try again.`;
}

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/**
 * Every form of the categories page posts here; `op` says which change: create, rename, move, up,
 * down, delete. One outcome for the page (shown in its live region).
 */
export async function changeCategory(_previous: FormState, form: FormData): Promise<FormState> {
  const op = field(form, 'op');
  const verb = 'change categories';
  const staff = await staffWith('categories:write', verb);
  if ('refusal' in staff) return { status: 'error', message: staff.refusal };
  const { api } = staff;
  const id = field(form, 'id');
  const name = field(form, 'name');
  try {
    switch (op) {
      case 'create': {
        const slug = field(form, 'slug');
        const parentId = field(form, 'parentId');
        if (!name) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: { name: 'Enter a name' }, values: { name, slug, parentId } };
        const created = await api.catalog.createCategory.mutate({ name, ...(slug ? { slug } : {}), parentId: parentId || null });
        done();
        return { status: 'done', message: `Created “${created.name}” (${created.slug}).` };
      }
      case 'rename': {
        const slug = field(form, 'slug');
        if (!name) return { status: 'error', message: 'Enter a name to rename the category.' };
        const renamed = await api.catalog.updateCategory.mutate({ id, name, ...(slug ? { slug } : {}) });
        done();
        return { status: 'done', message: `Renamed to “${renamed.name}” (${renamed.slug}).` };
      }
      case 'move': {
        const parentId = field(form, 'parentId');
        const moved = await api.catalog.moveCategory.mutate({ id, parentId: parentId || null });
        done();
        return { status: 'done', message: `Moved “${moved.name}” ${moved.parentId ? 'under its new parent' : 'to the top level'}.` };
      }
      case 'up':
      case 'down': {
        const position = Number(field(form, 'position'));
        const target = op === 'up' ? Math.max(0, position - 1) : position + 1;
        const moved = await api.catalog.reorderCategory.mutate({ id, position: target });
        done();
        return { status: 'done', message: `Moved “${moved.name}” ${op}.` };
      }
      case 'delete': {
        await api.catalog.deleteCategory.mutate({ id });
        done();
        return { status: 'done', message: `Deleted “${name}”.` };
      }
      default:
        return { status: 'error', message: 'Unknown change.' };
    }
  } catch (error) {
    return { status: 'error', message: refusalOf(error, op === 'delete' ? `delete “${name}”` : verb), values: { name, slug: field(form, 'slug'), parentId: field(form, 'parentId') } };
  }
}

function done(): void {
  revalidatePath('/products/categories');
  revalidatePath('/products');
}

/** What the import page gets back from the catalog. */
export type ImportPreviewAnswer =
  | {
      ok: true;
      preview: {
        total: number;
        counts: { create: number; update: number; unchanged: number; invalid: number };
        errors: { line: number; field: string; message: string }[];
        rows: { line: number; sku: string; name: string; action: 'create' | 'update' | 'unchanged'; changed: string[] }[];
      };
    }
  | { ok: false; message: string; errors?: { line: number; field: string; message: string }[] };

export type ImportApplyAnswer = { ok: true; created: number; updated: number; unchanged: number } | { ok: false; message: string; errors?: { line: number; field: string; message: string }[] };

/** Validates the file (its text) and says what applying it would do; writes nothing. */
export async function previewProductImport(csv: string): Promise<ImportPreviewAnswer> {
  const verb = 'import products';
  const staff = await staffWith('products:write', verb);
  if ('refusal' in staff) return { ok: false, message: staff.refusal };
  try {
    return { ok: true, preview: await staff.api.catalog.importPreview.mutate({ csv }) };
  } catch (error) {
    return { ok: false, message: refusalOf(error, verb) };
  }
}

/** Applies the file in one transaction (all or nothing); `importId` names it for the progress route. */
export async function applyProductImport(csv: string, importId: string): Promise<ImportApplyAnswer> {
  const verb = 'import products';
  const staff = await staffWith('products:write', verb);
  if ('refusal' in staff) return { ok: false, message: staff.refusal };
  try {
    const result = await staff.api.catalog.importApply.mutate({ csv, importId });
    revalidatePath('/products');
    return { ok: true, ...result };
  } catch (error) {
    const details = (error as { data?: { details?: { errors?: unknown } } }).data?.details;
    const errors = Array.isArray(details?.errors) ? (details.errors as { line: number; field: string; message: string }[]) : undefined;
    return { ok: false, message: refusalOf(error, verb), ...(errors ? { errors } : {}) };
  }
}
