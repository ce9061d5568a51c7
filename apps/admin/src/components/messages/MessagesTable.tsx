import Link from 'next/link';
import { dateTime } from '@/lib/format';
import { CHANNEL_LABELS, shortError, templateLabel } from '@/lib/messages/format';
import type { MessageSummary } from '@/lib/messages/types';
import { MessageStateBadge } from './MessageStateBadge';
import styles from './messages.module.css';

/**
 * Messages as a table, newest first: when, channel, template (linked to the message), recipient
 * (masked by the API), subject, state, attempts and the last error, cut short. `compact` (an
 * order's panel) keeps when, template, channel and state.
 */
export function MessagesTable({ messages, caption, compact = false }: { messages: readonly MessageSummary[]; caption: string; compact?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="oc-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Template</th>
            <th scope="col">Channel</th>
            {compact ? null : (
              <>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
              </>
            )}
            <th scope="col">State</th>
            {compact ? null : (
              <>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Last error</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => {
            const error = shortError(message.lastError);
            return (
              <tr key={message.id} data-testid="message-row">
                <td className={styles.nowrap}>
                  <time dateTime={message.createdAt}>{dateTime(message.createdAt)}</time>
                </td>
                <th scope="row">
                  <Link href={`/messages/${message.id}`}>{templateLabel(message.template)}</Link>
                  {message.resendOf ? <span className="muted"> (resent)</span> : null}
                </th>
                <td>{CHANNEL_LABELS[message.channel]}</td>
                {compact ? null : (
                  <>
                    <td className={styles.recipient}>{message.recipient}</td>
                    <td>{message.subject ?? <span className="muted">—</span>}</td>
                  </>
                )}
                <td>
                  <MessageStateBadge state={message.state} />
                </td>
                {compact ? null : (
                  <>
                    <td className="num">{message.attempts}</td>
                    <td>{error ? <span title={message.lastError ?? undefined}>{error}</span> : <span className="muted">—</span>}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
