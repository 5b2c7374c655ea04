import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import type { Token } from '../../../lib/api/types';
import { useMyTokens, useRevokeToken } from '../api/tokens';
import { TokenForm } from './TokenForm';

/** The signed-in user's own API tokens: when each was made, last used, and until when it holds. */
export function MyTokensSection() {
  const tokens = useMyTokens();
  const revoke = useRevokeToken();
  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">Your tokens</h2>
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data?.length === 0 && <p>You have no API tokens.</p>}
      {!!tokens.data?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <Time at={t.created_at} />
                </td>
                <td>{t.last_used_at ? <Time at={t.last_used_at} /> : 'never'}</td>
                <td>{t.expires_at ? <Time at={t.expires_at} /> : 'never'}</td>
                <td>
                  <TokenState token={t} onRevoke={() => revoke.mutate(t.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <TokenForm account={null} title="New token for yourself" noticeLevel={3} />
    </section>
  );
}

function TokenState({ token: t, onRevoke }: { token: Token; onRevoke(): void }) {
  if (t.revoked_at) {
    return (
      <span>
        <span aria-hidden="true">⊘ </span>revoked <Time at={t.revoked_at} />
      </span>
    );
  }
  if (t.expires_at && Date.parse(t.expires_at) < Date.now()) {
    return (
      <span>
        <span aria-hidden="true">◷ </span>expired
      </span>
    );
  }
  return (
    <>
      <span aria-hidden="true">✓ </span>active{' '}
      <button type="button" onClick={() => window.confirm(`Revoke the token ${t.name}?`) && onRevoke()}>
        Revoke {t.name}
      </button>
    </>
  );
}
