import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { breaks, ruleFor } from '../../../lib/api/rules';
import { problemAt } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useMappings, usePutMappings } from '../api/groups';

const ITEM_RULE = ruleFor('Mappings', 'mappings[]');

/** The directory (LDAP or CAS) groups mapped onto a Rolf group. Each add or remove saves the whole list. */
export function MappingsEditor({ group }: { group: string }) {
  const mappings = useMappings(group);
  const put = usePutMappings(group);
  const [adding, setAdding] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useUnsavedChanges(adding !== '');
  const current = mappings.data?.mappings ?? [];

  function add(e: FormEvent) {
    e.preventDefault();
    const found = breaks(ITEM_RULE, adding) ?? (current.includes(adding) ? 'is mapped already' : null);
    setProblem(found);
    if (!found) put.mutate([...current, adding], { onSuccess: () => setAdding('') });
  }
  return (
    <div>
      <ErrorMessage error={mappings.error} />
      {mappings.data && current.length === 0 && <p>No directory group is mapped onto {group}.</p>}
      <ul aria-label={`Directory groups of ${group}`}>
        {current.map((m) => (
          <li key={m}>
            <code>{m}</code>{' '}
            <button type="button" disabled={put.isPending} onClick={() => put.mutate(current.filter((x) => x !== m))}>
              Remove {m} from {group}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} aria-label={`Map a directory group onto ${group}`} className="inline-form">
        <Field
          label={`Directory group for ${group}`}
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          problem={problem ?? problemAt({}, put.error, 'mappings')}
        />
        <FormError error={put.error} fields={['mappings']} />
        <button type="submit" disabled={put.isPending || !mappings.data}>
          Add mapping
        </button>
      </form>
    </div>
  );
}
