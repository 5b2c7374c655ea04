import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { SettingValue } from '../../../components/SettingValue';
import type { Setting } from '../../../lib/api/types';
import { useDeleteSetting, usePutSetting, useSettings } from '../api/settings';
import { SettingForm } from './SettingForm';

/** Settings: a secret's value is never read (the API sends `null`) and never shown, only replaced. */
export function SettingsEditor({ id }: { id: number }) {
  const settings = useSettings(id);
  const [changing, setChanging] = useState<Setting | null>(null);
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
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {settings.data.map((s) => (
              <SettingRow key={s.name} id={id} setting={s} onChange={() => setChanging(s)} />
            ))}
          </tbody>
        </table>
      )}
      {changing && (
        <SettingForm key={changing.name} id={id} existing={changing} onDone={() => setChanging(null)} />
      )}
      <SettingForm id={id} />
    </section>
  );
}

function SettingRow({ id, setting: s, onChange }: { id: number; setting: Setting; onChange(): void }) {
  const put = usePutSetting(id);
  const remove = useDeleteSetting(id);
  return (
    <tr>
      <td>
        <code>{s.name}</code>
      </td>
      <td>
        <SettingValue setting={s} />
      </td>
      <td>
        <button type="button" onClick={onChange}>
          Change {s.name}
        </button>{' '}
        {!s.secret && (
          // A plain value is known, so it can be kept while it becomes secret; the reverse needs a new value.
          <button type="button" onClick={() => put.mutate({ name: s.name, value: s.value ?? '', secret: true })}>
            Make {s.name} secret
          </button>
        )}{' '}
        <button
          type="button"
          onClick={() => window.confirm(`Delete the setting ${s.name}?`) && remove.mutate(s.name)}
        >
          Delete {s.name}
        </button>
        <ErrorMessage error={put.error ?? remove.error} />
      </td>
    </tr>
  );
}
