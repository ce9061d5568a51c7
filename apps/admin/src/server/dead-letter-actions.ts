'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { FormState } from '@/lib/forms';
import { refusalOf, writerWith } from './action-access';

/**
 * Operations → Dead letters: replay one letter (to its consumer only) or discard it with a reason.
 * Each checks events:manage, calls audit.deadLetters through the gateway with the staff member's
 * token and answers with the service's refusal (409: someone replayed or discarded it meanwhile).
 */

const UNAVAILABLE = 'the operations service did not answer. Please try again.';
const ID = /^[1-9][0-9]{0,18}$/;
const writer = (verb: string) => writerWith('events:manage', verb);

export async function replayDeadLetter(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const verb = 'replay this dead letter';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  if (!ID.test(id)) return { status: 'error', message: 'This dead letter is not valid.' };
  try {
    await who.context.api.audit.deadLetters.replay.mutate({ id });
  } catch (error) {
    const refused = refusalOf(error, verb, 'the dead letter');
    if (!refused) console.error('dead letter replay failed', error);
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}` };
  }
  revalidatePath('/operations/dead-letters');
  redirect('/operations/dead-letters?replayed=1');
}

export async function discardDeadLetter(_previous: FormState, form: FormData): Promise<FormState> {
  const id = String(form.get('id') ?? '');
  const reason = String(form.get('reason') ?? '').trim();
  const verb = 'discard this dead letter';
  const who = await writer(verb);
  if (!who.context) return { status: 'error', message: who.refused };
  if (!ID.test(id)) return { status: 'error', message: 'This dead letter is not valid.' };
  if (reason.length < 3) return { status: 'error', message: 'Say why you discard it.', fieldErrors: { reason: 'Say why (3 characters at least).' }, values: { reason } };
  if (reason.length > 500) return { status: 'error', message: 'Check the reason.', fieldErrors: { reason: '500 characters at most.' }, values: { reason } };
  try {
    await who.context.api.audit.deadLetters.discard.mutate({ id, reason });
  } catch (error) {
    const refused = refusalOf(error, verb, 'the dead letter');
    if (!refused) console.error('dead letter discard failed', error);
    return { status: 'error', message: refused ? `Could not ${verb}: ${refused.message}` : `Could not ${verb} right now: ${UNAVAILABLE}`, values: { reason } };
  }
  revalidatePath('/operations/dead-letters');
  redirect('/operations/dead-letters?discarded=1');
}
