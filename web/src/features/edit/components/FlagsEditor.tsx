import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Flag } from '../../../lib/api/types';
import { useDeleteFlag, useFlags } from '../api/flags';
import { FlagForm } from './FlagForm';
import { describeRules, KIND_LABEL } from '../../../lib/flagRules';

export function FlagsEditor({ id }: { id: number }) {
  const flags = useFlags(id);
  const remove = useDeleteFlag(id);
  const [editing, setEditing] = useState<Flag | null>(null);
  return (
    <section aria-labelledby="flags-h">
      <h2 id="flags-h">Flags</h2>
      <ErrorMessage error={flags.error ?? remove.error} />
      {flags.data?.length === 0 && <p>No flags.</p>}
      {!!flags.data?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">Variable</th>
              <th scope="col">Kind</th>
              <th scope="col">Rules</th>
              <th scope="col">Default</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {flags.data.map((f) => (
              <tr key={f.id}>
                <td>{f.name}</td>
                <td>
                  <code>{f.varname}</code>
                </td>
                <td>{KIND_LABEL[f.kind]}</td>
                <td>{describeRules(f)}</td>
                <td>{f.required ? <span className="muted">none (required)</span> : <code>{f.default}</code>}</td>
                <td>
                  <button type="button" onClick={() => setEditing(f)}>
                    Edit flag {f.name}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => window.confirm(`Delete the flag ${f.name}?`) && remove.mutate(f.id)}
                  >
                    Delete flag {f.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <FlagForm key={editing.id} id={id} existing={editing} onDone={() => setEditing(null)} />}
      <FlagForm id={id} />
    </section>
  );
}
