import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { PageNotReady } from '../../../components/PageNotReady';
import { useSession } from '../../../lib/session';
import type { Deployment, Push } from '../../../lib/api/types';
import { useDeployment, useFlags, useTags } from '../api/queries';
import { allows } from '../lib/levels';
import { PushForm } from './PushForm';
import { StagesSection } from './StagesSection';
import { SettingsSection } from './SettingsSection';
import { FlagsSection } from './FlagsSection';
import { PermissionsSection } from './PermissionsSection';
import { HistorySection } from './HistorySection';
import { TagsSection } from './TagsSection';
import { DurationsSection } from './DurationsSection';
import { WhatWouldChange } from './WhatWouldChange';

interface Props {
  id: number;
  /** What other features show under the title (the freeze in effect), composed by the app. */
  notices?: (d: Deployment, canEdit: boolean) => ReactNode;
  /** Other features' sections, shown after the history (the schedules), composed by the app. */
  sections?: (d: Deployment, canEdit: boolean) => ReactNode;
}

export function DeploymentPage({ id, notices, sections }: Props) {
  const deployment = useDeployment(id);
  const flags = useFlags(id);
  const tags = useTags(id);
  const session = useSession();
  const [, navigate] = useLocation();
  const [form, setForm] = useState<null | { rollbackTo?: { id: number; tag: string } }>(null);

  if (deployment.isPending || deployment.error) return <PageNotReady title={`Deployment #${id}`} error={deployment.error} />;
  const d = deployment.data;
  const admin = session?.user.admin ?? false;
  const canPush = allows(d.level, 'push', admin);
  const canEdit = allows(d.level, 'edit', admin);
  const started = (push: Push) => navigate(`/pushes/${push.id}`);
  const rollBack = canPush ? (target: { id: number; tag: string }) => setForm({ rollbackTo: target }) : undefined;

  return (
    <main>
      <nav aria-label="Breadcrumb">
        <Link href="/">Deployments</Link> › {d.application}
      </nav>
      <h1>
        {d.application}/{d.name}
        {d.deprecated && <span className="tag"> deprecated</span>}
      </h1>
      <p>{d.description || <em>No description.</em>}</p>
      <p>
        Your level: <strong>{admin ? `${d.level} (admin)` : d.level}</strong>
      </p>
      {notices?.(d, canEdit)}
      {canEdit && (
        <p>
          <Link href={`/deployments/${id}/edit`} className="button">
            Edit
          </Link>
        </p>
      )}
      {canPush && !form && (
        <button type="button" className="primary" onClick={() => setForm({})} disabled={!flags.data}>
          Push
        </button>
      )}
      {form && flags.data && (
        <PushForm
          key={form.rollbackTo?.id ?? 'push'}
          deploymentId={id}
          flags={flags.data}
          rollbackTo={form.rollbackTo}
          canBypass={canEdit}
          preview={form.rollbackTo ? undefined : (values) => <WhatWouldChange id={id} flags={flags.data} values={values} />}
          onStarted={started}
          onCancel={() => setForm(null)}
        />
      )}
      <ErrorMessage error={flags.error} />
      <HistorySection id={id} onRollBack={rollBack} />
      {sections?.(d, canEdit)}
      <TagsSection tags={tags.data} error={tags.error} onRollBack={rollBack} />
      <DurationsSection id={id} />
      <StagesSection id={id} />
      <SettingsSection id={id} canEdit={canEdit} />
      <FlagsSection flags={flags.data} />
      <PermissionsSection id={id} />
    </main>
  );
}
