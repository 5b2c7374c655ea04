import { QueryClient } from '@tanstack/react-query';
import { ConnectionError } from './api/errors';

/** Server state lives here. A lost connection is retried (with backoff); an API refusal is not. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (count, error) => error instanceof ConnectionError && count < 1000,
        retryDelay: (count) => Math.min(1000 * 2 ** count, 15_000),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
