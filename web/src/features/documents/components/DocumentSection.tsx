import { useState, type ChangeEvent } from 'react';
import { Link } from 'wouter';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { ApplyReport, Deployment } from '../../../lib/api/types';
import { downloadDocument, useApplyDocument, useDryRun } from '../api/documents';
import { ApplyReportView } from './ApplyReportView';

/** Deployments as code, for editors: the deployment's document to download, and a document to apply, shown as
 *  a dry run first. The document typed or uploaded stays in the page; what the page shows from Rolf holds no
 *  secret value (the export names secrets, the report names what changed). */
export function DocumentSection({ deployment }: { deployment: Deployment }) {
  const [open, setOpen] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const fileName = `${deployment.application}-${deployment.name}.yaml`.replace(/[^A-Za-z0-9._-]/g, '_');
  return (
    <section aria-labelledby="document-h">
      <h2 id="document-h">As a document</h2>
      <p className="muted">
        The deployment as one YAML document (secret values left out) to keep in version control, and a document to
        apply: what it lists is created or changed, what it leaves out is removed.
      </p>
      <p>
        <button
          type="button"
          onClick={() => {
            setDownloadError(null);
            downloadDocument(deployment.id, fileName).catch(setDownloadError);
          }}
        >
          Export as YAML
        </button>{' '}
        {!open && (
          <button type="button" onClick={() => setOpen(true)}>
            Apply a document…
          </button>
        )}
      </p>
      <ErrorMessage error={downloadError} />
      {open && <ApplyPanel deploymentId={deployment.id} onClose={() => setOpen(false)} />}
    </section>
  );
}

function ApplyPanel({ deploymentId, onClose }: { deploymentId: number; onClose: () => void }) {
  const [text, setText] = useState('');
  const [readError, setReadError] = useState<string | null>(null);
  const dryRun = useDryRun();
  const apply = useApplyDocument();
  // The dry run shown is for exactly this text; editing it asks for a new one before applying.
  const [preview, setPreview] = useState<{ text: string; report: ApplyReport } | null>(null);
  const current = preview?.text === text ? preview.report : null;

  const edit = (value: string) => {
    setText(value);
    apply.reset();
  };
  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setReadError(null);
    file.text().then(edit, () => setReadError(`Could not read ${file.name}.`));
  };
  const check = () => {
    apply.reset();
    dryRun.mutate(text, { onSuccess: (report) => setPreview({ text, report }), onError: () => setPreview(null) });
  };
  const applied = apply.data;

  return (
    <form
      aria-label="Apply a document"
      onSubmit={(e) => {
        e.preventDefault();
        check();
      }}
    >
      <label htmlFor="apply-document">Document (YAML or JSON)</label>
      <textarea
        id="apply-document"
        className="document"
        rows={14}
        spellCheck={false}
        value={text}
        onChange={(e) => edit(e.target.value)}
        aria-describedby="apply-document-help"
      />
      <p id="apply-document-help" className="muted">
        Secret settings without a value keep the value they have; a new secret needs its value here.
      </p>
      <label htmlFor="apply-file">Or upload a file</label>{' '}
      <input id="apply-file" type="file" accept=".yaml,.yml,.json,application/json,application/yaml" onChange={upload} />
      {readError && (
        <p role="alert" className="error">
          {readError}
        </p>
      )}
      <p>
        <button type="submit" disabled={!text.trim() || dryRun.isPending}>
          {dryRun.isPending ? 'Checking…' : 'Show what would change'}
        </button>{' '}
        <button
          type="button"
          className="primary"
          disabled={!current?.changed || apply.isPending}
          onClick={() => apply.mutate(text, { onSuccess: () => setPreview(null) })}
        >
          {apply.isPending ? 'Applying…' : 'Apply'}
        </button>{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
      <ErrorMessage error={dryRun.error ?? apply.error} />
      <div aria-live="polite">
        {current && !applied && <ApplyReportView report={current} />}
        {applied && (
          <>
            <ApplyReportView report={applied} />
            {applied.deployment_id !== null && applied.deployment_id !== deploymentId && (
              <p>
                The document named another deployment:{' '}
                <Link href={`/deployments/${applied.deployment_id}`}>
                  {applied.application}/{applied.name}
                </Link>
                .
              </p>
            )}
          </>
        )}
      </div>
    </form>
  );
}
