import type { Flag } from '../lib/api/types';
import { describeRules, KIND_LABEL } from '../lib/flagRules';

/** The header cells of a flag table row: name, variable, kind, rules and default, the same wherever flags are listed. */
export function FlagHeaderCells() {
  return (
    <>
      <th scope="col">Flag</th>
      <th scope="col">Variable</th>
      <th scope="col">Kind</th>
      <th scope="col">Rules</th>
      <th scope="col">Default</th>
    </>
  );
}

/** A flag's cells, under the headers FlagHeaderCells gives. */
export function FlagCells({ flag: f }: { flag: Flag }) {
  return (
    <>
      <td>{f.name}</td>
      <td>
        <code>{f.varname}</code>
      </td>
      <td>{KIND_LABEL[f.kind]}</td>
      <td>{describeRules(f)}</td>
      <td>{f.required ? <span className="muted">none (required)</span> : <code>{f.default}</code>}</td>
    </>
  );
}
