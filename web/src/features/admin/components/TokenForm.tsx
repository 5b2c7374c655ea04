import { useState, type FormEvent } from 'react';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { IssuedToken } from '../../../lib/api/types';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useIssueToken } from '../api/tokens';
import { tokenBody, validateToken } from '../lib/tokenForm';
import { IssuedTokenNotice } from './IssuedTokenNotice';

/** Issues a token for a service account (`account`) or for the signed-in user, and shows its secret once.
 *  The secret lives in this component's state only: gone when it is dismissed, the page left or reloaded.
 *  `noticeLevel` is the heading level of that notice, one below the heading of the section it sits in. */
export function TokenForm({ account, title, noticeLevel = 4 }: { account: string | null; title: string; noticeLevel?: 3 | 4 }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const issue = useIssueToken(account);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateToken(name, days);
    setProblems(found);
    if (!isEmpty(found)) return;
    issue.mutate(tokenBody(name, days), {
      onSuccess: (token) => {
        setIssued(token);
        setName('');
        setDays('');
        // The mutation's own copy of the answer goes at once; only `issued` holds the secret now.
        issue.reset();
      },
    });
  }
  if (issued) return <IssuedTokenNotice token={issued} level={noticeLevel} onDone={() => setIssued(null)} />;
  return (
    <form onSubmit={submit} aria-label={title} className="inline-form">
      <Field label="Token name" value={name} onChange={(e) => setName(e.target.value)} problem={problemAt(problems, issue.error, 'name')} />
      <Field
        label="Expires in (days)"
        inputMode="numeric"
        value={days}
        onChange={(e) => setDays(e.target.value)}
        problem={problemAt(problems, issue.error, 'expires_in_days')}
        hint="Empty: never expires."
      />
      <FormError error={issue.error} fields={['name', 'expires_in_days']} />
      <button type="submit" disabled={issue.isPending}>
        Create token
      </button>
    </form>
  );
}
