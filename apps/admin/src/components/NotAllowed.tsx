import Link from 'next/link';

/** A staff member opened a page their role does not include (403): say so, and where to go instead. */
export function NotAllowed({ roleLabel }: { roleLabel: string }) {
  return (
    <section aria-labelledby="not-allowed-title" style={{ maxWidth: 640 }}>
      <h1 id="not-allowed-title" className="page-title">
        You’re not allowed to open this page
      </h1>
      <p>
        Your role, <strong>{roleLabel}</strong>, does not include this part of the admin. If you need it for your work, ask the shop owner to change your role.
      </p>
      <p>
        <Link href="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
