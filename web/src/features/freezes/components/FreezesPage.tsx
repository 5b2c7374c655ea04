import { useMemo } from 'react';
import { useSearch } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Time } from '../../../components/Time';
import type { Freeze } from '../../../lib/api/types';
import { useSession } from '../../../lib/session';
import { useApplications, useCategories, useDeleteFreeze, useDeployments, useFreezes } from '../api/queries';
import { minutesText, scopeText, type Names } from '../lib/freezeForm';
import { FreezeForm } from './FreezeForm';

/** Freeze windows: admins manage every one; editors of a deployment manage that deployment's. */
export function FreezesPage() {
  const admin = useSession()?.user.admin ?? false;
  const freezes = useFreezes();
  const categories = useCategories();
  const applications = useApplications();
  const deployments = useDeployments();
  const preset = new URLSearchParams(useSearch()).get('deployment');

  const names: Names = useMemo(
    () => ({
      categories: new Map((categories.data ?? []).map((c) => [c.id, c.name])),
      applications: new Map((applications.data ?? []).map((a) => [a.id, a.name])),
      deployments: new Map((deployments.data ?? []).map((d) => [d.id, `${d.application}/${d.name}`])),
    }),
    [categories.data, applications.data, deployments.data],
  );
  const editable = useMemo(() => new Set((deployments.data ?? []).filter((d) => d.level === 'edit').map((d) => d.id)), [deployments.data]);
  const mayManage = (f: Pick<Freeze, 'deployment_id' | 'category_id' | 'application_id'>) =>
    admin || (f.deployment_id != null && editable.has(f.deployment_id));
  const mayCreate = admin || editable.size > 0;

  return (
    <main>
      <h1>Freeze windows</h1>
      <p>
        During a freeze window new pushes of the deployments it covers are refused (unless made with an emergency
        bypass) and queued ones wait until it ends.
        {!admin && ' Admins manage every window; you may manage those of deployments you can edit.'}
      </p>
      <ErrorMessage error={freezes.error ?? deployments.error} />
      {freezes.isPending && <p>Loading…</p>}
      {freezes.data?.length === 0 && <p>No freeze windows.</p>}
      {freezes.data && freezes.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Freeze windows</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Covers</th>
              <th scope="col">Rule</th>
              <th scope="col">Now</th>
              <th scope="col">Next</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {freezes.data.map((f) => (
              <FreezeRow key={f.id} freeze={f} names={names} mayDelete={mayManage(f)} />
            ))}
          </tbody>
        </table>
      )}
      {mayCreate && deployments.data && (
        <FreezeForm
          admin={admin}
          categories={categories.data ?? []}
          applications={applications.data ?? []}
          deployments={(deployments.data ?? []).filter((d) => admin || d.level === 'edit')}
          preset={preset}
        />
      )}
    </main>
  );
}

function FreezeRow({ freeze: f, names, mayDelete }: { freeze: Freeze; names: Names; mayDelete: boolean }) {
  const remove = useDeleteFreeze(f.id);
  return (
    <tr aria-label={`Freeze ${f.reason}`}>
      <td>{f.reason}</td>
      <td>{scopeText(f, names)}</td>
      <td>
        {f.cron ? (
          <>
            every <code>{f.cron}</code> ({f.timezone}) for {minutesText(f.duration_minutes ?? 0)}
          </>
        ) : (
          <>
            once, <Time at={f.starts_at} /> to <Time at={f.ends_at} />
          </>
        )}
      </td>
      <td>
        {f.active ? (
          <strong>
            <span aria-hidden="true">❄ </span>frozen until <Time at={f.active.ends_at} />
          </strong>
        ) : (
          <span className="muted">not in effect</span>
        )}
      </td>
      <td>{f.next ? <Time at={f.next.starts_at} /> : <span className="muted">none</span>}</td>
      <td>
        {f.created_by}, <Time at={f.created_at} />
      </td>
      <td>
        {mayDelete && (
          <button
            type="button"
            onClick={() => window.confirm(`Delete the freeze window "${f.reason}"?`) && remove.mutate()}
            disabled={remove.isPending}
          >
            Delete freeze {f.reason}
          </button>
        )}
        <ErrorMessage error={remove.error} />
      </td>
    </tr>
  );
}
