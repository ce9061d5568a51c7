'use client';
import { Alert, Button, EmailField, TextField } from '@omnicart/ui';
import { useState } from 'react';
import type { FormState } from '@/lib/forms';
import { ActionForm, type FormAction } from '../ActionForm';
import styles from './campaigns.module.css';

/** One copy, marked [Test], to an address (the staff member's by default). */
export function TestSend({ id, email, action }: { id: string; email: string; action: FormAction }) {
  return (
    <ActionForm action={action} id={id} label="Send a test" headingId="campaign-test-title" noValidate>
      {(state, pending) => (
        <div className={styles.actions}>
          <EmailField label="Send a test to" defaultValue={state.values?.email ?? email} error={state.fieldErrors?.email} hint="The saved version, subject marked [Test]." />
          <Button type="submit" variant="secondary" loading={pending}>
            Send a test
          </Button>
        </div>
      )}
    </ActionForm>
  );
}

/**
 * "Send now" or "Schedule" (a time on the store's clock), each after a confirmation step that
 * says how many customers it reaches.
 */
export function SendOrSchedule({
  id,
  recipients,
  timeZone,
  scheduledFor,
  action,
}: {
  id: string;
  /** Who the saved campaign reaches now (null: unknown). */
  recipients: number | null;
  timeZone: string;
  /** The scheduled time as a datetime-local value, for a scheduled campaign. */
  scheduledFor: string | null;
  action: FormAction;
}) {
  // "Back" leaves this confirmation question (a new one comes with the next submit).
  const [dismissed, setDismissed] = useState<FormState | null>(null);
  const reach = recipients === null ? 'the customers in its segment who opted in' : `${recipients.toLocaleString('en-US')} ${recipients === 1 ? 'customer' : 'customers'} who opted in`;
  return (
    <ActionForm action={action} id={id} label="Send" headingId="campaign-send-title" noValidate>
      {(state, pending) => {
        const confirming = state.status === 'confirm' && dismissed !== state;
        const when = state.values?.when === 'later' ? 'later' : 'now';
        const sendAt = state.values?.sendAt ?? scheduledFor ?? '';
        return (
          <>
            <p className="muted">The saved version goes out: save your changes first.</p>
            {confirming ? (
              <>
                <input type="hidden" name="when" value={when} />
                <input type="hidden" name="confirmed" value="1" />
                <input type="hidden" name="sendAt" value={sendAt} />
                <Alert tone="warning" title={when === 'now' ? 'Send this campaign now?' : 'Schedule this campaign?'}>
                  It goes to {reach}
                  {when === 'later' ? ` at ${sendAt.replace('T', ' ')} (${timeZone})` : ''}. Customers cannot un-receive an e-mail.
                </Alert>
                <div className={styles.actions}>
                  <Button type="submit" loading={pending}>
                    {when === 'now' ? `Yes, send to ${recipients === null ? 'them' : recipients.toLocaleString('en-US')}` : 'Yes, schedule it'}
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => setDismissed(state)}>
                    Back
                  </Button>
                </div>
              </>
            ) : (
              <div className={styles.actions}>
                <Button type="submit" name="when" value="now" loading={pending && when === 'now'}>
                  Send now
                </Button>
                <TextField
                  label={`Send at (${timeZone})`}
                  name="sendAt"
                  type="datetime-local"
                  defaultValue={sendAt}
                  error={state.fieldErrors?.sendAt}
                  hint="On the store's clock"
                />
                <Button type="submit" variant="secondary" name="when" value="later" loading={pending && when === 'later'}>
                  {scheduledFor ? 'Reschedule' : 'Schedule'}
                </Button>
              </div>
            )}
          </>
        );
      }}
    </ActionForm>
  );
}

/** "Cancel campaign" for a draft or a scheduled one (asks once). */
export function CancelCampaign({ id, action }: { id: string; action: FormAction }) {
  const [asking, setAsking] = useState(false);
  return (
    <ActionForm action={action} id={id} label="Cancel" headingId="campaign-cancel-title" noValidate>
      {(_state, pending) =>
        asking ? (
          <div className={styles.actions}>
            <p>Cancel this campaign? It will not be sent, and it cannot be sent again.</p>
            <Button type="submit" variant="danger" loading={pending}>
              Yes, cancel campaign
            </Button>
            <Button type="button" variant="ghost" onClick={() => setAsking(false)}>
              Keep it
            </Button>
          </div>
        ) : (
          <div>
            <Button type="button" variant="secondary" onClick={() => setAsking(true)}>
              Cancel campaign
            </Button>
          </div>
        )
      }
    </ActionForm>
  );
}
