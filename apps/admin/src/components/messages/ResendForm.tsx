'use client';
import { Alert, Button } from '@omnicart/ui';
import Link from 'next/link';
import { useActionState } from 'react';
import type { ResendState } from '@/lib/messages/types';

type Action = (previous: ResendState, form: FormData) => Promise<ResendState>;

const IDLE: ResendState = { status: 'idle' };

/**
 * "Resend": queues a copy of the message to the same recipient (the page shows it only with
 * `customers:write`). The outcome is announced: a link to the new message, or the API's refusal.
 */
export function ResendForm({ messageId, settled, action }: { messageId: string; /** false while queued or sending (the API would answer 409) */ settled: boolean; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  return (
    <form action={submit} aria-labelledby="resend-title" className="stack" style={{ gap: 8 }}>
      <h2 id="resend-title" style={{ margin: 0, fontSize: '1.0625rem' }}>
        Resend
      </h2>
      <input type="hidden" name="id" value={messageId} />
      <p className="muted" style={{ margin: 0 }}>
        Sends the same content again to the same recipient, as a new message in the log.
        {settled ? '' : ' Possible once this one is sent, failed or bounced.'}
      </p>
      <div aria-live="polite">
        {state.status === 'done' ? (
          <Alert tone="success">
            Queued again as a new message. <Link href={`/messages/${state.messageId}`}>Open the new message</Link>
          </Alert>
        ) : state.status === 'error' ? (
          <Alert tone="error">{state.message}</Alert>
        ) : null}
      </div>
      <div>
        <Button type="submit" loading={pending}>
          Resend message
        </Button>
      </div>
    </form>
  );
}
