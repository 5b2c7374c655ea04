import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { breaks, ruleFor } from '../../../lib/api/rules';
import { checkFields, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAccountTokens, useAddServiceAccount, useRevokeAccountToken, useServiceAccounts } from '../api/tokens';
import { TokenForm } from './TokenForm';
import { TokenTable } from './TokenTable';

/** Accounts for bots and CI: they sign in with tokens only. Each lists its tokens (never their secrets), each
 *  revocable; a new token's secret is shown once, when it is made. */
export function ServiceAccountsSection() {
  const accounts = useServiceAccounts();
  return (
    <section aria-labelledby="accounts-h">
      <h2 id="accounts-h">Service accounts</h2>
      <ErrorMessage error={accounts.error} />
      {accounts.data?.length === 0 && <p>No service accounts yet.</p>}
      <ul>
        {accounts.data?.map((a) => (
          <li key={a.id}>
            <article aria-label={`Service account ${a.name}`}>
              <h3>{a.name}</h3>
              <p>Groups: {a.groups.length ? a.groups.join(', ') : 'none'}</p>
              <AccountTokens account={a.name} />
              <TokenForm account={a.name} title={`New token for ${a.name}`} />
            </article>
          </li>
        ))}
      </ul>
      <NewAccountForm />
    </section>
  );
}

/** One account's tokens, each with Revoke (after a confirmation) while it is live. */
function AccountTokens({ account }: { account: string }) {
  const tokens = useAccountTokens(account);
  const revoke = useRevokeAccountToken(account);
  return (
    <>
      <ErrorMessage error={tokens.error ?? revoke.error} />
      {tokens.data?.length === 0 && <p>No tokens yet.</p>}
      {!!tokens.data?.length && (
        <TokenTable
          tokens={tokens.data}
          label={`Tokens of ${account}`}
          owner={account}
          onRevoke={(t) => revoke.mutate(t.id)}
          revoking={revoke.isPending}
        />
      )}
    </>
  );
}

const splitGroups = (text: string) => text.split(',').map((g) => g.trim()).filter(Boolean);

function NewAccountForm() {
  const [name, setName] = useState('');
  const [groups, setGroups] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddServiceAccount();
  useUnsavedChanges(name !== '' || groups !== '');
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('NewServiceAccount', { name });
    const bad = splitGroups(groups).find((g) => breaks(ruleFor('NewServiceAccount', 'groups[]'), g));
    if (bad) found.groups = `${bad} is not a group name`;
    setProblems(found);
    if (!isEmpty(found)) return;
    add.mutate({ name, groups: splitGroups(groups) }, { onSuccess: () => (setName(''), setGroups('')) });
  }
  return (
    <form onSubmit={submit} aria-label="New service account" className="panel">
      <h3>New service account</h3>
      <Field label="Account name" value={name} onChange={(e) => setName(e.target.value)} problem={problemAt(problems, add.error, 'name')} />
      <Field
        label="Its groups"
        value={groups}
        onChange={(e) => setGroups(e.target.value)}
        problem={problemAt(problems, add.error, 'groups')}
        hint="Rolf group names, separated by commas."
      />
      <FormError error={add.error} fields={['name', 'groups']} />
      <button type="submit" disabled={add.isPending}>
        Add service account
      </button>
    </form>
  );
}
