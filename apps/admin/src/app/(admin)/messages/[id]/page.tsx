import { serviceStatus } from '@omnicart/bff';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MessageStateBadge } from '@/components/messages/MessageStateBadge';
import { ResendForm } from '@/components/messages/ResendForm';
import styles from '@/components/messages/messages.module.css';
import detail from '@/components/orders/OrderDetail.module.css';
import { dateTime } from '@/lib/format';
import { CHANNEL_LABELS, STATE_DESCRIPTIONS, canResendState, templateLabel } from '@/lib/messages/format';
import { orForbidden, requireSection } from '@/server/guard';
import { resendMessage } from '@/server/message-actions';

export const metadata: Metadata = { title: 'Message' };

/**
 * One message of the delivery log: its delivery facts, what triggered it, the e-mail as sent (in a
 * sandboxed frame: no scripts, no same-origin access, nothing it links to opens from here), the
 * plain-text part or SMS body, the extra headers, and "Resend" for staff with `customers:write`.
 * Secret tokens in links (password reset, invitations) arrive already hidden by the API.
 */
export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { api, staff } = await requireSection('messages');
  const { id } = await params;
  const message = await orForbidden(api.notifications.message.query({ id })).catch((error: unknown) => {
    if (serviceStatus(error) === 404 || serviceStatus(error) === 400) notFound();
    throw error;
  });
  const title = templateLabel(message.template);
  const canResend = staff.permissions.includes('customers:write');
  const canOpenOrders = staff.permissions.includes('orders:read');
  const headers = Object.entries(message.headers ?? {});

  return (
    <div className="stack">
      <p>
        <Link href="/messages">← All messages</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">
          {title} <MessageStateBadge state={message.state} />
        </h1>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {CHANNEL_LABELS[message.channel]} to {message.recipient} · {dateTime(message.createdAt)}
      </p>

      <div className={detail.layout}>
        <div className={detail.column}>
          {message.html !== null ? (
            <section className="panel" aria-labelledby="content-title">
              <h2 id="content-title" className={detail.panelTitle}>
                E-mail as sent
              </h2>
              {message.subject ? (
                <p style={{ marginTop: 0 }}>
                  <strong>Subject:</strong> {message.subject}
                </p>
              ) : null}
              {/* sandbox="": no scripts, forms, popups or top navigation, and an opaque origin (no access to the admin's cookies or DOM). */}
              <iframe className={styles.preview} sandbox="" srcDoc={message.html} title={`The ${title.toLowerCase()} e-mail as sent`} referrerPolicy="no-referrer" loading="lazy" />
            </section>
          ) : null}

          <section className="panel" aria-labelledby="text-title">
            <h2 id="text-title" className={detail.panelTitle}>
              {message.channel === 'sms' ? 'SMS text' : 'Plain-text part'}
            </h2>
            <pre className={styles.text} data-testid="message-text" tabIndex={0} aria-labelledby="text-title">
              {message.text}
            </pre>
          </section>
        </div>

        <div className={detail.column}>
          <section className="panel" aria-labelledby="delivery-title">
            <h2 id="delivery-title" className={detail.panelTitle}>
              Delivery
            </h2>
            <dl className={detail.facts}>
              <dt>State</dt>
              <dd>
                <MessageStateBadge state={message.state} />
                <br />
                <span className="muted">{STATE_DESCRIPTIONS[message.state]}</span>
              </dd>
              <dt>Recipient</dt>
              <dd data-testid="message-recipient">{message.recipient}</dd>
              <dt>Channel</dt>
              <dd>{CHANNEL_LABELS[message.channel]}</dd>
              <dt>Kind</dt>
              <dd>{message.kind === 'marketing' ? 'Marketing (needs consent)' : 'Transactional'}</dd>
              <dt>Attempts</dt>
              <dd>{message.attempts}</dd>
              <dt>Created</dt>
              <dd>{dateTime(message.createdAt)}</dd>
              <dt>Sent</dt>
              <dd>{message.sentAt ? dateTime(message.sentAt) : <span className="muted">Not yet</span>}</dd>
              {message.nextAttemptAt ? (
                <>
                  <dt>Next attempt</dt>
                  <dd>{dateTime(message.nextAttemptAt)}</dd>
                </>
              ) : null}
              <dt>Last change</dt>
              <dd>{dateTime(message.updatedAt)}</dd>
              <dt>Last error</dt>
              <dd>{message.lastError ?? <span className="muted">None</span>}</dd>
              <dt>Provider id</dt>
              <dd className={styles.headers}>{message.providerMessageId ?? <span className="muted">None yet</span>}</dd>
              <dt>Id</dt>
              <dd className="muted">{message.id}</dd>
            </dl>
          </section>

          <section className="panel" aria-labelledby="trigger-title">
            <h2 id="trigger-title" className={detail.panelTitle}>
              Triggered by
            </h2>
            <dl className={detail.facts}>
              <dt>Event</dt>
              <dd>
                {message.eventType}
                <br />
                <span className="muted">{message.eventId}</span>
              </dd>
              {message.orderId ? (
                <>
                  <dt>Order</dt>
                  <dd>{canOpenOrders ? <Link href={`/orders/${message.orderId}`}>Open the order</Link> : <span className="muted">{message.orderId}</span>}</dd>
                </>
              ) : null}
              {message.userId ? (
                <>
                  <dt>Customer</dt>
                  <dd>
                    <Link href={`/customers/${message.userId}`}>Open the customer</Link>
                  </dd>
                </>
              ) : null}
              {message.resendOf ? (
                <>
                  <dt>Resend of</dt>
                  <dd>
                    <Link href={`/messages/${message.resendOf}`}>The original message</Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          {canResend ? (
            <section className="panel">
              <ResendForm messageId={message.id} settled={canResendState(message.state)} action={resendMessage} />
            </section>
          ) : null}

          <section className="panel" aria-labelledby="headers-title">
            <h2 id="headers-title" className={detail.panelTitle}>
              Headers
            </h2>
            {headers.length ? (
              <dl className={`${detail.facts} ${styles.headers}`}>
                {headers.map(([name, value]) => (
                  <div key={name} style={{ display: 'contents' }}>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted" style={{ margin: 0 }}>
                No extra headers (marketing e-mail carries List-Unsubscribe).
              </p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
