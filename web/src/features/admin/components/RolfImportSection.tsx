import { useId, useState, type ChangeEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ApiError } from '../../../lib/api/errors';
import type { RolfImportReport } from '../../../lib/api/types';
import { useImportRolf } from '../api/importRolf';
import { importBody, inputOf, INPUT_LABEL, refusalText, reportHeadline, type ChosenFile, type ImportInput } from '../lib/rolfImport';
import { RolfImportReportView } from './RolfImportReportView';

const ACCEPT: Record<ImportInput, string> = { cookbook_csv: '.csv,text/csv', dump_json: '.json,application/json' };

/** Imports the original Rolf (admins): its cookbook as dumped to CSV and a Django dump of its deployments and
 *  groups. A dry run shows what importing would do and changes nothing; a file with a mistake imports nothing. */
export function RolfImportSection() {
  const importing = useImportRolf();
  const [files, setFiles] = useState<Record<ImportInput, ChosenFile | null>>({ cookbook_csv: null, dump_json: null });
  // What is wrong before anything is sent (an unreadable file, a dump that is not JSON, nothing chosen).
  const [problem, setProblem] = useState<{ input: ImportInput | null; message: string } | null>(null);
  const [report, setReport] = useState<RolfImportReport | null>(null);
  const uid = useId();

  async function choose(input: ImportInput, e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setReport(null);
    setProblem(null);
    importing.reset();
    if (!file) {
      setFiles((f) => ({ ...f, [input]: null }));
      return;
    }
    try {
      const text = await file.text();
      setFiles((f) => ({ ...f, [input]: { name: file.name, text } }));
    } catch (err) {
      setFiles((f) => ({ ...f, [input]: null }));
      setProblem({ input, message: `${file.name} could not be read: ${(err as Error).message}` });
    }
  }

  function run(dryRun: boolean) {
    setReport(null);
    importing.reset();
    const built = importBody(files.cookbook_csv, files.dump_json);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(null);
    importing.mutate({ body: built.body, dryRun }, { onSuccess: setReport });
  }

  const error = importing.error;
  const refusedAt = error instanceof ApiError ? inputOf(error.field) : null;
  const problemAt = (input: ImportInput): string | null => {
    if (problem?.input === input) return `${INPUT_LABEL[input]}: ${problem.message}`;
    if (refusedAt === input && error instanceof ApiError && error.field) return refusalText(error.field, error.message);
    return null;
  };

  return (
    <section aria-labelledby="rolf-import-h">
      <h2 id="rolf-import-h">Import from the original Rolf</h2>
      <p className="muted">
        The original Rolf&apos;s cookbook as its <code>dump_cookbook</code> command writes it (CSV), and its
        deployments, settings, flags, stages, permissions and groups as <code>manage.py dumpdata rolf_main auth.group</code>{' '}
        writes them (JSON); either or both. Whatever is already here is matched by name and updated, never
        duplicated; push history is not imported. Run a dry run first: it shows what importing would do and changes
        nothing. A file with a mistake imports nothing.
      </p>
      {(['cookbook_csv', 'dump_json'] as const).map((input) => {
        const id = `${uid}-${input}`;
        const wrong = problemAt(input);
        return (
          <div className="field" key={input}>
            <label htmlFor={id}>{INPUT_LABEL[input]}</label>
            <input
              id={id}
              type="file"
              accept={ACCEPT[input]}
              onChange={(e) => void choose(input, e)}
              disabled={importing.isPending}
              aria-invalid={wrong ? true : undefined}
              aria-describedby={wrong ? `${id}-problem` : undefined}
            />
            {wrong && (
              <p id={`${id}-problem`} role="alert" className="error">
                <span aria-hidden="true">⚠ </span>
                {wrong}
              </p>
            )}
          </div>
        );
      })}
      <p>
        <button type="button" onClick={() => run(true)} disabled={importing.isPending}>
          Dry run
        </button>{' '}
        <button type="button" className="primary" onClick={() => run(false)} disabled={importing.isPending}>
          Import
        </button>
      </p>
      {importing.isPending && <p>{importing.variables?.dryRun ? 'Checking…' : 'Importing…'}</p>}
      {problem && problem.input === null && (
        <p role="alert" className="error">
          {problem.message}
        </p>
      )}
      {error && !refusedAt && error instanceof ApiError && error.field ? (
        <p role="alert" className="error">
          {refusalText(error.field, error.message)}
        </p>
      ) : (
        !refusedAt && <ErrorMessage error={error} />
      )}
      <p role="status" className={report?.dry_run ? 'banner' : undefined}>
        {report && (
          <strong>
            <span aria-hidden="true">{report.dry_run ? '◇ ' : '✓ '}</span>
            {reportHeadline(report)}
          </strong>
        )}
      </p>
      {report && <RolfImportReportView report={report} />}
    </section>
  );
}
