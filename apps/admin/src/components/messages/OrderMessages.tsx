import Link from 'next/link';
import type { OrderMessagesData } from '@/lib/messages/types';
import { MessagesTable } from './MessagesTable';

/**
 * The messages sent for an order (confirmation, shipped, refunds…), for its page: each linked to
 * its content, and to all of them in the delivery log when there are more. The page loads `messages`
 * with `orderMessages(orderId)` (server/messages.ts); nothing shows without `customers:read`.
 */
export function OrderMessages({ orderId, messages, headingClassName }: { orderId: string; messages: OrderMessagesData; headingClassName?: string }) {
  if (messages.state === 'hidden') return null;
  const all = `/messages?orderId=${encodeURIComponent(orderId)}`;
  return (
    <section className="panel" aria-labelledby="messages-title">
      <h2 id="messages-title" className={headingClassName}>
        Messages
      </h2>
      {messages.state === 'unavailable' ? (
        <p role="status">The delivery log is unavailable right now; this order’s messages show again once it answers.</p>
      ) : messages.page.total === 0 ? (
        <p className="muted">No e-mail or SMS sent for this order yet.</p>
      ) : (
        <>
          <MessagesTable messages={messages.page.items} caption="Messages sent for this order" compact />
          <p style={{ marginBottom: 0 }}>
            <Link href={all}>{messages.page.total > messages.page.items.length ? `All ${messages.page.total.toLocaleString('en-US')} messages in the delivery log` : 'In the delivery log'}</Link>
          </p>
        </>
      )}
    </section>
  );
}
