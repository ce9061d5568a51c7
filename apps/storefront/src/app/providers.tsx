'use client';
import { SessionProvider } from 'next-auth/react';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/lib/trpc/client';

/** Client-side providers: the session (user only, no tokens) and the BFF's query client. */
export function Providers({ children }: { children: ReactNode }) {
  // Polling the session every 5 minutes lets next-auth rotate the identity tokens in the cookie.
  return (
    <SessionProvider refetchInterval={5 * 60} refetchOnWindowFocus={false}>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </SessionProvider>
  );
}
