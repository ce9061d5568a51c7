'use client';
import { Button } from '@omnicart/ui';
import { useQueryClient } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButton() {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      loading={pending}
      onClick={() => {
        setPending(true);
        // The account's cart and orders must not linger in this tab's cache.
        queryClient.clear();
        void signOut({ callbackUrl: '/' });
      }}
    >
      Sign out
    </Button>
  );
}
