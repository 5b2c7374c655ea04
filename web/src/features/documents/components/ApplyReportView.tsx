import type { ApplyReport } from '../../../lib/api/types';
import { reportParts, reportSummary, type Change } from '../lib/report';

const MARK: Record<Change, string> = { created: '+', updated: '~', removed: '−' };

/** What applying a document changed or would change: a sentence, then a list per part, each change in words. */
export function ApplyReportView({ report }: { report: ApplyReport }) {
  const parts = reportParts(report);
  return (
    <div className="apply-report">
      <p>
        <strong>{reportSummary(report)}</strong>
      </p>
      {parts.map((part) => (
        <section key={part.title} aria-label={`${part.title}: changes`}>
          <h4>{part.title}</h4>
          <ul>
            {part.items.map((item, i) => (
              <li key={i}>
                <span aria-hidden="true">{MARK[item.change]} </span>
                {item.change} {item.text}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
