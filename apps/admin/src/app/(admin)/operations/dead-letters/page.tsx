import { Alert } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/lists.module.css';
import { first, type SearchParams } from '@/lib/url-state';
import { sectionById } from '@/sections';
import { orForbidden, requireSection } from '@/server/guard';

export const metadata: Metadata = { title: sectionById('dead-letters').label };

const NAME = /^[A-Za-z0-9_.:-]{1,200}$/;
const ID = /^[1-9][0-9]{0,18}$/;
const PAGE_SIZE = 50;

const when = (iso: string | null): string => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

/**
 * Operations → Dead letters (events:manage, owners): the events a consumer gave up on, counted per
 * consumer, newest first, filtered by consumer and event type (a plain GET form), paged with
 * "Older". Each opens to its payload, error and attempts, with Replay and Discard.
 */
export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { api } = await requireSection('dead-letters');
  const query = await searchParams;
  const consumer = first(query, 'consumer')?.trim() || undefined;
  const type = first(query, 'type')?.trim() || undefined;
  const before = first(query, 'before') || undefined;
  const invalid = (consumer && !NAME.test(consumer)) || (type && !NAME.test(type)) || (before && !ID.test(before));
  const [counts, page] = await Promise.all([
    orForbidden(api.audit.deadLetters.counts.query()),
    invalid ? Promise.resolve({ letters: [], nextBefore: null }) : orForbidden(api.audit.deadLetters.list.query({ consumer, type, before, limit: PAGE_SIZE })),
  ]);
  const total = counts.reduce((sum, count) => sum + count.count, 0);
  const filtered = Boolean(consumer || type);
  const olderHref = page.nextBefore ? `/operations/dead-letters?${new URLSearchParams({ ...(consumer ? { consumer } : {}), ...(type ? { type } : {}), before: page.nextBefore })}` : null;

  return (
    <div className="stack">
      <div className="page-header">
        <h1 className="page-title">Dead letters</h1>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Events a consumer gave up on after its last attempt, or that did not match its contract. Fix the cause, then replay them to that consumer, or discard them with a reason. Also from a shell: <code>npm run dead-letters</code>.
      </p>
      {first(query, 'replayed') ? <Alert tone="success">Replayed: the consumer gets the event again.</Alert> : null}
      {first(query, 'discarded') ? <Alert tone="success">Discarded: kept for audit, no longer listed.</Alert> : null}
      {invalid ? <Alert tone="error">The filter is not valid: consumer and event type take letters, digits, _ . : and - only.</Alert> : null}

      <section aria-labelledby="per-consumer" className="panel">
        <h2 id="per-consumer" className="section-title">
          Per consumer
        </h2>
        {counts.length ? (
          <table className="data-table">
            <caption className="oc-visually-hidden">Dead letters per consumer</caption>
            <thead>
              <tr>
                <th scope="col">Consumer</th>
                <th scope="col" className="num">
                  Dead letters
                </th>
                <th scope="col">Oldest</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((count) => (
                <tr key={count.consumer}>
                  <th scope="row">
                    <Link href={`/operations/dead-letters?consumer=${encodeURIComponent(count.consumer)}`}>{count.consumer}</Link>
                  </th>
                  <td className="num" data-testid="dead-letter-count">
                    {count.count.toLocaleString('en-US')}
                  </td>
                  <td>{when(count.oldestDeadAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No dead letters: every consumer is keeping up.</p>
        )}
      </section>

      {total > 0 ? (
        <>
          <form method="get" action="/operations/dead-letters" className={`panel ${styles.filters}`} role="search" aria-label="Filter the dead letters">
            <label>
              Consumer
              <select className="oc-select" name="consumer" defaultValue={consumer ?? ''}>
                <option value="">Any</option>
                {counts.map((count) => (
                  <option key={count.consumer} value={count.consumer}>
                    {count.consumer}
                  </option>
                ))}
              </select>
            </label>
            <label className={styles.wide}>
              Event type
              <input className="oc-input" type="search" name="type" defaultValue={type ?? ''} autoComplete="off" spellCheck={false} />
            </label>
            <div>
              <button type="submit" className="oc-button oc-button--secondary oc-button--sm">
                Filter
              </button>{' '}
              {filtered ? <Link href="/operations/dead-letters">Clear</Link> : null}
            </div>
          </form>
          {page.letters.length ? (
            <div className="table-scroll">
              <table className="data-table">
                <caption className="oc-visually-hidden">Dead letters, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Letter</th>
                    <th scope="col">Consumer</th>
                    <th scope="col">Event</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Dead since</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {page.letters.map((letter) => (
                    <tr key={letter.id}>
                      <th scope="row">
                        <Link href={`/operations/dead-letters/${letter.id}`}>#{letter.id}</Link>
                      </th>
                      <td>{letter.consumer}</td>
                      <td>
                        <code>
                          {letter.type}@{letter.version ?? 1}
                        </code>
                      </td>
                      <td className="num">{letter.attempts}</td>
                      <td>{when(letter.deadAt)}</td>
                      <td>{(letter.lastError ?? '').slice(0, 120)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>No dead letter matches.</p>
          )}
          {olderHref ? (
            <p>
              <Link href={olderHref}>Older dead letters →</Link>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
