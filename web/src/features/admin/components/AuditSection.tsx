import { useId, useState } from 'react';
import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FormError } from '../../../components/FormError';
import { Time } from '../../../components/Time';
import type { AuditEvent } from '../../../lib/api/types';
import { useAudit } from '../api/audit';
import { useDeployments } from '../api/catalog';
import type { AuditFilters } from '../lib/auditFilters';
import { FIRST, current, newer, older } from '../lib/auditPaging';
import { AuditFilterForm } from './AuditFilterForm';

const SIZES = [25, 100, 500];

/** Who changed what, newest first, a page at a time; filtered by deployment, who, action and time. */
export function AuditSection() {
  const [deploymentId, setDeploymentId] = useState<number | null>(null);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [limit, setLimit] = useState(25);
  const [cursors, setCursors] = useState(FIRST);
  const audit = useAudit({ deploymentId, filters, limit, before: current(cursors) });
  const deployments = useDeployments();
  const filterId = useId();
  const sizeId = useId();
  const events = audit.data?.events ?? [];
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      <div className="toolbar">
        <label htmlFor={filterId}>Deployment</label>
        <select
          id={filterId}
          value={deploymentId ?? ''}
          onChange={(e) => (setDeploymentId(e.target.value ? Number(e.target.value) : null), setCursors(FIRST))}
        >
          <option value="">All</option>
          {deployments.data?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.application}/{d.name}
            </option>
          ))}
        </select>
        <label htmlFor={sizeId}>Per page</label>
        <select id={sizeId} value={limit} onChange={(e) => (setLimit(Number(e.target.value)), setCursors(FIRST))}>
          {SIZES.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <AuditFilterForm onApply={(f) => (setFilters(f), setCursors(FIRST))} error={audit.error} />
      <FormError error={audit.error} fields={['actor', 'action', 'since', 'until']} />
      <ErrorMessage error={deployments.error} />
      {audit.isSuccess && events.length === 0 && <p>Nothing recorded here.</p>}
      {events.length > 0 && <AuditTable events={events} />}
      <nav aria-label="Audit pages" className="pager">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(newer(cursors))}>
          Newer
        </button>
        <button
          type="button"
          disabled={!audit.data?.next_before || audit.isPlaceholderData}
          onClick={() => setCursors(older(cursors, audit.data?.next_before))}
        >
          Older
        </button>
        <span className="muted">Page {cursors.length}</span>
      </nav>
    </section>
  );
}

function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <table aria-label="Audit events">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Target</th>
          <th scope="col">Deployment</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            <td>
              <Time at={e.at} />
            </td>
            <td>{e.actor}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.target_type}
              {e.target_id ? ` #${e.target_id}` : ''}
            </td>
            <td>{e.deployment_id ? <Link href={`/deployments/${e.deployment_id}`}>#{e.deployment_id}</Link> : '—'}</td>
            <td>
              <Change before={e.before} after={e.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Before and after as JSON text, never markup. A secret setting reads as `value: null` in both. */
function Change({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return null;
  return (
    <details>
      <summary>Details</summary>
      {before != null && <pre className="code">before: {JSON.stringify(before, null, 2)}</pre>}
      {after != null && <pre className="code">after: {JSON.stringify(after, null, 2)}</pre>}
    </details>
  );
}
