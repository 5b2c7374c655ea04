import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAccess, usePermissions } from '../api/queries';
import { explainAccess } from '../lib/access';

export function PermissionsSection({ id }: { id: number }) {
  const permissions = usePermissions(id);
  const access = useAccess(id);
  return (
    <section aria-labelledby="permissions-h">
      <h2 id="permissions-h">Permissions</h2>
      <ErrorMessage error={permissions.error} />
      {permissions.data?.length === 0 && <p>No group has a grant here; only admins can use it.</p>}
      <ul>
        {permissions.data?.map((p) => (
          <li key={p.group}>
            {p.group}: {p.level}
          </li>
        ))}
      </ul>
      <details>
        <summary>Why do I have this level?</summary>
        <ErrorMessage error={access.error} />
        {access.data && (
          <ul aria-label="Your access">
            {explainAccess(access.data).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
