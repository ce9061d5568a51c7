import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/Pager';
import { FilterButtons, ListTotal, PageSizeField } from '@/components/ListControls';
import styles from '@/components/lists.module.css';
import { MessagesTable } from '@/components/messages/MessagesTable';
import { CHANNEL_LABELS, CHANNELS, MESSAGE_STATES, STATE_LABELS, TEMPLATES, templateLabel } from '@/lib/messages/format';
import { isFiltered, messageListInput, messageListQuery, parseMessageListParams } from '@/lib/messages/list-params';
import type { SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('messages').label };

/**
 * The delivery log: every e-mail and SMS notifications sent or tried, newest first. Filters (state,
 * channel, template, recipient, days; a customer or an order from their pages) and the page in the
 * URL (a plain GET form), the total. Recipients are masked here; a message's page shows the address,
 * its content and the Resend button.
 */
export default async function MessagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('messages');
  const state = parseMessageListParams(await searchParams);
  const result = await orForbidden(api.notifications.messages.query(messageListInput(state)));
  const filtered = isFiltered(state);
  // A customer's or an order's messages (links from their pages): said above the list, kept by the form.
  const scope = state.orderId ? { label: 'this order', href: `/orders/${state.orderId}` } : state.userId ? { label: 'this customer', href: `/customers/${state.userId}` } : null;
  const knownTemplate = !state.template || TEMPLATES.includes(state.template);

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Messages</h1>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Every e-mail and SMS sent to customers and staff, with its delivery state. Addresses are partly hidden here; open a message to see it in full.
      </p>
      {scope ? (
        <p style={{ margin: 0 }}>
          Showing the messages of <Link href={scope.href}>{scope.label}</Link> only.
        </p>
      ) : null}

      <form method="get" action="/messages" className={`panel ${styles.filters}`} role="search" aria-label="Filter the messages">
        {state.userId ? <input type="hidden" name="userId" value={state.userId} /> : null}
        {state.orderId ? <input type="hidden" name="orderId" value={state.orderId} /> : null}
        <label className={styles.wide}>
          Recipient
          <input className="oc-input" type="text" name="recipient" defaultValue={state.recipient} placeholder="someone@example.com or +14155550123" autoComplete="off" spellCheck={false} />
        </label>
        <label>
          Template
          <select className="oc-select" name="template" defaultValue={state.template ?? ''}>
            <option value="">Any</option>
            {TEMPLATES.map((template) => (
              <option key={template} value={template}>
                {templateLabel(template)}
              </option>
            ))}
            {knownTemplate ? null : <option value={state.template}>{templateLabel(state.template!)}</option>}
          </select>
        </label>
        <label>
          State
          <select className="oc-select" name="state" defaultValue={state.state ?? ''}>
            <option value="">Any</option>
            {MESSAGE_STATES.map((value) => (
              <option key={value} value={value}>
                {STATE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select className="oc-select" name="channel" defaultValue={state.channel ?? ''}>
            <option value="">Any</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {CHANNEL_LABELS[channel]}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (UTC day)
          <input className="oc-input" type="date" name="from" defaultValue={state.from} />
        </label>
        <label>
          To (UTC day)
          <input className="oc-input" type="date" name="to" defaultValue={state.to} />
        </label>
        <PageSizeField value={state.pageSize} />
        <FilterButtons filtered={filtered} clearHref="/messages" />
      </form>

      <ListTotal noun={{ one: 'message', many: 'messages', none: 'No messages sent yet.' }} result={result} filtered={filtered} />
      {result.items.length ? <MessagesTable messages={result.items} caption="Messages" /> : null}
      <Pager page={result.page} pageSize={result.pageSize} total={result.total} href={(page) => `/messages${messageListQuery(state, { page })}`} label="Message pages" />
    </div>
  );
}
