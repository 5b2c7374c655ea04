import { ErrorMessage } from '../../../components/ErrorMessage';
import { usePermissions } from '../api/queries';

export function PermissionsSection({ id }: { id: number }) {
  const permissions = usePermissions(id);
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
    </section>
  );
}
