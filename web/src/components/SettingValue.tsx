import type { Setting } from '../lib/api/types';

/** A setting's value as text; a secret's is never sent to the page (the API answers `null`), so it is named as
 *  secret instead, by word and icon. */
export function SettingValue({ setting }: { setting: Setting }) {
  return setting.secret ? (
    <em>
      <span aria-hidden="true">🔒 </span>secret (write-only)
    </em>
  ) : (
    <code>{setting.value}</code>
  );
}
