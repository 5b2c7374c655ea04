// The code editor is CodeMirror, which is as large as the rest of the app: it is loaded on first use only, as
// its own chunk, so the dashboard and the log pages never pay for it.
import { lazy, Suspense } from 'react';

export type CodeLanguage = 'bash' | 'python';

export interface CodeEditorProps {
  /** The accessible name of the editing area, e.g. "Code of build". */
  label: string;
  /** The text the editor starts with. It is not synced afterwards: a re-render carrying an older value would
   *  overwrite keys typed meanwhile. To start over, give the editor a new React `key`. */
  initial: string;
  language: CodeLanguage;
  onChange(value: string): void;
  invalid?: boolean;
}

const CodeMirrorEditor = lazy(() => import('./CodeMirrorEditor'));

export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<p className="muted">Loading the editor…</p>}>
      <CodeMirrorEditor {...props} />
    </Suspense>
  );
}
