import { serviceStatus } from '@omnicart/bff';
import { Alert, Badge } from '@omnicart/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DiscardForm, ReplayForm } from '@/components/dead-letters/DeadLetterActions';
import { orForbidden, requireSection } from '@/server/guard';
import { discardDeadLetter, replayDeadLetter } from '@/server/dead-letter-actions';

export const metadata: Metadata = { title: 'Dead letter' };

const ID = /^[1-9][0-9]{0,18}$/;
const when = (iso: string | null): string => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

/** One dead letter (events:manage): the envelope, the payload, the last error; Replay and Discard while it waits. */
export default async function DeadLetterPage({ params }: { params: Promise<{ id: string }> }) {
  const { api } = await requireSection('dead-letters');
  const { id } = await params;
  if (!ID.test(id)) notFound();
  const letter = await orForbidden(api.audit.deadLetters.get.query({ id })).catch((error: unknown) => {
    if (serviceStatus(error) === 404) notFound();
    throw error;
  });
  const waiting = letter.discardedAt === null;

  return (
    <div className="stack">
      <p>
        <Link href="/operations/dead-letters">← All dead letters</Link>
      </p>
      <div className="page-header">
        <h1 className="page-title">Dead letter #{letter.id}</h1>
        {waiting ? <Badge tone="warning">Waiting</Badge> : <Badge tone="neutral">Discarded</Badge>}
      </div>
      {waiting ? null : (
        <Alert tone="info">
          Discarded by {letter.discardedBy} on {when(letter.discardedAt)}: {letter.discardReason}
        </Alert>
      )}
      <section className="panel" aria-labelledby="letter-facts">
        <h2 id="letter-facts" className="section-title">
          Delivery
        </h2>
        <dl>
          <dt>Consumer</dt>
          <dd>{letter.consumer}</dd>
          <dt>Event</dt>
          <dd>
            <code>
              {letter.type}@{letter.version ?? 1}
            </code>{' '}
            from {letter.source}, id <code>{letter.eventId}</code>
          </dd>
          <dt>Aggregate</dt>
          <dd>{letter.aggregateId ?? '—'}</dd>
          <dt>Actor</dt>
          <dd>{letter.actor ? `${letter.actor.type} ${letter.actor.id}` : '—'}</dd>
          <dt>Occurred</dt>
          <dd>{when(letter.occurredAt)}</dd>
          <dt>First delivered</dt>
          <dd>{when(letter.firstDeliveredAt)}</dd>
          <dt>Dead since</dt>
          <dd>{when(letter.deadAt)}</dd>
          <dt>Attempts</dt>
          <dd data-testid="dead-letter-attempts">{letter.attempts}</dd>
          <dt>Replays</dt>
          <dd>{letter.replays}</dd>
          <dt>Trace</dt>
          <dd>{letter.traceparent ? <code>{letter.traceparent}</code> : '—'}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="letter-error">
        <h2 id="letter-error" className="section-title">
          Last error
        </h2>
        <pre data-testid="dead-letter-error" tabIndex={0} aria-labelledby="letter-error" style={{ whiteSpace: 'pre-wrap' }}>
          {letter.lastError ?? '—'}
        </pre>
      </section>
      <section className="panel" aria-labelledby="letter-payload">
        <h2 id="letter-payload" className="section-title">
          Payload
        </h2>
        <pre data-testid="dead-letter-payload" tabIndex={0} aria-labelledby="letter-payload" style={{ whiteSpace: 'pre-wrap' }}>
          {JSON.stringify(letter.data, null, 2)}
        </pre>
      </section>
      {waiting ? (
        <>
          <section className="panel" aria-labelledby="letter-replay">
            <h2 id="letter-replay" className="section-title">
              Replay
            </h2>
            <ReplayForm id={letter.id} consumer={letter.consumer} action={replayDeadLetter} />
          </section>
          <section className="panel" aria-labelledby="letter-discard">
            <h2 id="letter-discard" className="section-title">
              Discard
            </h2>
            <DiscardForm id={letter.id} action={discardDeadLetter} />
          </section>
        </>
      ) : null}
    </div>
  );
}
