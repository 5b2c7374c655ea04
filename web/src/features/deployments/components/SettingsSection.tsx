import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { SettingValue } from '../../../components/SettingValue';
import { breaks, ruleFor } from '../../../lib/api/rules';
import { usePutSetting, useSettings } from '../api/queries';

/** Settings; a secret's value is never read back (the API sends `null`), only replaced. */
export function SettingsSection({ id, canEdit }: { id: number; canEdit: boolean }) {
  const settings = useSettings(id);
  const [editing, setEditing] = useState<{ name: string; secret: boolean } | null>(null);
  return (
    <section aria-labelledby="settings-h">
      <h2 id="settings-h">Settings</h2>
      <ErrorMessage error={settings.error} />
      {settings.data?.length === 0 && <p>No settings.</p>}
      {!!settings.data?.length && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              {canEdit && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {settings.data.map((s) => (
              <tr key={s.name}>
                <td>
                  <code>{s.name}</code>
                </td>
                <td>
                  <SettingValue setting={s} />
                </td>
                {canEdit && (
                  <td>
                    <button type="button" onClick={() => setEditing({ name: s.name, secret: s.secret })}>
                      Replace {s.name}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <ReplaceSetting id={id} {...editing} onDone={() => setEditing(null)} />}
    </section>
  );
}

function ReplaceSetting({ id, name, secret, onDone }: { id: number; name: string; secret: boolean; onDone(): void }) {
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const put = usePutSetting(id);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = breaks(ruleFor('SettingInput', 'value'), value);
    setProblem(found);
    if (!found) put.mutate({ name, value, secret }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={submit} aria-label={`Replace ${name}`} className="panel">
      <label htmlFor="setting-value">New value of {name}</label>
      <input
        id="setting-value"
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={problem ? true : undefined}
      />
      {problem && (
        <span role="alert" className="error">
          The value {problem}
        </span>
      )}
      <ErrorMessage error={put.error} />
      <button type="submit" disabled={put.isPending}>
        Save
      </button>{' '}
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
