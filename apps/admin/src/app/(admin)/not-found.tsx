import Link from 'next/link';

/** notFound() from an admin page (an unknown order id, …), inside the admin frame. */
export default function AdminNotFound() {
  return (
    <section aria-labelledby="not-found-title" style={{ maxWidth: 640 }}>
      <h1 id="not-found-title" className="page-title">
        Not found
      </h1>
      <p>There is nothing at this address: the link may be old, or the record no longer exists.</p>
      <p>
        <Link href="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
