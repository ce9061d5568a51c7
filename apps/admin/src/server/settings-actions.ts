'use server';
import { serviceStatus } from '@omnicart/bff';
import { revalidatePath } from 'next/cache';
import type { FormState } from '@/lib/forms';
import { fieldErrorsOfMessage, parseSettingsForm, type SettingsFormValues } from '@/lib/settings/forms';
import { getAdminContext } from './context';

/** The form's rows and fields as typed, kept to show them again after a refusal. */
function valuesOf(form: FormData): SettingsFormValues {
  const countries = form.getAll('taxCountry').map(String);
  const percents = form.getAll('taxPercent').map(String);
  return {
    storeName: String(form.get('storeName') ?? ''),
    timeZone: String(form.get('timeZone') ?? ''),
    shippingFlat: String(form.get('shippingFlat') ?? ''),
    freeShippingThreshold: String(form.get('freeShippingThreshold') ?? ''),
    defaultTaxPercent: String(form.get('defaultTaxPercent') ?? ''),
    taxRows: countries.map((country, index) => ({ country, percent: percents[index] ?? '' })),
    version: String(form.get('version') ?? '0'),
  };
}

/** FormState carries strings: the tax rows travel as JSON. */
function flat(values: SettingsFormValues): Record<string, string> {
  const { taxRows, ...rest } = values;
  return { ...rest, taxRows: JSON.stringify(taxRows) };
}

/** Saves the store settings (settings:write) through the gateway; orders validates and checks the version again. */
export async function saveSettings(_previous: FormState, form: FormData): Promise<FormState> {
  const verb = 'save the settings';
  const context = await getAdminContext();
  if (!context.user) return { status: 'error', message: 'Your session has ended. Sign in again to continue.' };
  if (!context.staff?.permissions.includes('settings:write')) return { status: 'error', message: `You don't have permission to ${verb}.` };
  const values = valuesOf(form);
  const parsed = parseSettingsForm(values);
  if (!parsed.ok) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: parsed.fieldErrors, values: flat(values) };
  let version: number;
  try {
    version = (await context.api.orders.updateSettings.mutate(parsed.input)).version;
  } catch (error) {
    const status = serviceStatus(error);
    const message = error instanceof Error ? error.message : '';
    if (status === 400) {
      const fieldErrors = fieldErrorsOfMessage(message);
      return { status: 'error', message: Object.keys(fieldErrors).length ? 'Check the highlighted fields.' : `Could not ${verb}: ${message}`, fieldErrors, values: flat(values) };
    }
    if (status === 409) return { status: 'error', message: `${message}. Your changes are still in the form; reload the page to see the saved settings.`, values: flat(values) };
    if (status === 403) return { status: 'error', message: `You don't have permission to ${verb}.`, values: flat(values) };
    if (status === 401) return { status: 'error', message: 'Your session has ended. Sign in again to continue.', values: flat(values) };
    console.error('settings save failed', error);
    return { status: 'error', message: `Could not ${verb} right now: the orders service did not answer. Please try again.`, values: flat(values) };
  }
  revalidatePath('/settings');
  return { status: 'done', message: `Settings saved (version ${version}). Checkout uses them within 2 seconds.` };
}
