'use client';
import { Alert, Button, SelectField, TextField } from '@omnicart/ui';
import { useActionState, useState } from 'react';
import { money } from '@/lib/format';
import { CARRIERS, IDLE, type ActionState } from '@/lib/orders/forms';
import type { OrderAction } from '@/lib/orders/status';
import styles from './OrderDetail.module.css';

type Action = (previous: ActionState, form: FormData) => Promise<ActionState>;

export interface OrderActionsProps {
  orderId: string;
  currency: string;
  /** What the status machine allows now (lib/orders/status.ts), and the staff member's permissions. */
  actions: OrderAction[];
  refundable: number;
  canWrite: boolean;
  canRefund: boolean;
  fulfil: Action;
  deliver: Action;
  cancel: Action;
  refund: Action;
}

function Outcome({ state }: { state: ActionState }) {
  if (state.status === 'done') return <Alert tone="success">{state.message}</Alert>;
  if (state.status === 'error' && state.message) return <Alert tone="error">{state.message}</Alert>;
  return null;
}

function FulfilForm({ orderId, action }: { orderId: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  return (
    <form action={submit} className={styles.actionForm} aria-labelledby="fulfil-title" noValidate>
      <h3 id="fulfil-title">Fulfil</h3>
      <input type="hidden" name="id" value={orderId} />
      <SelectField
        label="Carrier"
        name="carrier"
        required
        placeholder="Choose a carrier"
        options={CARRIERS.map((carrier) => ({ value: carrier, label: carrier }))}
        defaultValue={state.values?.carrier ?? ''}
        error={state.fieldErrors?.carrier}
      />
      <TextField label="Tracking number" name="trackingNumber" required autoComplete="off" spellCheck={false} defaultValue={state.values?.trackingNumber} error={state.fieldErrors?.trackingNumber} />
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <Button type="submit" loading={pending}>
        Mark as fulfilled
      </Button>
    </form>
  );
}

function DeliverForm({ orderId, action }: { orderId: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  return (
    <form action={submit} className={styles.actionForm} aria-labelledby="deliver-title">
      <h3 id="deliver-title">Delivery</h3>
      <input type="hidden" name="id" value={orderId} />
      <div aria-live="polite">
        <Outcome state={state} />
      </div>
      <Button type="submit" loading={pending}>
        Mark as delivered
      </Button>
    </form>
  );
}

function CancelForm({ orderId, action }: { orderId: string; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  const confirming = state.status === 'confirm';
  return (
    <form action={submit} className={styles.actionForm} aria-labelledby="cancel-title">
      <h3 id="cancel-title">Cancel</h3>
      <input type="hidden" name="id" value={orderId} />
      {confirming ? <input type="hidden" name="confirm" value="yes" /> : null}
      <div aria-live="polite">
        {confirming ? (
          <Alert tone="warning" title="Cancel this order?">
            A paid order is refunded in full and its stock put back. This cannot be undone.
          </Alert>
        ) : (
          <Outcome state={state} />
        )}
      </div>
      <Button type="submit" variant={confirming ? 'danger' : 'secondary'} loading={pending}>
        {confirming ? 'Yes, cancel the order' : 'Cancel order…'}
      </Button>
    </form>
  );
}

function RefundForm({ orderId, currency, refundable, action }: { orderId: string; currency: string; refundable: number; action: Action }) {
  const [state, submit, pending] = useActionState(action, IDLE);
  const [kind, setKind] = useState<'full' | 'partial'>((state.values?.kind as 'full' | 'partial' | undefined) ?? 'partial');
  const confirming = state.status === 'confirm' && state.amount !== undefined;
  return (
    <form action={submit} className={styles.actionForm} aria-labelledby="refund-title" noValidate>
      <h3 id="refund-title">Refund</h3>
      <p className="muted">Up to {money(refundable, currency)} can still be refunded.</p>
      <input type="hidden" name="id" value={orderId} />
      {confirming ? (
        <>
          <input type="hidden" name="kind" value={state.kind} />
          <input type="hidden" name="amount" value={(state.amount! / 100).toFixed(2)} />
          <input type="hidden" name="confirm" value="yes" />
          <div aria-live="polite">
            <Alert tone="warning" title={`Refund ${money(state.amount!, currency)}?`}>
              {state.kind === 'full' ? 'Everything still refundable goes back to the customer’s card.' : 'This amount goes back to the customer’s card.'} This cannot be undone.
            </Alert>
          </div>
          <div className="oc-cluster">
            <Button type="submit" variant="danger" loading={pending}>
              Confirm refund of {money(state.amount!, currency)}
            </Button>
            <a className="oc-button oc-button--ghost" href={`/orders/${orderId}`}>
              Change
            </a>
          </div>
        </>
      ) : (
        <>
          <fieldset className={styles.fieldset}>
            <legend>How much</legend>
            <label className={styles.radio}>
              <input type="radio" name="kind" value="partial" checked={kind === 'partial'} onChange={() => setKind('partial')} /> Part of the amount
            </label>
            <label className={styles.radio}>
              <input type="radio" name="kind" value="full" checked={kind === 'full'} onChange={() => setKind('full')} /> Everything ({money(refundable, currency)})
            </label>
          </fieldset>
          <TextField
            label={`Amount (${currency})`}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            hint="Only for a partial refund, e.g. 12.50"
            defaultValue={state.values?.amount}
            error={state.fieldErrors?.amount}
            disabled={kind === 'full'}
          />
          <div aria-live="polite">
            <Outcome state={state} />
          </div>
          <Button type="submit" variant="secondary" loading={pending}>
            Review refund…
          </Button>
        </>
      )}
    </form>
  );
}

/** The actions the order's status allows, for the permissions the staff member has. */
export function OrderActions(props: OrderActionsProps) {
  const { actions, canWrite, canRefund } = props;
  const shown = actions.filter((action) => (action === 'refund' ? canRefund : canWrite));
  if (shown.length === 0) {
    return <p className="muted">{actions.length ? 'Your role cannot change this order.' : 'No further action is possible for an order in this status.'}</p>;
  }
  return (
    <div className={styles.actions}>
      {shown.includes('fulfil') ? <FulfilForm orderId={props.orderId} action={props.fulfil} /> : null}
      {shown.includes('deliver') ? <DeliverForm orderId={props.orderId} action={props.deliver} /> : null}
      {shown.includes('refund') ? <RefundForm orderId={props.orderId} currency={props.currency} refundable={props.refundable} action={props.refund} /> : null}
      {shown.includes('cancel') ? <CancelForm orderId={props.orderId} action={props.cancel} /> : null}
    </div>
  );
}
