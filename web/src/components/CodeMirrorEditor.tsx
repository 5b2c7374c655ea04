// Only imported through CodeEditor (React.lazy): this module and CodeMirror are a chunk of their own.
// The editor lives in a shadow root: CodeMirror styles a document with an inline <style> element, which the
// API's Content-Security-Policy (style-src 'self') blocks, but a shadow root with constructed stylesheets
// (adoptedStyleSheets), which it allows. Page styles do not reach in there, so the look is set by `look`.
import { useEffect, useRef } from 'react';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { StreamLanguage, bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { python } from '@codemirror/lang-python';
import type { CodeEditorProps } from './CodeEditor';

const modes = { bash: () => StreamLanguage.define(shell), python: () => python() };

// No aria-describedby: ids do not reach across the shadow root. A problem is announced by its own alert.
const attributes = (p: CodeEditorProps) => ({ 'aria-label': p.label, ...(p.invalid ? { 'aria-invalid': 'true' } : {}) });

const look = EditorView.theme({
  '&': { border: '1px solid #d0d7de', borderRadius: '4px', maxWidth: '60rem', fontSize: '13px', background: '#fff' },
  '&.cm-focused': { outline: '3px solid #0969da', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, monospace', minHeight: '8rem', maxHeight: '30rem' },
  '.cm-content[aria-invalid=true]': { background: '#fff5f5' },
});

export default function CodeMirrorEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const language = useRef(new Compartment());
  const attrs = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const root = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
    const v = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: props.initial,
        extensions: [
          look,
          lineNumbers(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          // No Tab binding (indentWithTab is left out on purpose): Tab moves the focus on, as everywhere else.
          keymap.of([...defaultKeymap, ...historyKeymap]),
          language.current.of(modes[props.language]()),
          attrs.current.of(EditorView.contentAttributes.of(attributes(props))),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view is made once; later prop changes are applied by the effects below.
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(modes[props.language]()) });
  }, [props.language]);

  useEffect(() => {
    view.current?.dispatch({ effects: attrs.current.reconfigure(EditorView.contentAttributes.of(attributes(props))) });
  }, [props.label, props.invalid]);

  return <div ref={host} className="code-editor" data-language={props.language} />;
}
