import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main id="main" className="auth-card" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="page-title">
        We couldn’t find that page
      </h1>
      <p>The link may be old, or what it pointed to no longer exists.</p>
      <p>
        <Link href="/">Back to the dashboard</Link>
      </p>
    </main>
  );
}
