import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import { useChange } from '../../../lib/api/mutation';
import type { IssuedToken } from '../../../lib/api/types';

export interface TokenRequest {
  name: string;
  expires_in_days?: number;
}

export function useServiceAccounts() {
  return useQuery({ queryKey: ['service-accounts'], queryFn: () => unwrap(api.GET('/api/v1/service-accounts')) });
}

export function useAddServiceAccount() {
  return useChange(
    (body: { name: string; groups: string[] }) => unwrap(api.POST('/api/v1/service-accounts', { body })),
    ['service-accounts'],
  );
}

export function useMyTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => unwrap(api.GET('/api/v1/tokens')) });
}

const revoke = (id: number) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } }));

export function useRevokeToken() {
  return useChange(revoke, ['tokens']);
}

const accountTokensKey = (account: string) => ['service-accounts', account, 'tokens'];

/** A service account's tokens (admins), never their secrets. */
export function useAccountTokens(account: string) {
  return useQuery({
    queryKey: accountTokensKey(account),
    queryFn: () => unwrap(api.GET('/api/v1/service-accounts/{name}/tokens', { params: { path: { name: account } } })),
  });
}

/** Revokes one of a service account's tokens: the one revoke route, which lets admins revoke anyone's. */
export function useRevokeAccountToken(account: string) {
  return useChange(revoke, accountTokensKey(account));
}

/** Issues a token: for a service account when `account` is set, else for the signed-in user. The answer (the
 *  only time the secret exists outside the API) is dropped from the mutation cache at once (gcTime 0); the form
 *  that asked keeps it in its own state until the user is done with it. */
export function useIssueToken(account: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: account ? accountTokensKey(account) : ['tokens'] }),
    mutationFn: (body: TokenRequest): Promise<IssuedToken> =>
      account
        ? unwrap(api.POST('/api/v1/service-accounts/{name}/tokens', { params: { path: { name: account } }, body }))
        : unwrap(api.POST('/api/v1/tokens', { body })),
  });
}
