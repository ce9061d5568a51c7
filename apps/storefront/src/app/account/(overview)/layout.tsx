import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getViewer } from '@/server/caller';

/** Guests are sent to sign in with a real redirect (307), decided before the page streams. */
export default async function AccountOverviewLayout({ children }: { children: ReactNode }) {
  if (!(await getViewer())) redirect('/login?callbackUrl=/account');
  return children;
}
