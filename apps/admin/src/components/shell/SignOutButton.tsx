'use client';
import { Button } from '@omnicart/ui';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

/** Ends the session here and at identity (next-auth's signOut event), then back to the sign-in page. */
export function SignOutButton({ variant = 'secondary' }: { variant?: 'secondary' | 'primary' | 'ghost' }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      size="sm"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/login' });
      }}
    >
      Sign out
    </Button>
  );
}
