import { useId, useState, type ChangeEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { ApiError } from '../../../lib/api/errors';
import type { CookbookFile, ImportReport } from '../../../lib/api/types';
import { useImportCookbook } from '../api/recipes';

/** The file's text (FileReader rather than `file.text()`, which older engines and jsdom lack). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** Imports a cookbook file such as Rolf's starter cookbook (admins), and shows what it created and updated. */
export function CookbookImport({ onDone }: { onDone(): void }) {
  const importing = useImportCookbook();
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const uid = useId();

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setReport(null);
    setUnreadable(null);
    importing.reset();
    if (!file) return;
    let text: string;
    try {
      text = await readText(file);
    } catch (err) {
      setUnreadable(`${file.name} could not be read: ${(err as Error).message}`);
      return;
    }
    let body: CookbookFile;
    try {
      body = JSON.parse(text) as CookbookFile;
    } catch (err) {
      setUnreadable(`${file.name} is not JSON: ${(err as Error).message}`);
      return;
    }
    importing.mutate(body, { onSuccess: setReport });
  }

  const error = importing.error;
  const place = error instanceof ApiError && error.field ? `${error.field}: ` : '';
  return (
    <section className="panel" aria-label="Import a cookbook file">
      <h3>Import a cookbook file</h3>
      <p className="muted">
        A JSON cookbook file, such as Rolf&apos;s starter cookbook (<code>cookbook/starter.json</code>). Recipes are
        matched by name: a known one is updated in place, never duplicated. A file with a mistake imports nothing.
      </p>
      <div className="field">
        <label htmlFor={`${uid}-file`}>Cookbook file</label>
        <input id={`${uid}-file`} type="file" accept=".json,application/json" onChange={choose} disabled={importing.isPending} />
      </div>
      {importing.isPending && <p>Importing…</p>}
      {unreadable && (
        <p role="alert" className="error">
          {unreadable}
        </p>
      )}
      {error && place ? (
        <p role="alert" className="error">
          {place}
          {error.message}
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
      {report && (
        <div role="status" aria-label="Import report">
          <p>
            {report.created} created, {report.updated} updated, {report.unchanged} unchanged.
          </p>
          <ul aria-label="Imported recipes">
            {report.recipes.map((r) => (
              <li key={r.id}>
                {r.name}: {r.outcome}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" onClick={onDone}>
        Close
      </button>
    </section>
  );
}
