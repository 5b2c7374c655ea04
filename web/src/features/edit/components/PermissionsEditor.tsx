import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { breaks, paramRuleFor } from '../../../lib/api/rules';
import type { Level } from '../../../lib/api/types';
import { problemAt } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useGrant, usePermissions, useRevoke } from '../api/permissions';

const LEVELS: Level[] = ['view', 'push', 'edit'];
const GROUP_RULE = paramRuleFor('/api/v1/deployments/{id}/permissions/{group}', 'group');

/** Which Rolf groups may view, push or edit. A changed level is saved as soon as it is picked. */
export function PermissionsEditor({ id }: { id: number }) {
  const permissions = usePermissions(id);
  const grant = useGrant(id);
  const revoke = useRevoke(id);
  return (
    <section aria-labelledby="permissions-h">
      <h2 id="permissions-h">Permissions</h2>
      <ErrorMessage error={permissions.error ?? grant.error ?? revoke.error} />
      {permissions.data?.length === 0 && <p>No group has a grant here; only admins can use it.</p>}
      {!!permissions.data?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Level</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {permissions.data.map((p) => (
              <tr key={p.group}>
                <td>{p.group}</td>
                <td>
                  <LevelSelect
                    label={`Level of ${p.group}`}
                    value={p.level}
                    onChange={(level) => grant.mutate({ group: p.group, level })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => window.confirm(`Revoke ${p.group}'s grant?`) && revoke.mutate(p.group)}
                  >
                    Revoke {p.group}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <GrantForm id={id} />
    </section>
  );
}

function LevelSelect({ label, value, onChange }: { label: string; value: Level; onChange(level: Level): void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Level)}>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </>
  );
}

function GrantForm({ id }: { id: number }) {
  const [group, setGroup] = useState('');
  const [level, setLevel] = useState<Level>('view');
  const [problem, setProblem] = useState<string | null>(null);
  const grant = useGrant(id);
  const levelId = useId();
  useUnsavedChanges(group !== '');
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = breaks(GROUP_RULE, group);
    setProblem(found);
    if (!found) grant.mutate({ group, level }, { onSuccess: () => setGroup('') });
  }
  return (
    <form onSubmit={submit} aria-label="Grant a group" className="panel">
      <h3>Grant a group</h3>
      <Field
        label="Rolf group"
        value={group}
        onChange={(e) => setGroup(e.target.value)}
        problem={problem ?? problemAt({}, grant.error, 'group')}
      />
      <div className="field">
        <label htmlFor={levelId}>Level</label>
        <select id={levelId} value={level} onChange={(e) => setLevel(e.target.value as Level)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <FormError error={grant.error} fields={['group']} />
      <button type="submit" disabled={grant.isPending}>
        Grant
      </button>
    </form>
  );
}
