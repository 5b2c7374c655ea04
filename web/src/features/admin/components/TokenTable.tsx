import { Time } from '../../../components/Time';
import type { Token } from '../../../lib/api/types';

interface Props {
  tokens: Token[];
  /** The table's accessible name. */
  label: string;
  /** Whose tokens: named in each Revoke button and its question when they are not the user's own. */
  owner?: string;
  onRevoke(token: Token): void;
  revoking?: boolean;
}

/** API tokens: when each was made, last used, and until when it holds; a live one can be revoked after a
 *  confirmation. Never a secret: the API does not send one after the token is made. */
export function TokenTable({ tokens, label, owner, onRevoke, revoking }: Props) {
  return (
    <table aria-label={label}>
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
        {tokens.map((t) => (
          <tr key={t.id}>
            <td>{t.name}</td>
            <td>
              <Time at={t.created_at} />
            </td>
            <td>{t.last_used_at ? <Time at={t.last_used_at} /> : 'never'}</td>
            <td>{t.expires_at ? <Time at={t.expires_at} /> : 'never'}</td>
            <td>
              <TokenState token={t} owner={owner} onRevoke={() => onRevoke(t)} revoking={revoking} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TokenState({ token: t, owner, onRevoke, revoking }: { token: Token; owner?: string; onRevoke(): void; revoking?: boolean }) {
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
  const whose = owner ? ` of ${owner}` : '';
  const question = owner
    ? `Revoke the token ${t.name} of ${owner}? Anything still using it is refused from now on.`
    : `Revoke the token ${t.name}?`;
  return (
    <>
      <span aria-hidden="true">✓ </span>active{' '}
      <button type="button" disabled={revoking} onClick={() => window.confirm(question) && onRevoke()}>
        Revoke {t.name}
        {whose}
      </button>
    </>
  );
}
