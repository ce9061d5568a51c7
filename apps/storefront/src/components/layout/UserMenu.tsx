'use client';
import { useSession } from 'next-auth/react';
import Link from 'next/link';
import styles from './HeaderActions.module.css';

/** "Sign in" for guests, "Account" for signed-in shoppers (same width either way: no layout jump). */
export function UserMenu() {
  const { data, status } = useSession();
  const signedIn = status === 'authenticated' && Boolean(data?.user);
  return (
    <Link href={signedIn ? '/account' : '/login'} className={styles.action} data-testid="account-link">
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <circle cx="12" cy="8" r="4" />
        <path d="M4 21c1.5-4 4.5-6 8-6s6.5 2 8 6" />
      </svg>
      <span className={styles.text}>{signedIn ? 'Account' : 'Sign in'}</span>
    </Link>
  );
}
