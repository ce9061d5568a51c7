'use client';

/** Last resort when the root layout itself fails: a self-contained page (no shared CSS). */
export default function GlobalError({ retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: 24, color: '#1a1d23' }}>
        <h1>OmniCart admin is having trouble</h1>
        <p role="alert">The admin could not be loaded. Please try again in a moment.</p>
        <button type="button" onClick={retry} style={{ padding: '10px 16px', fontSize: 16 }}>
          Try again
        </button>
      </body>
    </html>
  );
}
