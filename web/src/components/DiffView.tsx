// A "what changed" answer as a page shows it: each stage change in words with its code diff (collapsed, as text
// in a <pre>), then the settings and flags that changed. Everything is rendered as text.
import type { Diff, StageDiff, ValueChange } from '../lib/api/types';
import { diffLineKind, diffLines, sideText, stageSummary } from '../lib/diff';

const KIND: Record<StageDiff['change'], string> = { added: '+', removed: '−', changed: '~' };

interface Props {
  diff: Diff;
  /** The level of the "Stages", "Settings" and "Flags" headings. */
  level: 3 | 4 | 5;
}

export function DiffView({ diff, level }: Props) {
  const H = `h${level}` as 'h3' | 'h4' | 'h5';
  if (diff.unchanged) return <p>Nothing changed: the same stages, settings and flag values.</p>;
  return (
    <div className="diff-view">
      {diff.stages.length > 0 && (
        <>
          <H>Stages</H>
          <ul className="diff-stages" aria-label="Stage changes">
            {diff.stages.map((c) => (
              <li key={`${c.change}-${c.old_position ?? ''}-${c.position ?? ''}`}>
                <ChangeWord change={c.change} /> <span className="stage-name">{c.name}</span>: {stageSummary(c)}
                {c.code_diff && (
                  <details>
                    <summary>Code diff of {c.name}</summary>
                    <CodeDiff text={c.code_diff} label={`Code diff of ${c.name}`} />
                  </details>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.settings.length > 0 && <ValueTable title="Settings" heading={H} changes={diff.settings} />}
      {diff.flags.length > 0 && <ValueTable title="Flags" heading={H} changes={diff.flags} />}
    </div>
  );
}

function ChangeWord({ change }: { change: StageDiff['change'] }) {
  return (
    <span className={`diff-kind diff-kind-${change}`}>
      <span aria-hidden="true">{KIND[change]} </span>
      {change}
    </span>
  );
}

/** A unified diff, a line per row; the +/- stays in the text, so the colors only repeat it. Focusable, so a
 *  keyboard can scroll a wide one. */
function CodeDiff({ text, label }: { text: string; label: string }) {
  return (
    <pre className="code diff" aria-label={label} tabIndex={0}>
      {diffLines(text).map((line, i) => (
        <span key={i} className={`diff-${diffLineKind(line)}`}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function ValueTable({ title, heading: H, changes }: { title: string; heading: 'h3' | 'h4' | 'h5'; changes: ValueChange[] }) {
  return (
    <>
      <H>{title}</H>
      <table aria-label={`${title} changes`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Change</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((v) => (
            <tr key={v.name}>
              <td>
                <code>{v.name}</code>
              </td>
              <td>
                <ChangeWord change={v.change} />
              </td>
              <td>{v.secret ? sideText(v, 'old') : <code>{sideText(v, 'old')}</code>}</td>
              <td>{v.secret ? sideText(v, 'new') : <code>{sideText(v, 'new')}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
