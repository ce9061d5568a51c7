'use client';
import { useEffect } from 'react';

/**
 * Any page that fails to render: say so plainly and offer a retry. `retry` (Next 16.2+) fetches the
 * server components again; `reset` would only re-render the failed payload (a dead button for a
 * service outage, the usual cause here).
 */
export default function PageError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section aria-labelledby="error-title" style={{ maxWidth: 640 }}>
      <h1 id="error-title" className="page-title">
        Something went wrong
      </h1>
      <p role="alert">This page could not be loaded right now. Please try again in a moment.</p>
      {error.digest && <p style={{ color: 'var(--oc-color-text-muted)' }}>Reference: {error.digest}</p>}
      <p style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <button type="button" className="oc-button oc-button--primary" onClick={retry}>
          Try again
        </button>
        <a className="oc-button oc-button--secondary" href="/">
          Go to the dashboard
        </a>
      </p>
    </section>
  );
}
