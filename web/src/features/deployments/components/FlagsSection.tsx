import type { Flag } from '../../../lib/api/types';

export function FlagsSection({ flags }: { flags: Flag[] | undefined }) {
  return (
    <section aria-labelledby="flags-h">
      <h2 id="flags-h">Flags</h2>
      {flags?.length === 0 && <p>No flags.</p>}
      {!!flags?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col">Variable</th>
              <th scope="col">Default</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {flags.map((f) => (
              <tr key={f.id}>
                <td>{f.name}</td>
                <td>
                  <code>{f.varname}</code>
                </td>
                <td>{f.boolean ? `${f.default} (yes/no)` : <code>{f.default}</code>}</td>
                <td>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
