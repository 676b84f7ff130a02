'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { ApiError } from '@/lib/client/api';

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // One quick retry for a server or network error (a restart, a dropped connection),
            // none for a 4xx: the error state shows within a second, not after several.
            retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
            retryDelay: 500,
          },
        },
      }),
  );
  return (
    <SessionProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </SessionProvider>
  );
}
