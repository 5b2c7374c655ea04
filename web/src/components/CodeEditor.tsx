// The code editor is CodeMirror, which is as large as the rest of the app: it is loaded on first use only, as
// its own chunk, so the dashboard and the log pages never pay for it.
import { lazy, Suspense } from 'react';

export type CodeLanguage = 'bash' | 'python';

export interface CodeEditorProps {
  /** The accessible name of the editing area, e.g. "Code of build". */
  label: string;
  value: string;
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
