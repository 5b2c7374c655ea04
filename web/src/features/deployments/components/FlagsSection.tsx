import type { Flag } from '../../../lib/api/types';
import { describeRules, KIND_LABEL } from '../../../lib/flagRules';

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
              <th scope="col">Kind</th>
              <th scope="col">Rules</th>
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
                <td>{KIND_LABEL[f.kind]}</td>
                <td>{describeRules(f)}</td>
                <td>{f.required ? <span className="muted">none (required)</span> : <code>{f.default}</code>}</td>
                <td>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
