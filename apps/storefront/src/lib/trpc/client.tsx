'use client';
import { TRPC_MAX_BATCH_SIZE } from '@omnicart/contracts';
import { QueryClient, QueryClientProvider, isServer } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/routers';

/** Client components reach the BFF (/api/trpc) through these hooks: `const trpc = useTRPC()`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again.
        retry: (failures, error) => {
          const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
          return (status === undefined || status >= 500) && failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

let browserQueryClient: QueryClient | undefined;
function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // maxItems: the BFF (and every OmniCart tRPC server) refuses larger batches.
      links: [httpBatchLink({ url: '/api/trpc', maxURLLength: 2000, maxItems: TRPC_MAX_BATCH_SIZE })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The BFF error's message and field errors, for forms. */
export function describeError(error: unknown): {
  message: string;
  fieldErrors: Record<string, string>;
  domainCode?: string;
  httpStatus?: number;
  /** The service's facts about the refusal (e.g. the order a cart already has, retryAfterSeconds). */
  details?: Record<string, unknown>;
} {
  const data = (
    error as { data?: { fieldErrors?: Record<string, string>; domainCode?: string; httpStatus?: number; details?: Record<string, unknown> } } | null
  )?.data;
  // Only the BFF's own answers carry a message meant for shoppers; a failed fetch ("Failed to
  // fetch") or a proxy's HTML error page ("Unexpected token '<'") does not.
  const fromBff = typeof data?.httpStatus === 'number';
  const message =
    fromBff && error instanceof Error && error.message
      ? error.message
      : error instanceof Error
        ? 'We could not reach the shop. Check your connection and try again.'
        : 'Something went wrong. Please try again.';
  return {
    message,
    fieldErrors: data?.fieldErrors ?? {},
    domainCode: data?.domainCode,
    httpStatus: data?.httpStatus,
    ...(data?.details && typeof data.details === 'object' ? { details: data.details } : {}),
  };
}
