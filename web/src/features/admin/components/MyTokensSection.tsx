import { ErrorMessage } from '../../../components/ErrorMessage';
import { useMyTokens, useRevokeToken } from '../api/tokens';
import { TokenForm } from './TokenForm';
import { TokenTable } from './TokenTable';

/** The signed-in user's own API tokens: when each was made, last used, and until when it holds. */
export function MyTokensSection() {
  const tokens = useMyTokens();
  const revoke = useRevokeToken();
  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">Your tokens</h2>
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data?.length === 0 && <p>You have no API tokens.</p>}
      {!!tokens.data?.length && <TokenTable tokens={tokens.data} label="Your tokens" onRevoke={(t) => revoke.mutate(t.id)} />}
      <TokenForm account={null} title="New token for yourself" noticeLevel={3} />
    </section>
  );
}
