'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { campaignFormValues, campaignInputOf, fieldErrorsOfMessage, type CampaignFormValues } from '@/lib/campaigns/forms';
import { isoFromStoreTime } from '@/lib/campaigns/store-time';
import type { CampaignPreview } from '@/lib/campaigns/types';
import type { FormState } from '@/lib/forms';
import { UUID, refusalOf, writerWith } from './action-access';
import { storeTimeZone } from './campaigns';

/**
 * The campaign pages' actions: each checks campaigns:write, calls notifications through the
 * gateway with the staff member's token, and answers with the service's refusal beside its field.
 */

const UNAVAILABLE = 'the notifications service did not answer. Please try again.';

const writer = (verb: string) => writerWith('campaigns:write', verb);

const refusal = (error: unknown, verb: string) => refusalOf(error, verb, 'the campaign');

const flat = (values: CampaignFormValues): Record<string, string> => ({ ...values });

/** Creates (no `id`, then to the campaign's page) or updates a draft or scheduled campaign. */
export async function saveCampaign(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const creating = id === '';
  const verb = creating ? 'create this campaign' : 'save this campaign';
  const who = await writer(verb);
  const values = campaignFormValues(form);
  if (!who.context) return { status: 'error', message: who.refused, values: flat(values) };
  if (!creating && !UUID.test(id)) return { status: 'error', message: 'This campaign is not valid.' };
  const parsed = campaignInputOf(values);
  if ('fieldErrors' in parsed) return { status: 'error', message: 'Check the highlighted fields.', fieldErrors: parsed.fieldErrors, values: flat(values) };
  let savedId: string;
  try {
    const { api } = who.context;
    savedId = (creating ? await api.notifications.createCampaign.mutate(parsed.input) : await api.notifications.updateCampaign.mutate({ id, ...parsed.input })).id;
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) {
      console.error(`campaign action (${verb}) failed`, error);
      return { status: 'error', message: `Could not ${verb} right now: ${UNAVAILABLE}`, values: flat(values) };
    }
    const fieldErrors = refused.status === 400 ? fieldErrorsOfMessage(refused.message) : {};
    const general = Object.keys(fieldErrors).length ? 'Check the highlighted fields.' : `Could not ${verb}: ${refused.message}`;
    return { status: 'error', message: general, fieldErrors, values: flat(values) };
  }
  revalidatePath('/campaigns');
  revalidatePath(`/campaigns/${savedId}`);
  if (creating) redirect(`/campaigns/${savedId}?created=1`);
  return { status: 'done', message: `Saved ${parsed.input.name}.` };
}

export type PreviewAnswer = { ok: true; preview: CampaignPreview } | { ok: false; message: string; fieldErrors: Record<string, string> };

/** The live preview: renders the form as it is now and counts who it reaches (nothing is saved). */
export async function previewCampaign(fields: Record<string, string>): Promise<PreviewAnswer> {
  const verb = 'preview this campaign';
  const who = await writer(verb);
  if (!who.context) return { ok: false, message: who.refused, fieldErrors: {} };
  // Customers never see the name: an unnamed draft can still be previewed.
  const parsed = campaignInputOf(campaignFormValues({ ...fields, name: fields.name?.trim() || 'Preview' }));
  if ('fieldErrors' in parsed) return { ok: false, message: Object.values(parsed.fieldErrors)[0] ?? 'Check the highlighted fields.', fieldErrors: parsed.fieldErrors };
  try {
    return { ok: true, preview: await who.context.api.notifications.previewCampaign.mutate(parsed.input) };
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('campaign preview failed', error);
    return { ok: false, message: refused?.message ?? `No preview right now: ${UNAVAILABLE}`, fieldErrors: refused?.status === 400 ? fieldErrorsOfMessage(refused.message) : {} };
  }
}

/** One copy, marked [Test], to an address (the staff member's by default). */
export async function sendTestCampaign(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const email = String(form.get('email') ?? '').trim();
  const verb = 'send a test';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused, values: { email } };
  if (!UUID.test(id)) return { status: 'error', message: 'This campaign is not valid.' };
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { status: 'error', message: 'Check the address.', fieldErrors: { email: 'Enter a valid e-mail address, like name@example.com' }, values: { email } };
  try {
    const sent = await who.context.api.notifications.testCampaign.mutate({ id, email });
    return { status: 'done', message: `A test copy is on its way to ${sent.to}.`, values: { email } };
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('campaign test failed', error);
    const fieldErrors = refused?.status === 400 ? fieldErrorsOfMessage(refused.message) : {};
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}`, fieldErrors, values: { email } };
  }
}

/**
 * "Send now" (`when=now`) or "Schedule" (`when=later`, `sendAt` on the store's clock), after the
 * confirmation step (`confirmed=1`; without it the answer asks to confirm).
 */
export async function scheduleCampaign(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const later = form.get('when') === 'later';
  const local = String(form.get('sendAt') ?? '');
  const verb = later ? 'schedule this campaign' : 'send this campaign';
  const values = { when: later ? 'later' : 'now', sendAt: local };
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused, values };
  if (!UUID.test(id)) return { status: 'error', message: 'This campaign is not valid.' };
  let sendAt: string | undefined;
  if (later) {
    const timeZone = await storeTimeZone(who.context.api);
    sendAt = isoFromStoreTime(local, timeZone) ?? undefined;
    if (!sendAt) return { status: 'error', message: 'Check the time.', fieldErrors: { sendAt: 'Choose a date and a time' }, values };
    if (Date.parse(sendAt) <= Date.now()) return { status: 'error', message: 'Check the time.', fieldErrors: { sendAt: 'Choose a time in the future (or send now)' }, values };
  }
  if (form.get('confirmed') !== '1') return { status: 'confirm', values };
  try {
    await who.context.api.notifications.scheduleCampaign.mutate(sendAt ? { id, sendAt } : { id });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error(`campaign action (${verb}) failed`, error);
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}`, values };
  }
  revalidatePath('/campaigns');
  revalidatePath(`/campaigns/${id}`);
  return { status: 'done', message: later ? 'Scheduled.' : 'Sending: the stats below fill in as the e-mails go out.' };
}

/** Stops a draft or scheduled campaign (409 once it is sending or sent). */
export async function cancelCampaign(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const verb = 'cancel this campaign';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  if (!UUID.test(id)) return { status: 'error', message: 'This campaign is not valid.' };
  try {
    await who.context.api.notifications.cancelCampaign.mutate({ id });
  } catch (error) {
    const refused = refusal(error, verb);
    if (!refused) console.error('campaign cancel failed', error);
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}` };
  }
  revalidatePath('/campaigns');
  revalidatePath(`/campaigns/${id}`);
  return { status: 'done', message: 'Campaign cancelled.' };
}
