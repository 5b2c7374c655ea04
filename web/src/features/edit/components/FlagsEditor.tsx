import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Flag } from '../../../lib/api/types';
import { useDeleteFlag, useFlags } from '../api/flags';
import { FlagForm } from './FlagForm';
import { FlagCells, FlagHeaderCells } from '../../../components/FlagCells';

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
              <FlagHeaderCells />
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {flags.data.map((f) => (
              <tr key={f.id}>
                <FlagCells flag={f} />
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
