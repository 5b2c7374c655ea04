import { Link } from 'wouter';
import { PageNotReady } from '../../../components/PageNotReady';
import { useSession } from '../../../lib/session';
import { useDeployment } from '../api/deployment';
import { DetailsEditor } from './DetailsEditor';
import { ApprovalsEditor } from './ApprovalsEditor';
import { SettingsEditor } from './SettingsEditor';
import { FlagsEditor } from './FlagsEditor';
import { StagesEditor } from './StagesEditor';
import { PermissionsEditor } from './PermissionsEditor';
import { WebhooksEditor } from './WebhooksEditor';
import { AdminActions } from './AdminActions';

/** Everything an `edit`-level caller may change on a deployment; admins may also clone and delete it. */
export function EditPage({ id }: { id: number }) {
  const deployment = useDeployment(id);
  const admin = useSession()?.user.admin ?? false;

  if (deployment.isPending || deployment.error) return <PageNotReady title={`Edit deployment #${id}`} error={deployment.error} />;
  const d = deployment.data;
  const title = `${d.application}/${d.name}`;
  return (
    <main>
      <nav aria-label="Breadcrumb">
        <Link href="/">Deployments</Link> › <Link href={`/deployments/${id}`}>{title}</Link> › Edit
      </nav>
      <h1>Edit {title}</h1>
      {d.level !== 'edit' && !admin ? (
        <p role="alert" className="error">
          <span aria-hidden="true">⊘ </span>
          You need edit on {title} to change it; your level is {d.level}. Ask an admin or a group with edit for it.
        </p>
      ) : (
        <>
          <DetailsEditor deployment={d} />
          <ApprovalsEditor deployment={d} admin={admin} />
          <SettingsEditor id={id} />
          <FlagsEditor id={id} />
          <StagesEditor id={id} />
          <PermissionsEditor id={id} />
          <WebhooksEditor id={id} />
          {admin && <AdminActions deployment={d} />}
        </>
      )}
    </main>
  );
}
